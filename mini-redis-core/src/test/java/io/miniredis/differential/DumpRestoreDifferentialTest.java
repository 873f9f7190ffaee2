package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DUMP and RESTORE against the real server: the payload of every type and encoding is the same bytes where Redis's
 * encoding is determined by the value (strings, intsets, listpacks, sorted sets, lists built by appending); every
 * payload of one server restores on the other to the same content and encoding; and RESTORE's errors, options and
 * events are Redis's.
 */
class DumpRestoreDifferentialTest extends BlockingDifferentialTestBase {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--enable-debug-command", "yes"};
    }

    @AfterEach
    void defaults() {
        for (String[] setting : new String[][] {
            {"list-max-listpack-size", "-2"},
            {"list-compress-depth", "0"},
            {"rdbcompression", "yes"},
            {"hash-max-listpack-entries", "512"},
            {"hash-max-listpack-value", "64"},
            {"zset-max-listpack-entries", "128"},
            {"zset-max-listpack-value", "64"},
            {"set-max-intset-entries", "512"},
            {"maxmemory-policy", "noeviction"},
            {"notify-keyspace-events", ""}
        }) {
            same("CONFIG", "SET", setting[0], setting[1]);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs a command on both servers, replies compared. */
    private void run(Object... args) {
        same(bytes(args));
    }

    private static byte[][] bytes(Object... args) {
        List<byte[]> out = new ArrayList<>();
        for (Object a : args) {
            if (a instanceof byte[] bs) {
                out.add(bs);
            } else if (a instanceof List<?> list) {
                for (Object o : list) {
                    out.add(o instanceof byte[] bs ? bs : b(o.toString()));
                }
            } else {
                out.add(b(a.toString()));
            }
        }
        return out.toArray(byte[][]::new);
    }

    /** DUMP of {@code key} is the same bytes on both servers, then the content checks of {@link #crossRestore}. */
    private void sameDump(String key) {
        RespReply dump = same("DUMP", key);
        assertThat(dump.bulk()).as("DUMP %s", key).isNotNull();
        crossRestore(key);
    }

    /**
     * Each server's payload restores on both servers (under new keys), and what it restores to is the same on both,
     * compared with the type's read commands, and the same as the original.
     */
    private void crossRestore(String key) {
        byte[] fromRedis = expected.call("DUMP", key).bulk();
        byte[] fromMini = actual.call("DUMP", key).bulk();
        assertThat(fromRedis).as("Redis's DUMP %s", key).isNotNull();
        assertThat(fromMini).as("mini-redis's DUMP %s", key).isNotNull();
        run("RESTORE", key + ":r", "0", fromRedis);
        run("RESTORE", key + ":m", "0", fromMini);
        String type = same("TYPE", key).line();
        for (String k : List.of(key, key + ":r", key + ":m")) {
            same("OBJECT", "ENCODING", k);
            switch (type) {
                case "string" -> same("GET", k);
                case "list" -> same("LRANGE", k, "0", "-1");
                case "set" -> sameUnordered("SMEMBERS", k);
                case "hash" -> sameUnordered("HGETALL", k);
                case "zset" -> same("ZRANGE", k, "0", "-1", "WITHSCORES");
                default -> throw new AssertionError(type);
            }
        }
        assertThat(content(expected, key + ":m"))
                .as("Redis's copy of mini-redis's %s", key)
                .isEqualTo(content(expected, key));
        run("DEL", key + ":r", key + ":m");
    }

    private String content(io.miniredis.support.RespClient client, String key) {
        String type = client.call("TYPE", key).line();
        RespReply reply = switch (type) {
            case "string" -> client.call("GET", key);
            case "list" -> client.call("LRANGE", key, "0", "-1");
            case "set" -> client.call("SMEMBERS", key).sorted();
            case "hash" -> client.call("HGETALL", key).sorted();
            case "zset" -> client.call("ZRANGE", key, "0", "-1", "WITHSCORES");
            default -> throw new AssertionError(type);
        };
        return type + " " + reply;
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    // ---- strings ------------------------------------------------------------------------------------------------

    @Test
    void stringsAtEveryEncodingBoundary() {
        String[] values = {
            "0",
            "1",
            "-1",
            "127",
            "128",
            "-128",
            "-129",
            "255",
            "256",
            "32767",
            "32768",
            "-32768",
            "-32769",
            "65535",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "4294967296",
            "12345678901",
            "-1234567890",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "007",
            "-0",
            "+1",
            " 1",
            "1 ",
            "1.5",
            "1e3",
            "0x10",
            "",
            "a",
            "hello",
            repeat("a", 20),
            repeat("a", 21),
            repeat("x", 22),
            repeat("x", 23),
            repeat("ab", 11),
            "abcdefghijklmnopqrstu",
            repeat("0123456789", 5),
            repeat("hello world ", 100)
        };
        int i = 0;
        for (String value : values) {
            run("SET", "s" + i, value);
            sameDump("s" + i++);
        }
    }

    @Test
    void compressibleAndIncompressibleStrings() {
        Random random = new Random(7);
        List<byte[]> values = new ArrayList<>();
        for (int length : new int[] {21, 24, 25, 30, 40, 64, 100, 1000, 5000, 70000, 1 << 20}) {
            values.add(randomBytes(random, length));
            byte[] text = new byte[length];
            for (int j = 0; j < length; j++) {
                text[j] = (byte) "abcdefgh   ,.ijklmnop".charAt(j % 21);
            }
            values.add(text);
            // text that repeats with variations, so matches of every length and offset occur
            StringBuilder sb = new StringBuilder();
            while (sb.length() < length) {
                sb.append("key:").append(random.nextInt(1000)).append(random.nextBoolean() ? " value " : "-");
            }
            values.add(b(sb.substring(0, length)));
            // a few repeats far apart (offsets near 8 KB)
            byte[] far = randomBytes(random, length);
            for (int j = 8100; j + 40 < length; j += 8190) {
                System.arraycopy(far, j - 8100, far, j, 40);
            }
            values.add(far);
        }
        int i = 0;
        for (byte[] value : values) {
            run("SET", "c" + i, value);
            sameDump("c" + i++);
        }
        run("CONFIG", "SET", "rdbcompression", "no");
        run("SET", "plain", repeat("x", 1000));
        sameDump("plain");
    }

    @Test
    void stringModifiedInPlace() {
        run("SET", "a", "hello");
        run("APPEND", "a", repeat(" world", 10));
        sameDump("a");
        run("SETRANGE", "b", "30", "x");
        sameDump("b");
        run("SET", "n", "10");
        run("INCRBY", "n", "100000");
        sameDump("n");
        run("INCRBYFLOAT", "f", "1.5");
        sameDump("f");
    }

    // ---- lists --------------------------------------------------------------------------------------------------

    private static final String[] LISTPACK_INTEGERS = {
        "0",
        "1",
        "127",
        "128",
        "-1",
        "-4096",
        "4095",
        "4096",
        "-4097",
        "32767",
        "32768",
        "-32768",
        "-32769",
        "8388607",
        "8388608",
        "-8388608",
        "-8388609",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-0",
        "01",
        "+5",
        "1.0"
    };

    @Test
    void listsBuiltByAppending() {
        run("RPUSH", "ints", List.of(LISTPACK_INTEGERS));
        sameDump("ints");
        for (int length : new int[] {
            0, 1, 62, 63, 64, 65, 126, 127, 128, 253, 254, 255, 4094, 4095, 4096, 4097, 16383, 16384, 20000
        }) {
            run("RPUSH", "len" + length, repeat("a", length), "x", repeat("b", length));
            sameDump("len" + length);
        }
        Random random = new Random(11);
        for (int size : new int[] {10, 50, 100, 200, 250, 300, 1000, 3000}) {
            List<String> elements = new ArrayList<>();
            for (int i = 0; i < 20000 / Math.max(1, size / 10); i++) {
                elements.add(
                        i % 3 == 0
                                ? Integer.toString(random.nextInt(100000))
                                : repeat(Integer.toString(i % 10), 1 + random.nextInt(size)));
            }
            run("RPUSH", "many" + size, elements);
            sameDump("many" + size);
        }
        List<String> small = new ArrayList<>();
        for (int i = 0; i < 20000; i++) {
            small.add(Integer.toString(i));
        }
        run("RPUSH", "small", small);
        sameDump("small");
    }

    @Test
    void listNodeSizesAndCompression() {
        Random random = new Random(5);
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            elements.add(i % 4 == 0 ? Integer.toString(i) : "element-" + i + "-" + repeat("z", random.nextInt(40)));
        }
        for (String fill : new String[] {"-1", "-2", "-3", "-4", "-5", "1", "2", "5", "100", "1000", "0"}) {
            for (String depth : new String[] {"0", "1", "2"}) {
                run("CONFIG", "SET", "list-max-listpack-size", fill);
                run("CONFIG", "SET", "list-compress-depth", depth);
                String key = "l" + fill + ":" + depth;
                run("RPUSH", key, elements.subList(0, fill.equals("0") || fill.equals("1") ? 200 : 3000));
                sameDump(key);
                run("DEL", key);
            }
        }
        run("CONFIG", "SET", "rdbcompression", "no");
        run("CONFIG", "SET", "list-compress-depth", "1");
        run("RPUSH", "uncompressed", elements);
        sameDump("uncompressed");
    }

    @Test
    void listsBuiltOtherwiseRestoreToTheSameContent() {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            elements.add("e" + i);
        }
        run("LPUSH", "l", elements);
        crossRestore("l");
        run("LINSERT", "l", "BEFORE", "e1000", repeat("big", 3000));
        run("LREM", "l", "0", "e5");
        run("LTRIM", "l", "3", "-3");
        crossRestore("l");
    }

    /** Elements from the packed threshold on are nodes of their own, stored plain (lowered here to see them). */
    @Test
    void plainListNodesFromRedisRestore() {
        expected.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100");
        try {
            expected.call("RPUSH", "l", "a", repeat("x", 150), "b", "c", repeat("y", 100), repeat("z", 99), "1");
            byte[] payload = expected.call("DUMP", "l").bulk();
            assertThat(actual.call(bytes("RESTORE", "l", "0", payload)).line()).isEqualTo("OK");
            assertThat(actual.call("LRANGE", "l", "0", "-1")).isEqualTo(expected.call("LRANGE", "l", "0", "-1"));
            // and the writer, given the same threshold, cuts and stores the nodes as Redis did
            io.miniredis.store.RedisList list = new io.miniredis.store.RedisList();
            for (RespReply element : expected.call("LRANGE", "l", "0", "-1").elements()) {
                list.pushLast(element.bulk());
            }
            byte[] ours = io.miniredis.persistence.DumpPayload.create(
                    list, io.miniredis.persistence.RdbWriteOptions.DEFAULTS.withList(-2, 0, 100));
            assertThat(ours).isEqualTo(payload);
        } finally {
            expected.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1073741824");
        }
    }

    // ---- sets ---------------------------------------------------------------------------------------------------

    @Test
    void intsetsOfEveryWidth() {
        run("SADD", "w2", "1", "-5", "32767", "-32768", "0");
        sameDump("w2");
        run("SADD", "w4", "1", "32768", "-100000", "2147483647");
        sameDump("w4");
        run("SADD", "w8", "1", "2147483648", "-9223372036854775808", "9223372036854775807");
        sameDump("w8");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            many.add(Integer.toString(i * 7 - 1000));
        }
        run("SADD", "full", many);
        sameDump("full");
        run("SADD", "over", many);
        run("SADD", "over", "100000");
        same("OBJECT", "ENCODING", "over");
        crossRestore("over");
    }

    @Test
    void hashtableSetsRestoreToTheSameContent() {
        run("SADD", "s", "a", "b", "1", "2", repeat("long", 100));
        crossRestore("s");
        run("SADD", "mixed", "1", "01");
        crossRestore("mixed");
        // a set of integers stored plain becomes an intset again when it fits
        List<String> ints = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ints.add(Integer.toString(i));
        }
        run("SADD", "big", ints);
        run("SREM", "big", ints.subList(0, 300));
        crossRestore("big");
    }

    // ---- hashes -------------------------------------------------------------------------------------------------

    @Test
    void listpackHashes() {
        run("HSET", "h", "f", "v", "n", "12", "neg", "-4097", "big", "9223372036854775807", "e", "");
        sameDump("h");
        run("HSET", "long", "f", repeat("v", 64), repeat("k", 64), "1");
        sameDump("long");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            pairs.add("field:" + i);
            pairs.add("value:" + (i * 31 % 97));
        }
        run("HSET", "full", pairs);
        sameDump("full"); // a listpack of 512 pairs, LZF-compressed
        run("HDEL", "full", "field:3", "field:500");
        run("HSET", "full", "field:7", "updated");
        sameDump("full");
    }

    @Test
    void hashtableHashesRestoreToTheSameContent() {
        run("HSET", "h", "f", repeat("v", 65));
        same("OBJECT", "ENCODING", "h");
        crossRestore("h");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            pairs.add("f" + i);
            pairs.add(Integer.toString(i));
        }
        run("HSET", "big", pairs);
        crossRestore("big");
    }

    // ---- sorted sets --------------------------------------------------------------------------------------------

    @Test
    void listpackSortedSets() {
        run(
                "ZADD",
                "z",
                "1",
                "a",
                "1.1",
                "b",
                "-0",
                "c",
                "1e300",
                "d",
                "inf",
                "e",
                "-inf",
                "f",
                "0.1",
                "g",
                "3.0",
                "h",
                "-2.5e-10",
                "i",
                "4503599627370496",
                "j",
                "4503599627370497",
                "k",
                "1e17",
                "l",
                "123456789012345678",
                "m",
                "-4097",
                "n",
                "100",
                "o");
        sameDump("z");
        run("ZADD", "long", "1", repeat("m", 64));
        sameDump("long");
        run("ZINCRBY", "long", "0.5", repeat("m", 64));
        sameDump("long");
    }

    @Test
    void skiplistSortedSets() {
        List<String> members = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            members.add(Double.toString(random.nextInt(50) * 0.25 - 3));
            members.add("member" + i);
        }
        run("ZADD", "big", members);
        same("OBJECT", "ENCODING", "big");
        sameDump("big");
        run("ZADD", "neg0", "-0", repeat("m", 65), "1", "a");
        sameDump("neg0");
        // stored plain, small enough to come back as a listpack
        run("ZREMRANGEBYRANK", "big", "0", "250");
        same("OBJECT", "ENCODING", "big");
        crossRestore("big");
    }

    // ---- RESTORE: errors, options, events -----------------------------------------------------------------------

    /** A payload around {@code body} (type byte and value) with a correct footer for {@code version}. */
    private static byte[] versioned(int version, int... body) {
        byte[] bytes = new byte[body.length + 10];
        for (int i = 0; i < body.length; i++) {
            bytes[i] = (byte) body[i];
        }
        bytes[body.length] = (byte) version;
        bytes[body.length + 1] = (byte) (version >>> 8);
        long crc = io.miniredis.persistence.Crc64.update(0, bytes, 0, body.length + 2);
        for (int i = 0; i < 8; i++) {
            bytes[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return bytes;
    }

    private static byte[] payload(int... body) {
        return versioned(10, body);
    }

    @Test
    void restoreArgumentErrorsInRedisOrder() {
        run("SET", "src", "2");
        byte[] p = expected.call("DUMP", "src").bulk();
        run("SET", "busy", "1");
        check("""
                DUMP
                DUMP a b
                DUMP nokey
                RESTORE x 0
                RESTORE
                """);
        Object[][] calls = {
            {"x", "0", p, "replace", "absttl", "idletime", "5", "freq", "3"},
            {"x", "0", p, "freq", "3", "idletime", "5"},
            {"x", "0", p, "idletime", "-1"},
            {"x", "0", p, "idletime", "abc"},
            {"x", "0", p, "idletime"},
            {"x", "0", p, "freq"},
            {"x", "0", p, "freq", "256"},
            {"x", "0", p, "freq", "-1"},
            {"x", "0", p, "freq", "x"},
            {"x", "0", p, "bogus"},
            {"x", "0", p, "idletime", "-1", "bogus"},
            {"x", "0", p, "bogus", "idletime", "-1"},
            {"busy", "0", p},
            {"busy", "-1", p},
            {"busy", "abc", "junk"},
            {"x", "-1", p},
            {"x", "abc", p},
            {"x", "9223372036854775808", p},
            {"x", "abc", "junk"},
            {"x", "0", "junk"},
            {"x", "0", ""},
            {"x", "0", "123456789"},
            {"x", "0", versioned(11, 0, 0xc0, 1)},
            {"x", "0", versioned(65535, 0, 0xc0, 1)},
            {"busy", "0", versioned(11, 0, 0xc0, 1), "REPLACE"},
            {"x", "1", p, "freq", "3", "freq", "4", "REPLACE", "REPLACE", "absttl"},
            {"y", "0", p, "idletime", "10", "idletime", "0"},
        };
        for (Object[] call : calls) {
            List<Object> args = new ArrayList<>(List.of("RESTORE"));
            args.addAll(List.of(call));
            run(args.toArray());
        }
        check("""
                EXISTS x y busy
                GET busy
                """);
        byte[] badCrc = p.clone();
        badCrc[badCrc.length - 1] ^= 1;
        run("RESTORE", "z", "0", badCrc);
        byte[] badBody = p.clone();
        badBody[1] ^= 1;
        run("RESTORE", "z", "0", badBody);
    }

    @Test
    void payloadsThatDoNotParse() {
        int[][] bodies = {
            {1, 0},
            {2, 0},
            {4, 0},
            {5, 0},
            {0x12, 0},
            {3, 0},
            {0x0b, 8, 2, 0, 0, 0, 0, 0, 0, 0}, // empty
            {0x12, 1, 2, 7, 7, 0, 0, 0, 0, 0, 0xff}, // a quicklist of one empty node
            {0x12, 1, 3, 1, 'a'}, // unknown container
            {2, 2, 1, 'a', 1, 'a'}, // duplicate set member
            {5, 1, 1, 'a', 0, 0, 0, 0, 0, 0, 0xf8, 0x7f}, // NaN score
            {3, 1, 1, 'a', 253}, // NaN score as text
            {3, 1, 1, 'a', 3, 'x', 'y', 'z'}, // a score that is no number
            {0x0f, 0},
            {0x13, 0},
            {0x15, 0},
            {7, 0},
            {6, 0},
            {0x14, 0},
            {8, 0},
            {0x16, 0},
            {0xfe, 0},
            {0xff},
            {0, 0xc3, 2, 5, 1, 'a', 'b'}, // LZF that does not expand to the declared length
            {0, 0xc3, 1, 5, 0xe0}, // LZF back reference before the start
            {0, 0xc4, 1}, // unknown string encoding
            {0, 0x82, 0, 0, 0, 1, 'a'}, // unknown length encoding
            {0x0b, 9, 3, 0, 0, 0, 1, 0, 0, 0, 1}, // intset of width 3
            {0x0b, 10, 2, 0, 0, 0, 1, 0, 0, 0, 1}, // intset shorter than its count
            {0x10, 9, 9, 0, 0, 0, 1, 0, 0x81, 'a', 2}, // listpack without terminator
        };
        int i = 0;
        for (int[] body : bodies) {
            run("RESTORE", "k" + i++, "0", payload(body));
        }
        check("DBSIZE");
    }

    @Test
    void payloadsRedisAcceptsThoughTheyLookOdd() {
        // a listpack score is read as strtod reads it: "x" is 0, "2abc" is 2
        run("RESTORE", "x", "0", payload(0x11, 13, 13, 0, 0, 0, 2, 0, 0x81, 'a', 2, 0x81, 'x', 2, 0xff));
        run("RESTORE", "y", "0", payload(0x11, 16, 16, 0, 0, 0, 2, 0, 0x81, 'a', 2, 0x84, '2', 'a', 'b', 'c', 5, 0xff));
        check("""
                ZRANGE x 0 -1 WITHSCORES
                ZRANGE y 0 -1 WITHSCORES
                """);
        // bytes after the value are ignored; a string may even run into the footer, which Redis reads as data
        run("RESTORE", "trailing", "0", payload(0, 1, 'a', 'x', 'y'));
        run("RESTORE", "intofooter", "0", payload(0, 4, 'a', 'b'));
        run("RESTORE", "old", "0", versioned(6, 0, 1, 'a'));
        run("RESTORE", "v0", "0", payload(0, 0, 1, 'a'));
        check("""
                GET trailing
                STRLEN intofooter
                GET old
                GET v0
                """);
    }

    @Test
    void restoreReplaceTtlAndAbsoluteTtl() {
        run("SET", "src", "value");
        run("HSET", "h", "f", "v");
        byte[] p = expected.call("DUMP", "src").bulk();
        run("RESTORE", "a", "100000000", p);
        check("""
                TTL a
                GET a
                """);
        run("RESTORE", "h", "0", p, "REPLACE");
        check("""
                TYPE h
                TTL h
                """);
        run("RESTORE", "abs", "4102444800000", p, "ABSTTL");
        check("PEXPIRETIME abs");
        run("RESTORE", "past", "1", p, "ABSTTL");
        run("RESTORE", "a", "1", p, "ABSTTL", "REPLACE"); // an expired restore deletes what REPLACE named
        run("RESTORE", "wrap", "9223372036854775000", p); // the relative TTL overflows: already expired
        run("RESTORE", "max", "9223372036854775807", p, "ABSTTL");
        check("""
                EXISTS past a wrap
                PEXPIRETIME max
                DBSIZE
                """);
    }

    @Test
    void restoredEncodingsFollowTheLimitsInForce() {
        run("CONFIG", "SET", "hash-max-listpack-value", "1000");
        run("CONFIG", "SET", "zset-max-listpack-value", "1000");
        run("HSET", "h", "f", repeat("v", 100));
        run("ZADD", "z", "1", repeat("m", 100));
        List<String> pairs = new ArrayList<>();
        List<String> scored = new ArrayList<>();
        List<String> ints = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pairs.add("f" + i);
            pairs.add("v");
            scored.add(Integer.toString(i));
            scored.add("m" + i);
            ints.add(Integer.toString(i));
        }
        run("HSET", "h2", pairs);
        run("ZADD", "z2", scored);
        run("SADD", "s", ints);
        List<String> keys = List.of("h", "z", "h2", "z2", "s");
        List<byte[]> payloads = new ArrayList<>();
        for (String key : keys) {
            payloads.add(same("DUMP", key).bulk());
        }
        for (String[] limits : new String[][] {{"10", "5"}, {"1000", "100"}}) {
            for (String type : List.of("hash", "zset")) {
                run("CONFIG", "SET", type + "-max-listpack-value", limits[0]);
                run("CONFIG", "SET", type + "-max-listpack-entries", limits[1]);
            }
            run("CONFIG", "SET", "set-max-intset-entries", limits[1]);
            for (int i = 0; i < keys.size(); i++) {
                String copy = keys.get(i) + ":" + limits[1];
                run("RESTORE", copy, "0", payloads.get(i));
                same("OBJECT", "ENCODING", copy);
                // what each server writes of the converted copy restores again to the same encoding
                byte[] fromRedis = expected.call("DUMP", copy).bulk();
                byte[] fromMini = actual.call("DUMP", copy).bulk();
                run("RESTORE", copy + ":r", "0", fromRedis);
                run("RESTORE", copy + ":m", "0", fromMini);
                same("OBJECT", "ENCODING", copy + ":r");
                same("OBJECT", "ENCODING", copy + ":m");
            }
        }
    }

    @Test
    void idletimeAndFreq() {
        run("SET", "src", "x");
        byte[] p = expected.call("DUMP", "src").bulk();
        run("RESTORE", "idle", "0", p, "IDLETIME", "1000");
        for (var client : List.of(expected, actual)) {
            long idle = Long.parseLong(client.call("OBJECT", "IDLETIME", "idle").line());
            assertThat(idle).as("OBJECT IDLETIME").isBetween(1000L, 1002L);
        }
        run("RESTORE", "freq-ignored", "0", p, "FREQ", "100");
        run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        run("RESTORE", "freq", "0", p, "FREQ", "100");
        run("RESTORE", "idle-ignored", "0", p, "IDLETIME", "100");
        check("""
                OBJECT FREQ freq
                OBJECT FREQ idle-ignored
                """);
    }

    @Test
    void restoreEvents() {
        run("CONFIG", "SET", "notify-keyspace-events", "KEA");
        try (ClientPair subscriber = pair("subscriber")) {
            subscriber.call("PSUBSCRIBE __key*__:*");
            Subscribers.listenForMarker(subscriber);
            run("SET", "src", "x");
            byte[] p = expected.call("DUMP", "src").bulk();
            Subscribers.sameReceived("SET", subscriber, expected, actual, false);
            run("RESTORE", "a", "0", p);
            Subscribers.sameReceived("RESTORE", subscriber, expected, actual, false);
            run("RESTORE", "a", "100000", p, "REPLACE");
            Subscribers.sameReceived("RESTORE REPLACE", subscriber, expected, actual, false);
            run("RESTORE", "a", "1", p, "REPLACE", "ABSTTL");
            Subscribers.sameReceived("RESTORE REPLACE in the past", subscriber, expected, actual, false);
            run("RESTORE", "b", "1", p, "ABSTTL");
            run("RESTORE", "src", "0", p);
            Subscribers.sameReceived("refused RESTOREs", subscriber, expected, actual, false);
        }
    }

    @Test
    void restoreBreaksWatch() {
        run("SET", "src", "x");
        byte[] p = expected.call("DUMP", "src").bulk();
        try (ClientPair other = pair("other")) {
            check("WATCH k");
            other.expected.call(bytes("RESTORE", "k", "0", p));
            other.actual.call(bytes("RESTORE", "k", "0", p));
            check("""
                    MULTI
                    GET k
                    EXEC
                    """);
        }
    }

    /**
     * With sanitize-dump-payload yes, Redis checks compact encodings entry by entry and refuses duplicates, as
     * mini-redis always does. (With Redis's default, no, it accepts such payloads and keeps a corrupt value.)
     */
    @Test
    void deeplySanitizedPayloads() {
        run("CONFIG", "SET", "sanitize-dump-payload", "yes");
        try {
            int[][] bodies = {
                {0x10, 10, 10, 0, 0, 0, 1, 0, 0x81, 'a', 3, 0xff}, // wrong back length
                {0x10, 10, 10, 0, 0, 0, 1, 0, 0x81, 'a', 2, 0xff}, // a hash of one entry
                {0x0b, 12, 2, 0, 0, 0, 2, 0, 0, 0, 5, 0, 1, 0}, // intset out of order
                {0x10, 16, 16, 0, 0, 0, 4, 0, 0x81, 'a', 2, 0x81, 'b', 2, 0x81, 'a', 2, 0x81, 'c', 2, 0xff},
                {4, 2, 1, 'a', 1, 'b', 1, 'a', 1, 'c'}, // duplicate field, plain
                {0x11, 16, 16, 0, 0, 0, 4, 0, 0x81, 'a', 2, 1, 1, 0x81, 'a', 2, 2, 1, 0xff},
                {0x12, 1, 2, 10, 10, 0, 0, 0, 2, 0, 0x81, 'a', 2, 0xff}, // count says 2, holds 1
            };
            int i = 0;
            for (int[] body : bodies) {
                run("RESTORE", "k" + i++, "0", payload(body));
            }
            check("DBSIZE");
        } finally {
            run("CONFIG", "SET", "sanitize-dump-payload", "no");
        }
    }
}
