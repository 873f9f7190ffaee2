package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * maxmemory and the eight policies, against a real Redis. Errors are compared byte for byte. Which keys go cannot
 * be: the two servers count memory differently (mini-redis counts its JVM structures), so each scenario sets each
 * server's limit from its own {@code used_memory} and then checks the same property on both, Redis proving the
 * property is what Redis does.
 */
class MaxmemoryDifferentialTest extends DifferentialTestBase {

    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    @AfterEach
    void unlimited() {
        for (RespClient client : List.of(expected, actual)) {
            client.call(
                    "CONFIG",
                    "SET",
                    "maxmemory",
                    "0",
                    "maxmemory-policy",
                    "noeviction",
                    "lfu-log-factor",
                    "10",
                    "maxmemory-eviction-tenacity",
                    "10");
        }
    }

    @Test
    void noevictionRefusesDenyoomCommandsWithRedisError() {
        check("""
                SET a 1
                RPUSH list x
                CONFIG SET maxmemory 1
                SET b 2
                GET a
                INCR a
                APPEND a x
                LPUSH list y
                RPUSHX list y
                HSET h f v
                SADD s m
                ZADD z 1 m
                SETNX n 1
                MSET x 1 y 2
                GETSET a 5
                # not flagged denyoom: they run
                LPOP list
                EXPIRE a 100
                PERSIST a
                DEL a
                EXISTS a
                DBSIZE
                SELECT 1
                SELECT 0
                PING
                CONFIG SET maxmemory 0
                SET b 2
                GET b
                """);
    }

    @Test
    void overTheLimitMultiRefusesEveryQueuedCommandAndExecOfADenyoomQueue() {
        check("""
                SET a 1
                MULTI
                CONFIG SET maxmemory 1
                EXEC
                MULTI
                GET a
                PING
                EXEC
                MULTI
                DISCARD
                CONFIG SET maxmemory 0
                MULTI
                SET a 2
                GET a
                CONFIG SET maxmemory 1
                EXEC
                CONFIG SET maxmemory 0
                MULTI
                GET a
                CONFIG SET maxmemory 1
                EXEC
                CONFIG SET maxmemory 0
                GET a
                """);
    }

    @Test
    void evictingAWatchedKeyBreaksTheWatch() {
        check("""
                SET watched 1
                WATCH watched
                CONFIG SET maxmemory-policy allkeys-random
                CONFIG SET maxmemory 1
                CONFIG SET maxmemory 0
                EXISTS watched
                MULTI
                SET watched 2
                EXEC
                GET watched
                """);
    }

    @Test
    void oomRepliesAreCountedAsRejectedCallsAndErrors() {
        check("""
                CONFIG RESETSTAT
                CONFIG SET maxmemory 1
                SET a 1
                SET a 1
                LPUSH l x
                CONFIG SET maxmemory 0
                """);
        assertThat(infoField(actual, "errorstats", "errorstat_OOM"))
                .isEqualTo(infoField(expected, "errorstats", "errorstat_OOM"));
        assertThat(infoField(actual, "commandstats", "cmdstat_set"))
                .isEqualTo(infoField(expected, "commandstats", "cmdstat_set"));
    }

    @Test
    void everyPolicyWithNothingToEvictRefusesWrites() {
        for (String policy : List.of(
                "allkeys-lru",
                "allkeys-lfu",
                "allkeys-random",
                "volatile-lru",
                "volatile-lfu",
                "volatile-random",
                "volatile-ttl")) {
            check("CONFIG SET maxmemory-policy " + policy + "\nCONFIG SET maxmemory 1\nSET a 1\nGET a\n"
                    + "CONFIG SET maxmemory 0\nINFO keyspace\nFLUSHALL");
        }
    }

    @Test
    void allkeysPoliciesEvictUntilUnderTheLimit() {
        for (String policy : List.of("allkeys-lru", "allkeys-lfu", "allkeys-random")) {
            both((client, name) -> {
                client.call("FLUSHALL");
                client.call("CONFIG", "RESETSTAT");
                client.call("CONFIG", "SET", "maxmemory-policy", policy);
                fill(client, "old:", 0, 2000, null);
                limitToCurrentUsage(client);
                fill(client, "new:", 0, 500, null);
                settle(client);
                long dbsize = integer(client, "DBSIZE");
                long evicted = infoLong(client, "stats", "evicted_keys");
                assertThat(evicted).as("%s %s evicted_keys", name, policy).isGreaterThan(100);
                // Redis 7.0's evicted_keys runs ahead of the keys it removed when a pipeline arrives over the
                // limit; ours counts exactly the keys that went
                assertThat(dbsize + evicted)
                        .as("%s %s: every key is either there or evicted", name, policy)
                        .isGreaterThanOrEqualTo(2500);
                if (client == actual) {
                    assertThat(dbsize + evicted)
                            .as("%s %s: evicted_keys counts the keys that went", name, policy)
                            .isEqualTo(2500);
                }
                assertThat(infoLong(client, "memory", "used_memory"))
                        .as("%s %s used_memory", name, policy)
                        .isLessThanOrEqualTo(infoLong(client, "memory", "maxmemory") + 4096);
            });
            unlimited();
        }
    }

    @Test
    void streamsAreEvictedAndGrowingOneIsRefusedUnderNoeviction() {
        both((client, name) -> {
            client.call("FLUSHALL");
            client.call("CONFIG", "RESETSTAT");
            client.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            for (int s = 0; s < 200; s++) {
                for (int i = 1; i <= 20; i++) {
                    client.call("XADD", "old:" + s, "*", "field", "value-" + i);
                }
                client.call("XGROUP", "CREATE", "old:" + s, "group", "0");
                client.call("XREADGROUP", "GROUP", "group", "alice", "COUNT", "5", "STREAMS", "old:" + s, ">");
            }
            limitToCurrentUsage(client);
            for (int s = 0; s < 100; s++) {
                for (int i = 1; i <= 20; i++) {
                    RespReply reply = client.call("XADD", "new:" + s, "*", "field", "value-" + i);
                    assertThat(reply.isError()).as("%s XADD: %s", name, reply).isFalse();
                }
            }
            settle(client);
            assertThat(infoLong(client, "stats", "evicted_keys"))
                    .as("%s streams evicted", name)
                    .isGreaterThan(20);
            assertThat(integer(client, "EXISTS", "new:99"))
                    .as("%s the newest stream stays", name)
                    .isEqualTo(1);
            assertThat(infoLong(client, "memory", "used_memory"))
                    .as("%s used_memory", name)
                    .isLessThanOrEqualTo(infoLong(client, "memory", "maxmemory") + 4096);

            client.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
            limitToCurrentUsage(client);
            RespReply refused = null;
            for (int i = 0; i < 200 && refused == null; i++) {
                RespReply reply = client.call("XADD", "new:99", "*", "field", "a longer value to grow the stream " + i);
                if (reply.isError()) {
                    refused = reply;
                }
            }
            assertThat(refused).as("%s XADD over the limit", name).isNotNull();
            assertThat(refused.toString()).as(name).contains(OOM);
            // what frees memory is still allowed
            assertThat(client.call("XTRIM", "new:99", "MAXLEN", "0").isError())
                    .as(name)
                    .isFalse();
            assertThat(integer(client, "XLEN", "new:99")).as(name).isEqualTo(0);
        });
    }

    @Test
    void volatilePoliciesEvictOnlyKeysWithATtl() {
        for (String policy : List.of("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl")) {
            both((client, name) -> {
                client.call("FLUSHALL");
                client.call("CONFIG", "SET", "maxmemory-policy", policy);
                fill(client, "persistent:", 0, 1000, null);
                fill(client, "volatile:", 0, 1000, i -> Integer.toString(1000 + i));
                limitToCurrentUsage(client);
                fill(client, "new:", 0, 300, null);
                assertThat(integer(client, "DBSIZE"))
                        .as("%s %s: keys went", name, policy)
                        .isLessThan(2300);
                for (int i = 0; i < 1000; i += 50) {
                    assertThat(integer(client, "EXISTS", "persistent:" + i))
                            .as("%s %s persistent:%d", name, policy, i)
                            .isEqualTo(1);
                }
                for (int i = 0; i < 300; i += 30) {
                    assertThat(integer(client, "EXISTS", "new:" + i))
                            .as("%s %s new:%d", name, policy, i)
                            .isEqualTo(1);
                }
            });
            unlimited();
        }
    }

    @Test
    void volatilePoliciesRefuseWritesOnceNoKeyHasATtl() {
        both((client, name) -> {
            client.call("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
            fill(client, "persistent:", 0, 500, null);
            fill(client, "volatile:", 0, 20, i -> "1000");
            limitToCurrentUsage(client);
            RespReply last = null;
            for (int i = 0; i < 2000 && (last == null || !last.isError()); i++) {
                last = client.call("SET", "new:" + i, "some value to take room");
            }
            assertThat(last.isError()).as(name).isTrue();
            assertThat(last.text()).as(name).isEqualTo(OOM);
            assertThat(integer(client, "EXISTS", "volatile:0")).as(name).isZero();
            assertThat(integer(client, "EXISTS", "persistent:0")).as(name).isEqualTo(1);
        });
    }

    @Test
    void volatileTtlEvictsTheNearestExpiryFirst() {
        both((client, name) -> {
            client.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl", "maxmemory-samples", "10");
            fill(client, "ttl:", 0, 1000, i -> Integer.toString(10_000 + i * 10));
            limitToCurrentUsage(client);
            fill(client, "new:", 0, 300, null);
            List<Integer> gone = missing(client, "ttl:", 1000);
            assertThat(gone).as("%s: evicted", name).hasSizeGreaterThan(100);
            long nearHalf = gone.stream().filter(i -> i < 500).count();
            assertThat(nearHalf * 100 / gone.size())
                    .as("%s: %% of victims among the nearest half", name)
                    .isGreaterThanOrEqualTo(90);
            client.call("CONFIG", "SET", "maxmemory-samples", "5");
        });
    }

    @Test
    void allkeysLruKeepsRecentlyUsedKeys() throws InterruptedException {
        for (RespClient client : List.of(expected, actual)) {
            client.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "maxmemory-samples", "10");
            fill(client, "key:", 0, 1000, null);
        }
        Thread.sleep(2100); // the LRU clock counts seconds, in both servers
        both((client, name) -> {
            for (int i = 0; i < 200; i++) {
                client.call("GET", "key:" + i); // the hot set
            }
            limitToCurrentUsage(client);
            fill(client, "new:", 0, 300, null);
            List<Integer> gone = missing(client, "key:", 1000);
            assertThat(gone).as("%s: evicted", name).hasSizeGreaterThan(100);
            long hot = gone.stream().filter(i -> i < 200).count();
            assertThat(hot * 100 / gone.size())
                    .as("%s: %% of victims from the hot set", name)
                    .isLessThanOrEqualTo(5);
            client.call("CONFIG", "SET", "maxmemory-samples", "5");
        });
    }

    @Test
    void allkeysLfuKeepsFrequentlyUsedKeys() {
        both((client, name) -> {
            // log factor 0: every access counts, so the frequencies are deterministic
            client.call(
                    "CONFIG",
                    "SET",
                    "maxmemory-policy",
                    "allkeys-lfu",
                    "lfu-log-factor",
                    "0",
                    "maxmemory-samples",
                    "10");
            fill(client, "key:", 0, 1000, null);
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 200; i++) {
                    client.call("GET", "key:" + i);
                }
            }
            assertThat(integer(client, "OBJECT", "FREQ", "key:0")).as(name).isEqualTo(15);
            assertThat(integer(client, "OBJECT", "FREQ", "key:999")).as(name).isEqualTo(5);
            limitToCurrentUsage(client);
            fill(client, "new:", 0, 300, null);
            List<Integer> gone = missing(client, "key:", 1000);
            assertThat(gone).as("%s: evicted", name).hasSizeGreaterThan(50);
            assertThat(gone.stream().filter(i -> i < 200).count())
                    .as("%s: frequent keys evicted", name)
                    .isZero();
            client.call("CONFIG", "SET", "maxmemory-samples", "5");
        });
    }

    @Test
    void loweringMaxmemoryEvictsAtOnce() throws InterruptedException {
        both((client, name) -> {
            client.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            if (client == actual) {
                // tenacity 0: a round stops after 16 keys, the rest runs as tasks between commands (Redis paces
                // its own continuation differently: not compared)
                client.call("CONFIG", "SET", "maxmemory-eviction-tenacity", "0");
            }
            client.call("CONFIG", "RESETSTAT");
            fill(client, "key:", 0, 5000, null);
            long used = infoLong(client, "memory", "used_memory");
            long startup = infoLong(client, "memory", "used_memory_startup");
            long limit = startup + (used - startup) / 2;
            assertThat(client.call("CONFIG", "SET", "maxmemory", Long.toString(limit))
                            .text())
                    .isEqualTo("OK");
        });
        Thread.sleep(300); // the rest of a time-bounded round runs between commands
        both((client, name) -> {
            long dbsize = integer(client, "DBSIZE");
            // Redis's used_memory has more that does not shrink with the keys (its key table): it evicts more
            assertThat(dbsize).as(name).isBetween(100L, 3500L);
            assertThat(infoLong(client, "memory", "used_memory"))
                    .as(name) // Redis: give or take its INFO buffer
                    .isLessThanOrEqualTo(infoLong(client, "memory", "maxmemory") + 4096);
            if (client == actual) {
                assertThat(dbsize + infoLong(client, "stats", "evicted_keys"))
                        .as(name)
                        .isEqualTo(5000);
            }
        });
    }

    @Test
    void maxmemoryConfigRoundTrips() {
        check("""
                CONFIG SET maxmemory 100mb
                CONFIG GET maxmemory
                CONFIG SET maxmemory-policy allkeys-lfu maxmemory-samples 7 maxmemory-eviction-tenacity 50
                ~CONFIG GET maxmemory-*
                CONFIG SET maxmemory 0
                """);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Runs {@code scenario} on Redis, then on mini-redis. */
    private void both(BiConsumer<RespClient, String> scenario) {
        scenario.accept(expected, "redis");
        scenario.accept(actual, "mini-redis");
    }

    /** SETs {@code prefix + i} for i in [from, to), pipelined; with {@code ttl} given, SET ... EX ttl(i). */
    static void fill(RespClient client, String prefix, int from, int to, java.util.function.IntFunction<String> ttl) {
        int batch = 500;
        for (int start = from; start < to; start += batch) {
            int end = Math.min(to, start + batch);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = start; i < end; i++) {
                byte[][] command = ttl == null
                        ? args("SET", prefix + i, "value-" + i)
                        : args("SET", prefix + i, "value-" + i, "EX", ttl.apply(i));
                out.writeBytes(RespClient.encode(command));
            }
            client.send(out.toByteArray());
            for (int i = start; i < end; i++) {
                RespReply reply = client.read();
                assertThat(reply.isError()).as("SET %s%d: %s", prefix, i, reply).isFalse();
            }
        }
    }

    private static byte[][] args(String... values) {
        byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /**
     * Lets an eviction round that ran out of time finish: both servers continue it between commands, so counts read
     * right after a write may still move.
     */
    private static void settle(RespClient client) {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.call("PING");
    }

    /** Sets maxmemory to what the server uses now: the next writes must evict. */
    private static void limitToCurrentUsage(RespClient client) {
        long used = infoLong(client, "memory", "used_memory");
        assertThat(client.call("CONFIG", "SET", "maxmemory", Long.toString(used))
                        .text())
                .isEqualTo("OK");
    }

    private static List<Integer> missing(RespClient client, String prefix, int count) {
        List<Integer> gone = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (integer(client, "EXISTS", prefix + i) == 0) {
                gone.add(i);
            }
        }
        return gone;
    }

    static long integer(RespClient client, String... command) {
        RespReply reply = client.call(command);
        assertThat(reply.type()).as("%s: %s", String.join(" ", command), reply).isEqualTo(':');
        return Long.parseLong(reply.line());
    }

    static long infoLong(RespClient client, String section, String field) {
        return Long.parseLong(infoField(client, section, field));
    }

    static String infoField(RespClient client, String section, String field) {
        for (String line : client.call("INFO", section).text().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    static Set<String> infoFields(RespClient client, String section) {
        Set<String> names = new HashSet<>();
        for (String line : client.call("INFO", section).text().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                names.add(line.substring(0, colon));
            }
        }
        return names;
    }
}
