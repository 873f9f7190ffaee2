package io.miniredis.differential;

import static io.miniredis.differential.MaxmemoryDifferentialTest.fill;
import static io.miniredis.differential.MaxmemoryDifferentialTest.infoLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The approximated LRU keeps a hot set alive the way Redis's does: {@code redis-cli --lru-test} (a cache workload,
 * GET then SET on a miss, over keys drawn from an 80/20 power law) runs against both servers at once, each limited
 * to the memory that holds the same number of keys (each server's own cost per key, measured first), and the hit
 * ratios must agree within a few points.
 */
class LruApproximationTest extends DifferentialTestBase {

    private static final int KEYSPACE = 100_000;
    private static final int KEYS_THAT_FIT = 20_000;
    private static final int CALIBRATION_KEYS = 16_000;
    private static final int SECONDS = 6;
    private static final Pattern HITS = Pattern.compile("Hits: \\d+ \\(([0-9.]+)%\\)");

    @Test
    void hitRatioMatchesRedis() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/redis-cli")) && Files.isExecutable(Path.of("/usr/bin/stdbuf")),
                "redis-cli and stdbuf are needed");
        for (RespClient client : List.of(expected, actual)) {
            limitToKeys(client, KEYS_THAT_FIT);
        }
        CompletableFuture<Double> redisRatio = CompletableFuture.supplyAsync(() -> lruTest(redis.port()));
        double ours = lruTest(mini.port());
        double theirs = redisRatio.get();
        System.out.printf(
                "redis-cli --lru-test %d, %d keys fit, allkeys-lru: hit ratio Redis %.2f%%, mini-redis " + "%.2f%%%n",
                KEYSPACE, KEYS_THAT_FIT, theirs, ours);
        assertThat(ours).as("mini-redis hit ratio vs Redis's %.2f%%", theirs).isBetween(theirs - 5, theirs + 5);
        for (RespClient client : List.of(expected, actual)) {
            client.call("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction");
        }
    }

    /** Sets maxmemory to what {@code keys} keys of the test's shape take on this server, above its empty usage. */
    private static void limitToKeys(RespClient client, int keys) {
        client.call("FLUSHALL");
        long empty = infoLong(client, "memory", "used_memory");
        // 16,000 keys: past the resize at 8,192 (its buckets all moved by then, one per SET, in both servers) and
        // short of the next at 16,384, so no half-done resize counts its two bucket arrays in the cost per key
        fill(client, "lru:", 0, CALIBRATION_KEYS, null);
        long perKey = (infoLong(client, "memory", "used_memory") - empty) / CALIBRATION_KEYS;
        client.call("FLUSHALL");
        client.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        client.call("CONFIG", "SET", "maxmemory", Long.toString(empty + keys * perKey));
    }

    /** Runs the LRU test for a few seconds and returns the hit ratio of its last full second. */
    private static double lruTest(int port) {
        try {
            Process process = new ProcessBuilder(
                            "timeout",
                            Integer.toString(SECONDS),
                            "stdbuf",
                            "-oL",
                            "/usr/bin/redis-cli",
                            "-p",
                            Integer.toString(port),
                            "--lru-test",
                            Integer.toString(KEYSPACE))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            process.waitFor();
            Matcher matcher = HITS.matcher(output);
            double last = Double.NaN;
            while (matcher.find()) {
                last = Double.parseDouble(matcher.group(1));
            }
            assertThat(last).as("lru-test output: %s", output).isNotNaN();
            return last;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
