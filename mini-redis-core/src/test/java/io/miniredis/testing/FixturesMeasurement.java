package io.miniredis.testing;

import io.miniredis.server.MiniRedisServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import redis.clients.jedis.Jedis;

/**
 * Not a test (timings never decide a test): loading a 100k-key fixture from command text, JSON and RDB against
 * restoring its in-memory snapshot, the figures in docs/testing.md. Run with {@code bench/fixtures.sh}.
 *
 * <p>The dataset: 70,000 strings of 16 bytes, 10,000 hashes of 5 fields, 10,000 lists of 5 elements, 10,000 sets of
 * 5 members; 1 key in 10 with a TTL.
 */
public final class FixturesMeasurement {

    private static final int KEYS = 100_000;
    private static final int ROUNDS = 7;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("fixtures-measurement");
        byte[] commands = commands();
        byte[] json = json();
        try (MiniRedisServer server =
                        MiniRedisServer.builder().port(0).dir(dir).build().start();
                Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            Fixtures fixtures = server.fixtures();
            fixtures.load("data.redis", commands);
            jedis.save();
            byte[] rdb = Files.readAllBytes(dir.resolve("dump.rdb"));
            DatasetSnapshot snapshot = fixtures.snapshot();
            System.out.printf(
                    Locale.ROOT,
                    "keys %d, command text %d bytes, JSON %d bytes, RDB %d bytes%n",
                    snapshot.keys(),
                    commands.length,
                    json.length,
                    rdb.length);
            report("command text", () -> {
                jedis.flushAll();
                fixtures.load("data.redis", commands);
            });
            report("JSON", () -> {
                jedis.flushAll();
                fixtures.load("data.json", json);
            });
            report("RDB", () -> {
                jedis.flushAll();
                fixtures.load("data.rdb", rdb);
            });
            report("snapshot", fixtures::snapshot);
            report("restore", () -> fixtures.restore(snapshot));
            if (jedis.dbSize() != KEYS) {
                throw new IllegalStateException("expected " + KEYS + " keys, found " + jedis.dbSize());
            }
        }
    }

    /** The median of {@link #ROUNDS} runs after two warm-up runs, in milliseconds. */
    private static void report(String what, Runnable run) {
        run.run();
        run.run();
        long[] millis = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            run.run();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        java.util.Arrays.sort(millis);
        System.out.printf(
                Locale.ROOT,
                "%-13s median %5d ms (min %d, max %d)%n",
                what,
                millis[ROUNDS / 2],
                millis[0],
                millis[ROUNDS - 1]);
    }

    private static byte[] commands() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 70_000; i++) {
            out.append("SET string:").append(i).append(" value-").append(String.format("%010d", i));
            out.append(i % 10 == 0 ? " PX 3600000\n" : "\n");
        }
        for (int i = 0; i < 10_000; i++) {
            out.append("HSET hash:").append(i);
            for (int f = 0; f < 5; f++) {
                out.append(" field").append(f).append(" value").append(f);
            }
            out.append('\n');
            out.append("RPUSH list:").append(i).append(" a b c d e\n");
            out.append("SADD set:").append(i).append(" m1 m2 m3 m4 m5\n");
            if (i % 10 == 0) {
                out.append("PEXPIRE hash:").append(i).append(" 3600000\n");
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder s = new StringBuilder("{\n");
        for (int i = 0; i < 70_000; i++) {
            s.append(i == 0 ? "" : ",\n");
            String value = "\"value-" + String.format("%010d", i) + "\"";
            s.append("\"string:")
                    .append(i)
                    .append("\": ")
                    .append(i % 10 == 0 ? "{\"type\": \"string\", \"value\": " + value + ", \"ttl\": 3600000}" : value);
        }
        for (int i = 0; i < 10_000; i++) {
            s.append(",\n\"hash:").append(i).append("\": {\"type\": \"hash\", \"value\": {");
            for (int f = 0; f < 5; f++) {
                s.append(f == 0 ? "" : ", ")
                        .append("\"field")
                        .append(f)
                        .append("\": \"value")
                        .append(f)
                        .append('"');
            }
            s.append("}").append(i % 10 == 0 ? ", \"ttl\": 3600000" : "").append("}");
            s.append(",\n\"list:")
                    .append(i)
                    .append("\": {\"type\": \"list\", \"value\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}");
            s.append(",\n\"set:")
                    .append(i)
                    .append("\": {\"type\": \"set\", \"value\": [\"m1\", \"m2\", \"m3\", \"m4\", \"m5\"]}");
        }
        s.append("\n}\n");
        out.writeBytes(s.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
