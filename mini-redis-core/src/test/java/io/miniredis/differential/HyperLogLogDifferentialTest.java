package io.miniredis.differential;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HyperLogLog against real Redis: counts and the raw bytes of the string (sparse and dense, cached counts and their
 * invalidation, conversions), every command and error path, corrupt values, and random sequences.
 */
class HyperLogLogDifferentialTest extends DifferentialTestBase {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--enable-debug-command", "yes"};
    }

    @Test
    void pfaddAndPfcount() {
        check("""
                PFADD h a b c
                GET h
                OBJECT ENCODING h
                PFADD h a
                PFADD h
                PFADD h2
                GET h2
                PFADD h2
                PFCOUNT h
                GET h
                PFCOUNT h
                PFADD h d
                GET h
                PFCOUNT h h2
                PFCOUNT h missing
                PFCOUNT missing
                EXISTS missing
                PFCOUNT missing other
                PFADD h "" "\\x00\\xff" 12345678 123456789012345678901234567890
                PFCOUNT h
                GET h
                STRLEN h
                TYPE h
                PFDEBUG ENCODING h
                PFDEBUG DECODE h
                PFDEBUG GETREG missing
                PFDEBUG DECODE missing
                PFDEBUG FOO h
                PFDEBUG FOO missing
                PFDEBUG TODENSE h
                PFDEBUG TODENSE h
                PFDEBUG ENCODING h
                PFDEBUG DECODE h
                GET h
                PFCOUNT h
                PFADD h e f g
                PFCOUNT h
                GET h
                PFSELFTEST
                PFADD
                PFCOUNT
                PFDEBUG GETREG
                PFSELFTEST x
                """);
    }

    @Test
    void getregReturnsEveryRegister() {
        check("""
                PFADD h a b c d e f g h i j
                PFDEBUG GETREG h
                PFDEBUG ENCODING h
                GET h
                """);
    }

    @Test
    void wrongTypesAndInvalidValues() {
        check("""
                SET s abc
                PFADD s a
                PFCOUNT s
                PFCOUNT s s
                PFMERGE s
                PFMERGE d s
                EXISTS d
                PFDEBUG ENCODING s
                PFDEBUG FOO s
                LPUSH l a
                PFADD l a
                PFCOUNT l
                PFCOUNT l s
                PFMERGE l
                PFDEBUG ENCODING l
                SET n 1234567890123456
                PFCOUNT n
                SET short HYLL
                PFCOUNT short
                SET badmagic "HYLX\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x7f\\xff"
                PFCOUNT badmagic
                SET badenc "HYLL\\x02\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x7f\\xff"
                PFCOUNT badenc
                SET shortdense "HYLL\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x7f\\xff"
                PFCOUNT shortdense
                SET stale "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x7f\\xff"
                PFCOUNT stale
                GET stale
                SET cached "HYLL\\x01\\x00\\x00\\x00\\x2a\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x7f\\xff"
                PFCOUNT cached
                OBJECT ENCODING cached
                SET short16 "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x7f\\xfe"
                PFCOUNT short16
                PFCOUNT short16 short16
                PFMERGE d short16
                PFADD short16 a b c d e f g
                SET long "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x7f\\xff\\x00"
                PFCOUNT long
                PFDEBUG TODENSE long
                PFDEBUG GETREG long
                SET empty "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80"
                PFCOUNT empty
                PFADD empty a
                SET trunc "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x7f"
                PFCOUNT trunc
                PFMERGE d trunc
                SET vals "HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\xfc\\x7f\\xfb"
                PFCOUNT vals
                PFDEBUG DECODE vals
                PFADD vals x y z
                GET vals
                PFCOUNT vals
                """);
    }

    @Test
    void pfmerge() {
        check("""
                PFADD a 1 2 3 4 5
                PFADD b 4 5 6 7 8 9
                PFMERGE c a b
                GET c
                PFCOUNT c
                PFMERGE c
                GET c
                PFMERGE a b
                GET a
                PFCOUNT a b c
                PFMERGE e missing
                GET e
                PFMERGE e
                PFDEBUG TODENSE b
                PFMERGE f a b
                PFDEBUG ENCODING f
                GET f
                PFMERGE a f
                PFDEBUG ENCODING a
                PFCOUNT a
                SET t v EX 100
                DEL t
                PFADD t x
                EXPIRE t 100
                PFMERGE t a
                TTL t
                PFMERGE
                """);
    }

    @Test
    void sparseTurnsDenseAtTheConfiguredSize() {
        check("""
                CONFIG SET hll-sparse-max-bytes 40
                PFADD h a b c d e f g h i j k l m n o p q r s t u v w x y z
                PFDEBUG ENCODING h
                GET h
                PFCOUNT h
                CONFIG SET hll-sparse-max-bytes 3000
                PFADD big a b c d e f g h i j k l m n o p q r s t u v w x y z
                PFDEBUG ENCODING big
                GET big
                PFMERGE m big
                PFDEBUG ENCODING m
                GET m
                """);
    }

    @Test
    void largeSetsSparseAndDense() {
        for (int batch = 0; batch < 40; batch++) {
            String[] command = new String[2 + 250];
            command[0] = "PFADD";
            command[1] = "h";
            for (int i = 0; i < 250; i++) {
                command[2 + i] = "element:" + (batch * 250 + i);
            }
            same(command);
            same("PFCOUNT", "h");
            same("GET", "h");
            same("PFDEBUG", "ENCODING", "h");
        }
        check("""
                PFADD other x y z
                PFCOUNT h other
                PFMERGE h other
                GET h
                PFCOUNT h
                """);
    }

    @Test
    void dumpAndRestoreMoveTheBytes() {
        check("""
                PFADD h a b c
                PFCOUNT h
                DUMP h
                PFDEBUG TODENSE h
                DUMP h
                """);
        byte[] dump = expected.call("DUMP", "h").bulk();
        byte[][] restore = {"RESTORE".getBytes(), "r".getBytes(), "0".getBytes(), dump};
        same(restore);
        same("PFCOUNT", "r");
        same("GET", "r");
        same("PFADD", "r", "d");
        same("GET", "r");
    }

    @Test
    void randomHyperLogLogSequences() {
        long seed = seed();
        String[] keys = {"a", "b", "c"};
        same("CONFIG", "SET", "hll-sparse-max-bytes", "300");
        runRandom(seed, 4000, random -> randomCommand(random, keys));
        for (String key : keys) {
            same("GET", key);
        }
        same("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
    }

    private static String[] randomCommand(Random r, String[] keys) {
        String k = keys[r.nextInt(keys.length)];
        return switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> {
                String[] add = new String[2 + r.nextInt(12)];
                add[0] = "PFADD";
                add[1] = k;
                for (int i = 2; i < add.length; i++) {
                    add[i] = Integer.toString(r.nextInt(r.nextBoolean() ? 50 : 5000));
                }
                yield add;
            }
            case 4 -> new String[] {"PFCOUNT", k};
            case 5 -> new String[] {"PFCOUNT", k, keys[r.nextInt(keys.length)]};
            case 6 -> new String[] {"PFMERGE", k, keys[r.nextInt(keys.length)]};
            case 7 -> new String[] {"GET", k};
            case 8 -> r.nextInt(20) == 0 ? new String[] {"DEL", k} : new String[] {"PFDEBUG", "ENCODING", k};
            default -> r.nextInt(4) == 0 ? new String[] {"PFDEBUG", "TODENSE", k} : new String[] {"GET", k};
        };
    }
}
