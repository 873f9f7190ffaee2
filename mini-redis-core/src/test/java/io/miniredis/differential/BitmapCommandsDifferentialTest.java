package io.miniredis.differential;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bitmaps against real Redis: every command, its options, its errors, encodings, and random sequences. */
class BitmapCommandsDifferentialTest extends DifferentialTestBase {

    @Test
    void setbitAndGetbit() {
        check("""
                SETBIT k 7 1
                GET k
                GETBIT k 7
                GETBIT k 6
                GETBIT k 100
                GETBIT missing 3
                SETBIT k 7 0
                SETBIT k 7 0
                SETBIT k 100 1
                STRLEN k
                GET k
                OBJECT ENCODING k
                SETBIT k -1 1
                SETBIT k 4294967296 1
                SETBIT k x 1
                SETBIT k +1 1
                SETBIT k 01 1
                SETBIT k 1 2
                SETBIT k 1 -1
                SETBIT k 1 x
                SETBIT k x x
                GETBIT k -1
                GETBIT k x
                GETBIT k 4294967296
                GETBIT k 4294967295
                SET n 123
                OBJECT ENCODING n
                GETBIT n 2
                OBJECT ENCODING n
                SETBIT n 2 1
                OBJECT ENCODING n
                GET n
                SET e abc
                OBJECT ENCODING e
                SETBIT e 0 0
                OBJECT ENCODING e
                SETBIT new 0 0
                GET new
                OBJECT ENCODING new
                LPUSH l a
                SETBIT l 1 1
                GETBIT l 1
                SETBIT l x 1
                GETBIT l x
                SET t v EX 100
                SETBIT t 1 1
                TTL t
                SETBIT
                SETBIT k 1
                GETBIT k
                """);
    }

    @Test
    void setbitAtTheProtoMaxBulkLenBound() {
        check("""
                CONFIG SET proto-max-bulk-len 1mb
                SETBIT big 8388607 1
                STRLEN big
                SETBIT big 8388608 1
                GETBIT big 8388608
                BITFIELD big SET u8 8388600 255
                BITFIELD big SET u16 8388600 1
                STRLEN big
                BITFIELD big GET u8 #1048576
                BITFIELD big GET i8 8388608
                CONFIG SET proto-max-bulk-len 512mb
                """);
    }

    @Test
    void bitcount() {
        check("""
                SET s foobar
                BITCOUNT s
                BITCOUNT s 0 0
                BITCOUNT s 1 1
                BITCOUNT s 1 -2
                BITCOUNT s -2 -1
                BITCOUNT s -1 -2
                BITCOUNT s -100 -200
                BITCOUNT s -100 100
                BITCOUNT s 5 3
                BITCOUNT s 0 0 BYTE
                BITCOUNT s 5 30 BIT
                BITCOUNT s 1 1 bit
                BITCOUNT s -5 -1 BIT
                BITCOUNT s 0 -1 BIT
                BITCOUNT s 3 2 BIT
                BITCOUNT s 7 7 BIT
                BITCOUNT s 0
                BITCOUNT s 0 1 2 3
                BITCOUNT s x 1
                BITCOUNT s 0 x
                BITCOUNT s 0 1 foo
                BITCOUNT s x 1 foo
                BITCOUNT missing
                BITCOUNT missing x
                BITCOUNT missing 0 1 foo
                SET empty ""
                BITCOUNT empty
                BITCOUNT empty 0 -1 BIT
                SET n 1234567
                BITCOUNT n
                LPUSH l a
                BITCOUNT l
                BITCOUNT l x
                BITCOUNT
                """);
    }

    @Test
    void bitpos() {
        check("""
                SET s "\\xff\\xf0\\x00"
                BITPOS s 0
                BITPOS s 1
                BITPOS s 0 1
                BITPOS s 0 2
                BITPOS s 1 2
                BITPOS s 1 2 -1
                BITPOS s 0 0 0
                BITPOS s 0 0 1
                BITPOS s 0 -1
                BITPOS s 1 -100 -200
                BITPOS s 0 5 3
                BITPOS s 0 7 15 BIT
                BITPOS s 0 12 15 BIT
                BITPOS s 1 12 15 BIT
                BITPOS s 0 0 3 BIT
                BITPOS s 0 0 -1 BIT
                BITPOS s 1 -8 -1 bit
                BITPOS s 0 0 1 BYTE
                SET ones "\\xff\\xff"
                BITPOS ones 0
                BITPOS ones 0 0
                BITPOS ones 0 0 -1
                BITPOS ones 0 1 1
                BITPOS ones 1
                SET zeros "\\x00\\x00"
                BITPOS zeros 1
                BITPOS zeros 0
                BITPOS zeros 1 0 -1 BIT
                SET empty ""
                BITPOS empty 0
                BITPOS empty 1
                BITPOS missing 0
                BITPOS missing 1
                BITPOS missing 1 x
                BITPOS missing 2
                BITPOS s 2
                BITPOS s x
                BITPOS s 1 x
                BITPOS s 1 0 x
                BITPOS s 1 0 1 foo
                BITPOS s 1 0 x foo
                BITPOS s 1 0 1 BIT extra
                LPUSH l a
                BITPOS l 1
                BITPOS l 2
                BITPOS s
                """);
    }

    @Test
    void bitop() {
        check("""
                SET a "\\x0f\\xf0"
                SET b "\\xff"
                BITOP AND d a b
                GET d
                OBJECT ENCODING d
                BITOP OR d a b
                GET d
                BITOP XOR d a b missing
                GET d
                BITOP NOT d a
                GET d
                BITOP not d b
                GET d
                BITOP NOT d a b
                BITOP NOT d
                BITOP FOO d a
                BITOP AND d missing other
                EXISTS d
                SET d x EX 100
                BITOP OR d a
                TTL d
                BITOP AND a a b
                GET a
                SET n 5
                BITOP AND d n
                GET d
                OBJECT ENCODING d
                LPUSH l a
                BITOP AND d a l
                BITOP AND l a
                TYPE l
                BITOP AND d
                """);
    }

    @Test
    void bitfield() {
        check("""
                BITFIELD k SET i8 0 100 GET i8 0
                BITFIELD k INCRBY i8 0 100
                BITFIELD k OVERFLOW SAT INCRBY i8 0 100
                BITFIELD k OVERFLOW FAIL INCRBY i8 0 100
                BITFIELD k OVERFLOW WRAP INCRBY i8 0 100 OVERFLOW SAT INCRBY i8 0 -500 OVERFLOW FAIL INCRBY i8 0 -1
                BITFIELD k GET u8 0 GET i4 4 GET u4 4 GET i64 0 GET u63 1 GET i1 0 GET u1 0
                BITFIELD k SET u4 #1 15 GET u8 0 GET u4 #1
                BITFIELD k SET i64 0 -1 GET u63 0 GET i64 0 GET i64 1
                BITFIELD k INCRBY i64 0 -9223372036854775808
                BITFIELD k OVERFLOW SAT INCRBY i64 0 -9223372036854775808 INCRBY i64 0 9223372036854775807 INCRBY i64 0 9223372036854775807
                BITFIELD k OVERFLOW FAIL INCRBY i64 0 9223372036854775807
                BITFIELD k OVERFLOW SAT SET i8 0 -9223372036854775808 GET i8 0
                BITFIELD k OVERFLOW SAT SET i8 0 9223372036854775807 GET i8 0
                BITFIELD k OVERFLOW WRAP SET i8 0 -9223372036854775808 GET i8 0
                BITFIELD k OVERFLOW SAT SET u8 0 -1 GET u8 0
                BITFIELD k OVERFLOW WRAP SET u8 0 -1 GET u8 0
                BITFIELD k OVERFLOW FAIL SET u8 0 256 SET u8 0 255
                BITFIELD k OVERFLOW SAT SET u63 0 -1 GET u63 0
                BITFIELD k OVERFLOW WRAP SET u63 0 -1 INCRBY u63 0 1
                BITFIELD k OVERFLOW SAT INCRBY u2 100 -5 INCRBY u2 100 9 INCRBY i3 100 -9 INCRBY i3 100 9
                BITFIELD k OVERFLOW WRAP INCRBY u2 100 -5 INCRBY u2 100 9 INCRBY i3 100 -9 INCRBY i3 100 9
                GET k
                STRLEN k
                BITFIELD k
                BITFIELD k OVERFLOW FAIL
                BITFIELD missing GET i8 0 GET u16 100
                EXISTS missing
                BITFIELD created OVERFLOW FAIL INCRBY u2 0 5
                EXISTS created
                OBJECT ENCODING created
                SET n 1
                BITFIELD n GET i8 0
                OBJECT ENCODING n
                BITFIELD n OVERFLOW FAIL INCRBY u2 0 5
                OBJECT ENCODING n
                BITFIELD k GET i65 0
                BITFIELD k GET u64 0
                BITFIELD k GET I8 0
                BITFIELD k GET U8 0
                BITFIELD k GET i08 0
                BITFIELD k GET i0 0
                BITFIELD k GET u0 0
                BITFIELD k GET i+8 0
                BITFIELD k GET i 0
                BITFIELD k GET x 0
                BITFIELD k GET i8 +1
                BITFIELD k GET i8 #-1
                BITFIELD k GET i8 #+1
                BITFIELD k GET i8 #
                BITFIELD k GET i8 -1
                BITFIELD k GET i8 4294967296
                BITFIELD k GET i8 #536870912
                BITFIELD k GET i8 #1152921504606846976
                BITFIELD k SET i8 0 x
                BITFIELD k INCRBY i8 0 x
                BITFIELD k OVERFLOW foo
                BITFIELD k OVERFLOW
                BITFIELD k bar
                BITFIELD k GET
                BITFIELD k GET i8
                BITFIELD k SET i8 0
                BITFIELD k GET i8 0 GET x 0
                BITFIELD k GET i8 0 SET i8 0 1 foo
                BITFIELD_RO k GET i8 0 GET u4 #3
                BITFIELD_RO k GET i8 0 SET i8 0 1
                BITFIELD_RO k GET x 0 SET i8 0 1
                BITFIELD_RO k INCRBY i8 0 x
                BITFIELD_RO missing GET i8 0
                BITFIELD_RO k
                LPUSH l a
                BITFIELD l GET i8 0
                BITFIELD l SET i8 0 1
                BITFIELD_RO l GET i8 0
                BITFIELD l GET x 0
                BITFIELD
                """);
    }

    @Test
    void scriptsAndDumps() {
        check("""
                SETBIT k 3 1
                BITFIELD k SET u8 8 200
                DUMP k
                EVAL "return redis.call('BITFIELD', KEYS[1], 'GET', 'u8', 8, 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', 8, 100)" 1 k
                EVAL "return redis.call('BITFIELD_RO', KEYS[1], 'SET', 'u8', 8, 1)" 1 k
                EVAL "return redis.pcall('SETBIT', KEYS[1], -1, 1)" 1 k
                """);
        byte[] dump = expected.call("DUMP", "k").bulk();
        same(new byte[][] {"RESTORE".getBytes(), "r".getBytes(), "0".getBytes(), dump});
        same("GET", "r");
        same("BITCOUNT", "r");
    }

    @Test
    void notificationsAndResp3() {
        check("""
                HELLO 3
                BITFIELD k SET i8 0 -1 GET u8 0 OVERFLOW FAIL INCRBY u8 0 1
                BITCOUNT k
                BITPOS k 0
                HELLO 2
                """);
    }

    @Test
    void randomBitmapSequences() {
        long seed = seed();
        String[] keys = {"a", "b", "c"};
        runRandom(seed, 3000, random -> randomCommand(random, keys));
        for (String key : keys) {
            same("GET", key);
        }
    }

    private static String[] randomCommand(Random r, String[] keys) {
        String k = keys[r.nextInt(keys.length)];
        String bit = Integer.toString(r.nextInt(80));
        String index = Integer.toString(r.nextInt(24) - 12);
        String index2 = Integer.toString(r.nextInt(24) - 12);
        String unit = r.nextBoolean() ? "BIT" : "BYTE";
        String type = (r.nextBoolean() ? "i" : "u") + (1 + r.nextInt(20));
        String value = Long.toString(r.nextInt(2000) - 1000);
        String overflow = new String[] {"WRAP", "SAT", "FAIL"}[r.nextInt(3)];
        return switch (r.nextInt(14)) {
            case 0, 1 -> new String[] {"SETBIT", k, bit, Integer.toString(r.nextInt(2))};
            case 2 -> new String[] {"GETBIT", k, bit};
            case 3 -> new String[] {"BITCOUNT", k};
            case 4 -> new String[] {"BITCOUNT", k, index, index2, unit};
            case 5 -> new String[] {"BITPOS", k, Integer.toString(r.nextInt(2)), index};
            case 6 -> new String[] {"BITPOS", k, Integer.toString(r.nextInt(2)), index, index2, unit};
            case 7 -> new String[] {"BITPOS", k, Integer.toString(r.nextInt(2))};
            case 8 ->
                new String[] {
                    "BITOP",
                    new String[] {"AND", "OR", "XOR"}[r.nextInt(3)],
                    k,
                    keys[r.nextInt(keys.length)],
                    keys[r.nextInt(keys.length)]
                };
            case 9 -> new String[] {"BITOP", "NOT", k, keys[r.nextInt(keys.length)]};
            case 10 -> new String[] {"BITFIELD", k, "OVERFLOW", overflow, "INCRBY", type, bit, value, "GET", type, bit};
            case 11 -> new String[] {"BITFIELD", k, "OVERFLOW", overflow, "SET", type, "#" + r.nextInt(8), value};
            case 12 -> new String[] {"SET", k, Integer.toString(r.nextInt(1000))};
            default -> new String[] {"GET", k};
        };
    }
}
