package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;

/**
 * What the differential tests of collection types need beyond the base harness: random sequences in which some
 * replies are compared without regard to order, full scans compared as collections, and RESP3 connections.
 */
abstract class CollectionDifferentialTestBase extends DifferentialTestBase {

    /** Encoding limits a test may lower, with Redis's defaults: restored after each test, even a failed one. */
    private static final String[][] ENCODING_DEFAULTS = {
        {"hash-max-listpack-entries", "512"},
        {"hash-max-listpack-value", "64"},
        {"set-max-intset-entries", "512"},
        {"stream-node-max-bytes", "4096"},
        {"stream-node-max-entries", "100"}
    };

    @AfterEach
    void restoreEncodingLimits() {
        for (String[] setting : ENCODING_DEFAULTS) {
            expected.call("CONFIG", "SET", setting[0], setting[1]);
            actual.call("CONFIG", "SET", setting[0], setting[1]);
        }
    }

    /**
     * Like {@link #runRandom}, except that a generated command whose first word is {@code ~} is compared without
     * regard to element order (the {@code ~} is not sent): for the replies of hash-table-encoded values.
     */
    protected void runRandomUnordered(long seed, int steps, Function<Random, String[]> generator) {
        Random random = new Random(seed);
        for (int step = 0; step < steps; step++) {
            String[] generated = generator.apply(random);
            boolean unordered = generated[0].equals("~");
            String[] command = unordered ? Arrays.copyOfRange(generated, 1, generated.length) : generated;
            RespReply want = expected.call(command);
            RespReply got = actual.call(command);
            if (unordered) {
                want = want.sorted();
                got = got.sorted();
            }
            if (!got.equals(want)) {
                fail("Random sequence with seed " + seed + " differs at step " + step + ": " + String.join(" ", command)
                        + "\n  redis:      " + want + "\n  mini-redis: " + got);
            }
        }
    }

    /**
     * Runs a whole HSCAN/SSCAN iteration ({@code command key 0 options...} until the cursor is 0) and returns every
     * element returned, sorted, duplicates kept (HSCAN's field/value pairs joined with '=' ). Fails if a scan takes
     * more calls than {@code maxCalls}.
     */
    protected static List<String> scanAll(
            RespClient client, String command, String key, boolean pairs, int maxCalls, String... options) {
        List<String> elements = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<String> args = new ArrayList<>(List.of(command, key, cursor));
            args.addAll(List.of(options));
            RespReply reply = client.call(args.toArray(String[]::new));
            assertThat(reply.elements()).as("%s reply %s", command, reply).hasSize(2);
            cursor = reply.elements().get(0).text();
            List<RespReply> found = reply.elements().get(1).elements();
            for (int i = 0; i < found.size(); i += pairs ? 2 : 1) {
                elements.add(
                        pairs
                                ? found.get(i).text() + "=" + found.get(i + 1).text()
                                : found.get(i).text());
            }
            assertThat(++calls).as("calls of %s on %s", command, key).isLessThanOrEqualTo(maxCalls);
        } while (!cursor.equals("0"));
        elements.sort(null);
        return elements;
    }

    /**
     * Runs {@code command} (space-separated words) on both servers after resetting the statistics, then compares the
     * keyspace hits and misses it caused: which lookups count shows whether a command reads its keys as Redis does.
     * The replies are not compared (the command may be a random one).
     */
    protected void checkHitsAndMisses(String command) {
        same("CONFIG", "RESETSTAT");
        expected.call(command.split(" "));
        actual.call(command.split(" "));
        assertThat(keyspaceCounters(actual))
                .as("keyspace hits and misses after %s", command)
                .isEqualTo(keyspaceCounters(expected));
    }

    private static List<String> keyspaceCounters(RespClient client) {
        List<String> counters = new ArrayList<>();
        for (String line : client.call("INFO", "stats").text().split("\r\n")) {
            if (line.startsWith("keyspace_hits:") || line.startsWith("keyspace_misses:")) {
                counters.add(line);
            }
        }
        return counters;
    }

    /** Removes duplicates from a sorted list (a scan may return an element twice). */
    protected static List<String> distinct(List<String> sorted) {
        return sorted.stream().distinct().toList();
    }

    /** Two fresh connections, one to each server, switched to RESP3. */
    protected RespClient[] resp3Clients() {
        RespClient redis3 = new RespClient(redis.port());
        RespClient mini3 = new RespClient(mini.port());
        redis3.call("HELLO", "3");
        mini3.call("HELLO", "3");
        return new RespClient[] {redis3, mini3};
    }

    /** Sends a line (redis-cli syntax, space separated, no quoting) to both RESP3 clients; replies must match. */
    protected static void sameOn(RespClient[] clients, boolean unordered, String line) {
        String[] command = line.split(" ");
        RespReply want = clients[0].call(command);
        RespReply got = clients[1].call(command);
        if (unordered) {
            want = want.sorted();
            got = got.sorted();
        }
        assertThat(got).as("RESP3 reply to %s", line).isEqualTo(want);
    }

    /** The texts of an aggregate reply's elements. */
    protected static List<String> texts(RespReply reply) {
        return reply.elements().stream().map(RespReply::text).toList();
    }

    protected static String bytes(RespReply reply) {
        return new String(reply.raw(), StandardCharsets.ISO_8859_1);
    }
}
