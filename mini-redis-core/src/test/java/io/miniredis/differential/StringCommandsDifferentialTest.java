package io.miniredis.differential;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Strings against real Redis: every command, its options, its errors, and random sequences. */
class StringCommandsDifferentialTest extends DifferentialTestBase {

    @Test
    void getAndSet() {
        check("""
                GET missing
                SET k v
                GET k
                SET k v2 NX
                SET k v3 XX
                GET k
                SET n v NX
                SET x v XX
                SET k v GET
                SET k2 v GET
                SET k v NX GET
                SET k v nx xx
                SET k v ex 10 px 100
                SET k v keepttl ex 10
                SET k v ex 0
                SET k v ex -5
                SET k v px abc
                SET k v ex 9223372036854775807
                SET k v exat 1
                GET k
                SET k v pxat 99999999999999
                TTL k
                SET k v ex 100
                TTL k
                SET k v2 keepttl
                TTL k
                SET k v3
                TTL k
                SET k v bogus
                SET k v ex
                SET
                SET k
                GET a b
                """);
    }

    @Test
    void variantsOfSet() {
        check("""
                SETNX k v
                SETNX k w
                GET k
                SETEX k 100 v
                TTL k
                SETEX k 0 v
                SETEX k -1 v
                SETEX k abc v
                PSETEX k 100000 v
                TTL k
                PSETEX k 0 v
                GETSET k new
                GETSET missing new
                GET missing
                GETDEL k
                GETDEL k
                SET e v EX 100
                GETEX e
                GETEX e PERSIST
                TTL e
                GETEX e EX 200
                TTL e
                GETEX e PX 300000
                TTL e
                GETEX e EXAT 1
                GET e
                GETEX missing EX 10
                GETEX e EX 10 PX 10
                GETEX e KEEPTTL
                GETEX e EX 0
                MSET a 1 b 2 c 3
                MGET a b c d
                MSET a 1 b
                MSETNX a 1 z 2
                MSETNX y 1 z 2
                MGET y z
                """);
    }

    @Test
    void appendRangesAndLength() {
        check("""
                APPEND k hello
                APPEND k " world"
                GET k
                STRLEN k
                STRLEN missing
                GETRANGE k 0 4
                GETRANGE k -5 -1
                GETRANGE k 5 1
                GETRANGE k -1 -5
                GETRANGE k 0 100
                GETRANGE k 100 200
                GETRANGE missing 0 -1
                GETRANGE k a b
                SUBSTR k 0 2
                SETRANGE k 6 WORLD
                GET k
                SETRANGE k 20 x
                GET k
                SETRANGE new 3 abc
                GET new
                SETRANGE empty 0 ""
                EXISTS empty
                SETRANGE k 0 ""
                SETRANGE k -1 x
                SETRANGE k 536870912 x
                OBJECT ENCODING k
                SET n 123
                OBJECT ENCODING n
                SET s short
                OBJECT ENCODING s
                SET l aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                OBJECT ENCODING l
                """);
    }

    @Test
    void counters() {
        check("""
                INCR c
                INCR c
                DECR c
                INCRBY c 10
                DECRBY c 100
                INCRBY c abc
                INCRBY c 1.5
                DECRBY c -9223372036854775808
                SET big 9223372036854775807
                INCR big
                SET small -9223372036854775808
                DECR small
                SET s abc
                INCR s
                SET sp " 1"
                INCR sp
                SET z 007
                INCR z
                OBJECT ENCODING c
                INCRBYFLOAT f 10.5
                INCRBYFLOAT f 0.1
                INCRBYFLOAT f -5
                INCRBYFLOAT f 1e3
                INCRBYFLOAT f abc
                INCRBYFLOAT f inf
                INCRBYFLOAT s 1
                SET g 3.0e3
                INCRBYFLOAT g 1.5
                INCRBYFLOAT x 0.1
                INCRBYFLOAT x 0.2
                INCRBYFLOAT y 10000000000.1
                INCRBYFLOAT y 1
                INCRBYFLOAT w 5.0e-5
                INCRBYFLOAT nn 1
                INCRBYFLOAT nn -1
                INCRBYFLOAT h 0x10
                INCRBYFLOAT sp2 " 1"
                """);
    }

    @Test
    void lcs() {
        check("""
                MSET key1 ohmytext key2 mynewtext
                LCS key1 key2
                LCS key1 key2 LEN
                LCS key1 key2 IDX
                LCS key1 key2 IDX MINMATCHLEN 4
                LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN
                LCS key1 key2 IDX WITHMATCHLEN
                LCS key1 key2 LEN IDX
                LCS key1 missing
                LCS key1 key2 bogus
                LCS key1 key2 MINMATCHLEN
                LCS key1 key2 MINMATCHLEN x
                MSET a abcabcabc b cbacbacba
                LCS a b IDX WITHMATCHLEN
                LCS a b
                """);
    }

    /** Which error wins when several apply: Redis reads some arguments before the key's type, others after. */
    @Test
    void argumentOrder() {
        check("""
                RPUSH list a
                SET s hello
                SET list v GET EX abc
                SET list v GET EX 0
                SET list v GET bogus
                SET s v NX XX GET
                SET s v EX 10 KEEPTTL
                SET s v PX
                GETEX list EX abc
                GETEX list bogus
                GETEX missing EX abc
                GETEX s EX abc
                GETEX s PERSIST EX 10
                GETEX s EX 10 PERSIST
                GETEX s PXAT 0
                SETEX list abc v
                SETEX list 0 v
                PSETEX s 9223372036854775807 v
                GETRANGE list a b
                GETRANGE list 0 b
                GETRANGE list 0 1
                SETRANGE list -1 x
                SETRANGE list abc x
                SETRANGE list 0 x
                SETRANGE list 0 ""
                INCRBY list abc
                INCRBY list 1
                DECRBY list -9223372036854775808
                DECRBY list abc
                INCRBYFLOAT list abc
                SET inf inf
                INCRBYFLOAT inf abc
                INCRBYFLOAT inf 1
                INCRBYFLOAT inf -inf
                SET j 1
                INCRBYFLOAT j 1e5000
                INCRBYFLOAT j -inf
                INCRBYFLOAT j 1e-5000
                SET huge 1e5000
                INCRBYFLOAT huge 1
                INCRBYFLOAT huge abc
                INCRBYFLOAT missing 1e5000
                LCS list s bogus
                LCS s list LEN IDX
                LCS s s LEN IDX
                LCS s s LEN bogus
                LCS s s MINMATCHLEN -5 IDX
                LCS s s MINMATCHLEN abc IDX
                LCS s s IDX MINMATCHLEN
                MSET a
                MSET a 1 b
                MSETNX a 1 b
                MSETNX list 1 x 2
                MGET list s missing
                """);
    }

    @Test
    void wrongTypeAndArity() {
        check("""
                GET
                STRLEN
                MGET
                INCRBY k
                LCS a
                """);
    }

    @Test
    void randomStringSequences() {
        long seed = seed();
        String[] keys = {"a", "b", "c", "num", "f"};
        runRandom(seed, 2000, random -> randomStringCommand(random, keys));
    }

    private static String[] randomStringCommand(Random r, String[] keys) {
        String k = keys[r.nextInt(keys.length)];
        String v = switch (r.nextInt(4)) {
            case 0 -> Integer.toString(r.nextInt(200) - 100);
            case 1 -> "v" + r.nextInt(10);
            case 2 -> "";
            default -> Double.toString(r.nextInt(1000) / 8.0);
        };
        return switch (r.nextInt(16)) {
            case 0 -> new String[] {"SET", k, v};
            case 1 -> new String[] {"GET", k};
            case 2 -> new String[] {"APPEND", k, v};
            case 3 -> new String[] {"INCR", k};
            case 4 -> new String[] {"INCRBY", k, Integer.toString(r.nextInt(100) - 50)};
            case 5 -> new String[] {"DECR", k};
            case 6 -> new String[] {"STRLEN", k};
            case 7 ->
                new String[] {"GETRANGE", k, Integer.toString(r.nextInt(10) - 5), Integer.toString(r.nextInt(10) - 5)};
            case 8 -> new String[] {"SETRANGE", k, Integer.toString(r.nextInt(8)), v};
            case 9 -> new String[] {"GETSET", k, v};
            case 10 -> new String[] {"MGET", k, keys[r.nextInt(keys.length)]};
            case 11 -> new String[] {"SETNX", k, v};
            case 12 -> new String[] {"INCRBYFLOAT", k, Double.toString((r.nextInt(2000) - 1000) / 16.0)};
            case 13 -> new String[] {"GETDEL", k};
            case 14 -> new String[] {"MSET", k, v, keys[r.nextInt(keys.length)], v};
            default -> new String[] {"LCS", k, keys[r.nextInt(keys.length)]};
        };
    }

    /**
     * Redis compares option keywords with strcasecmp on the argument's C string: up to its first NUL byte, so
     * "NX\0x" is NX. The same for every family (Args.is); a few of them here.
     */
    @Test
    void optionKeywordsEndAtANulByte() {
        same(bytes("SET"), bytes("k"), bytes("v"), bytes("NX\0x"));
        same(bytes("SET"), bytes("k"), bytes("w"), bytes("GET\0"));
        same(bytes("SET"), bytes("k"), bytes("w"), bytes("EX\0 10"), bytes("10"));
        same(bytes("GETEX"), bytes("k"), bytes("PERSIST\0"));
        same(bytes("EXPIRE"), bytes("k"), bytes("10"), bytes("NX\0"));
        same(bytes("RPUSH"), bytes("l"), bytes("a"), bytes("b"));
        same(bytes("LINSERT"), bytes("l"), bytes("BEFORE\0"), bytes("a"), bytes("x"));
        same(bytes("LMOVE"), bytes("l"), bytes("m"), bytes("LEFT\0"), bytes("RIGHT"));
        same(bytes("ZADD"), bytes("z"), bytes("CH\0"), bytes("1"), bytes("a"));
        same(bytes("SET"), bytes("k"), bytes("v"), bytes("N\0X"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
