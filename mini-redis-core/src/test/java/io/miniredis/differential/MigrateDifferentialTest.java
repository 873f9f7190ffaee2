package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * MIGRATE between mini-redis and a real redis-server, both ways: every type with its TTL arrives with the same
 * digest (DEBUG DIGEST-VALUE), COPY, REPLACE, AUTH, AUTH2, KEYS, and the errors (the target's BUSYKEY, NOAUTH and
 * WRONGPASS, a bad database, a refused connection, a target that never answers) with the same replies as Redis's
 * own MIGRATE. Every server is on loopback; the silent target times out after 200 ms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateDifferentialTest {

    private RealRedis redis;
    private RealRedis redisWithPassword;
    private MiniRedisServer ours;
    private MiniRedisServer oursWithPassword;
    private RespClient theirs;
    private RespClient mine;

    @BeforeAll
    void start() {
        redis = RealRedis.start("--enable-debug-command", "yes");
        redisWithPassword = RealRedis.start("--requirepass", "pw");
        ours = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .config("enable-debug-command", "yes")
                .build()
                .start();
        oursWithPassword = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .requirePass("pw")
                .build()
                .start();
        theirs = new RespClient(redis.port());
        mine = new RespClient(ours.port());
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {mine, theirs, ours, oursWithPassword, redis, redisWithPassword}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @BeforeEach
    void flush() {
        mine.call("flushall");
        theirs.call("flushall");
        try (RespClient a = new RespClient(redisWithPassword.port());
                RespClient b = new RespClient(oursWithPassword.port())) {
            a.call("auth", "pw");
            a.call("flushall");
            b.call("auth", "pw");
            b.call("flushall");
        }
    }

    private static void fill(RespClient client) {
        client.call("set", "string", "hello");
        client.call("set", "int", "12345");
        client.call("set", "ttl", "v", "EX", "1000");
        client.call("rpush", "list", "a", "1", "b");
        List<String> bigList = new ArrayList<>(List.of("rpush", "biglist"));
        for (int i = 0; i < 300; i++) {
            bigList.add("element-" + i);
        }
        client.call(bigList.toArray(String[]::new));
        client.call("sadd", "intset", "1", "2", "3");
        client.call("sadd", "set", "x", "y", "z");
        client.call("zadd", "zset", "1.5", "a", "2", "b");
        List<String> bigZset = new ArrayList<>(List.of("zadd", "bigzset"));
        for (int i = 0; i < 200; i++) {
            bigZset.add(Double.toString(i * 0.5));
            bigZset.add("m" + i);
        }
        client.call(bigZset.toArray(String[]::new));
        client.call("hset", "hash", "f", "v", "g", "w");
        client.call("hset", "bighash", "f", "v".repeat(100));
        client.call("pexpire", "bighash", "5000000");
    }

    private static final List<String> KEYS =
            List.of("string", "int", "ttl", "list", "biglist", "intset", "set", "zset", "bigzset", "hash", "bighash");

    private static Map<String, String> digests(RespClient client) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String key : KEYS) {
            digests.put(
                    key,
                    client.call("debug", "digest-value", key).elements().get(0).text());
        }
        return digests;
    }

    @Test
    void everyTypeWithItsTtlGoesToRedisAndComesBack() {
        fill(mine);
        Map<String, String> before = digests(mine);
        for (String key : KEYS) {
            assertThat(mine.call("migrate", "127.0.0.1", Integer.toString(redis.port()), key, "0", "5000")
                            .line())
                    .as("MIGRATE %s to redis-server", key)
                    .isEqualTo("OK");
        }
        assertThat(mine.call("dbsize").line()).isEqualTo("0");
        assertThat(digests(theirs)).isEqualTo(before);
        long ttl = Long.parseLong(theirs.call("pttl", "ttl").line());
        assertThat(ttl).isBetween(1L, 1_000_000L);

        List<String> back = new ArrayList<>(
                List.of("migrate", "127.0.0.1", Integer.toString(ours.port()), "", "0", "5000", "KEYS"));
        back.addAll(KEYS);
        assertThat(theirs.call(back.toArray(String[]::new)).line())
                .as("redis-server to mini-redis")
                .isEqualTo("OK");
        assertThat(theirs.call("dbsize").line()).isEqualTo("0");
        assertThat(digests(mine)).isEqualTo(before);
        assertThat(Long.parseLong(mine.call("pttl", "ttl").line())).isBetween(1L, ttl);
        assertThat(mine.call("debug", "digest")).isEqualTo(theirsDigestOf(before));
    }

    /** The whole-keyspace digest Redis computes for the same data: fill a real server and ask it. */
    private RespReply theirsDigestOf(Map<String, String> unused) {
        fill(theirs);
        theirs.call("expire", "ttl", "999"); // the TTL's value does not enter the digest, only its presence
        return theirs.call("debug", "digest");
    }

    @Test
    void copyReplaceAndTheTargetsBusykeyAsRedis() {
        for (RespClient source : List.of(mine, theirs)) {
            int target = source == mine ? redis.port() : ours.port();
            RespClient targetClient = source == mine ? theirs : mine;
            targetClient.call("del", "k");
            source.call("set", "k", "v1");
            String port = Integer.toString(target);
            assertThat(source.call("migrate", "127.0.0.1", port, "k", "0", "5000", "copy")
                            .line())
                    .isEqualTo("OK");
            assertThat(source.call("get", "k").text()).as("COPY keeps the key").isEqualTo("v1");
            RespReply busy = source.call("migrate", "127.0.0.1", port, "k", "0", "5000");
            assertThat(busy.line())
                    .isEqualTo("ERR Target instance replied with error: BUSYKEY Target key name already exists.");
            assertThat(source.call("exists", "k").line())
                    .as("kept after the target's error")
                    .isEqualTo("1");
            source.call("set", "k", "v2");
            source.call("set", "other", "o");
            RespReply partly = source.call("migrate", "127.0.0.1", port, "", "0", "5000", "keys", "other", "k");
            assertThat(partly.line())
                    .isEqualTo("ERR Target instance replied with error: BUSYKEY Target key name already exists.");
            assertThat(source.call("exists", "other", "k").line())
                    .as("the key that moved is gone")
                    .isEqualTo("1");
            assertThat(source.call("migrate", "127.0.0.1", port, "k", "0", "5000", "replace")
                            .line())
                    .isEqualTo("OK");
            assertThat(targetClient.call("get", "k").text()).isEqualTo("v2");
            assertThat(source.call("exists", "k").line()).isEqualTo("0");
        }
    }

    @Test
    void authAndAuth2BothWays() {
        for (RespClient source : List.of(mine, theirs)) {
            String port = Integer.toString(source == mine ? redisWithPassword.port() : oursWithPassword.port());
            source.call("set", "a", "1");
            source.call("set", "b", "2");
            assertThat(source.call("migrate", "127.0.0.1", port, "a", "0", "5000")
                            .line())
                    .isEqualTo("ERR Target instance replied with error: NOAUTH Authentication required.");
            assertThat(source.call("migrate", "127.0.0.1", port, "a", "0", "5000", "auth", "wrong")
                            .line())
                    .isEqualTo("ERR Target instance replied with error: WRONGPASS invalid username-password pair"
                            + " or user is disabled.");
            assertThat(source.call("migrate", "127.0.0.1", port, "a", "0", "5000", "auth", "pw")
                            .line())
                    .isEqualTo("OK");
            assertThat(source.call("migrate", "127.0.0.1", port, "b", "3", "5000", "auth2", "default", "pw")
                            .line())
                    .isEqualTo("OK");
            assertThat(source.call("exists", "a", "b").line()).isEqualTo("0");
        }
    }

    @Test
    void errorsAsRedis() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // accepts nothing: the connection completes in the backlog, and no reply ever comes
            int closedPort = RealRedis.freePort();
            String oursPort = Integer.toString(ours.port());
            String redisPort = Integer.toString(redis.port());
            mine.call("set", "k", "v");
            theirs.call("set", "k", "v");
            List<List<String>> calls = List.of(
                    List.of("migrate", "127.0.0.1", "1", "k", "0", "100", "foo"),
                    List.of("migrate", "127.0.0.1", "1", "k", "0", "100", "auth"),
                    List.of("migrate", "127.0.0.1", "1", "k", "0", "100", "auth2", "x"),
                    List.of("migrate", "127.0.0.1", "1", "k", "x", "100"),
                    List.of("migrate", "127.0.0.1", "1", "k", "0", "x"),
                    List.of("migrate", "127.0.0.1", "1", "k", "0", "100", "keys", "a"),
                    List.of("migrate", "127.0.0.1", "1", "", "0", "100", "keys"),
                    List.of("migrate", "127.0.0.1", "1", "missing", "0", "100"),
                    List.of("migrate", "127.0.0.1", "1", "k"),
                    List.of("migrate", "127.0.0.1", Integer.toString(closedPort), "k", "0", "100"),
                    List.of("migrate", "127.0.0.1", Integer.toString(silent.getLocalPort()), "k", "0", "200"),
                    List.of("migrate", "127.0.0.1", "PORT", "k", "99", "1000"),
                    List.of("migrate", "127.0.0.1", "PORT", "k", "99", "1000", "copy"));
            for (List<String> call : calls) {
                String[] toOurs =
                        call.stream().map(a -> a.equals("PORT") ? redisPort : a).toArray(String[]::new);
                String[] toRedis =
                        call.stream().map(a -> a.equals("PORT") ? oursPort : a).toArray(String[]::new);
                assertThat(mine.call(toOurs)).as(String.join(" ", call)).isEqualTo(theirs.call(toRedis));
            }
            assertThat(mine.call("get", "k").text()).isEqualTo("v");
        }
    }

    @Test
    void cachedConnectionSelectsTheDatabaseOnlyWhenItChanges() {
        mine.call("set", "x", "1");
        mine.call("set", "y", "2");
        mine.call("set", "z", "3");
        String port = Integer.toString(redis.port());
        assertThat(mine.call("migrate", "127.0.0.1", port, "x", "2", "5000").line())
                .isEqualTo("OK");
        assertThat(mine.call("migrate", "127.0.0.1", port, "y", "2", "5000").line())
                .isEqualTo("OK");
        assertThat(mine.call("migrate", "127.0.0.1", port, "z", "0", "5000").line())
                .isEqualTo("OK");
        theirs.call("select", "2");
        assertThat(theirs.call("mget", "x", "y").elements().stream()
                        .map(RespReply::text)
                        .toList())
                .containsExactly("1", "2");
        assertThat(theirs.call("exists", "z").line()).isEqualTo("0");
        theirs.call("select", "0");
        assertThat(theirs.call("get", "z").text()).isEqualTo("3");
        RespReply clients = theirs.call("client", "list");
        assertThat(clients.text().lines().filter(l -> l.contains("cmd=restore")).count())
                .as("one cached connection for the three MIGRATEs")
                .isEqualTo(1);
    }
}
