package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.miniredis.protocol.InlineSplitter;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The differential harness: every command goes to a real {@code redis-server} and to mini-redis, and the two
 * replies must be the same bytes. Subclasses write sequences by hand with {@link #check(String)} or generate them
 * from a seed with {@link #runRandom}; a failure names the seed, so it can be replayed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DifferentialTestBase {

    protected RealRedis redis;
    protected MiniRedisServer mini;
    protected RespClient expected;
    protected RespClient actual;

    /** Extra redis.conf options given to both servers. */
    protected String[] serverOptions() {
        return new String[0];
    }

    @BeforeAll
    void startServers() {
        redis = RealRedis.start(serverOptions());
        var builder = MiniRedisServer.builder().port(0).bind("127.0.0.1");
        String[] options = serverOptions();
        for (int i = 0; i + 1 < options.length; i += 2) {
            builder.config(options[i].substring(2), options[i + 1]);
        }
        mini = builder.build().start();
        expected = new RespClient(redis.port());
        actual = new RespClient(mini.port());
    }

    @AfterAll
    void stopServers() {
        if (expected != null) {
            expected.close();
        }
        if (actual != null) {
            actual.close();
        }
        if (mini != null) {
            mini.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void flush() {
        reconnectIfClosed();
        expected.call("FLUSHALL");
        actual.call("FLUSHALL");
    }

    /** Opens fresh connections to both servers (after a test closed them, or to reset connection state). */
    protected void reconnect() {
        expected.close();
        actual.close();
        expected = new RespClient(redis.port());
        actual = new RespClient(mini.port());
    }

    private void reconnectIfClosed() {
        try {
            expected.call("PING");
            actual.call("PING");
        } catch (RuntimeException closed) {
            reconnect();
        }
    }

    /** Sends one command to both servers; the replies must be byte-identical. Returns Redis's reply. */
    protected RespReply same(String... command) {
        byte[][] args = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            args[i] = command[i].getBytes(StandardCharsets.UTF_8);
        }
        return same(args);
    }

    protected RespReply same(byte[]... command) {
        RespReply want = expected.call(command);
        RespReply got = actual.call(command);
        assertThat(got).as("reply to %s", describe(command)).isEqualTo(want);
        return want;
    }

    /** Like {@link #same} for replies whose element order Redis leaves undefined. */
    protected RespReply sameUnordered(String... command) {
        RespReply want = expected.call(command);
        RespReply got = actual.call(command);
        assertThat(got.sorted())
                .as("reply (any order) to %s", String.join(" ", command))
                .isEqualTo(want.sorted());
        return want;
    }

    /**
     * Runs a script of commands, one per line in redis-cli syntax (quotes and escapes as in an inline command).
     * A line starting with {@code ~} compares its reply without regard to element order; blank lines and lines
     * starting with {@code #} are skipped.
     */
    protected void check(String script) {
        for (String raw : script.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean unordered = line.startsWith("~");
            if (unordered) {
                line = line.substring(1).strip();
            }
            byte[][] args = InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8));
            if (unordered) {
                RespReply want = expected.call(args);
                RespReply got = actual.call(args);
                assertThat(got.sorted()).as("reply (any order) to %s", line).isEqualTo(want.sorted());
            } else {
                RespReply want = expected.call(args);
                RespReply got = actual.call(args);
                if (line.regionMatches(true, 0, "HELLO", 0, 5)) {
                    want = want.withoutClientId();
                    got = got.withoutClientId();
                }
                assertThat(got).as("reply to %s", line).isEqualTo(want);
            }
        }
    }

    /**
     * Runs {@code steps} commands made by {@code generator} from a random source seeded with {@code seed}, comparing
     * every reply. The failure message carries the seed and the step so the sequence can be replayed exactly.
     */
    protected void runRandom(long seed, int steps, Function<Random, String[]> generator) {
        Random random = new Random(seed);
        for (int step = 0; step < steps; step++) {
            String[] command = generator.apply(random);
            RespReply want = expected.call(command);
            RespReply got = actual.call(command);
            if (!got.equals(want)) {
                fail("Random sequence with seed " + seed + " differs at step " + step + ": " + String.join(" ", command)
                        + "\n  redis:      " + want + "\n  mini-redis: " + got);
            }
        }
    }

    /** A seed for a random run: fixed by -Dmini-redis.seed=N to replay, otherwise new each run. */
    protected static long seed() {
        String fixed = System.getProperty("mini-redis.seed");
        return fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
    }

    private static String describe(byte[][] command) {
        return String.join(
                " ",
                Arrays.stream(command)
                        .map(b -> new String(b, StandardCharsets.ISO_8859_1))
                        .toList());
    }
}
