package io.miniredis.differential;

import io.miniredis.support.RespReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

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
        for (String[] setting : new String[][] {{"list-max-listpack-size", "-2"}, {"list-compress-depth", "0"},
                {"rdbcompression", "yes"}, {"hash-max-listpack-entries", "512"}, {"hash-max-listpack-value", "64"},
                {"zset-max-listpack-entries", "128"}, {"zset-max-listpack-value", "64"},
                {"set-max-intset-entries", "512"}, {"maxmemory-policy", "noeviction"},
                {"notify-keyspace-events", ""}}) {
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
        assertThat(content(expected, key + ":m")).as("Redis's copy of mini-redis's %s", key)
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
        String[] values = {"0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "32767", "32768", "-32768",
                "-32769", "65535", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296",
                "12345678901", "-1234567890", "9223372036854775807", "-9223372036854775808",
                "9223372036854775808", "007", "-0", "+1", " 1", "1 ", "1.5", "1e3", "0x10", "", "a", "hello",
                repeat("a", 20), repeat("a", 21), repeat("x", 22), repeat("x", 23), repeat("ab", 11),
                "abcdefghijklmnopqrstu", repeat("0123456789", 5), repeat("hello world ", 100)};
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
}
