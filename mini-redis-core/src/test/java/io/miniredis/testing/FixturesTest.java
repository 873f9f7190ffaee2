package io.miniredis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Fixtures on a real server, read back with Jedis and Lettuce: command text (redis-cli quoting, compared with what
 * redis-cli makes of the same file on a real redis-server), RESP, JSON and RDB; errors naming file and line; and the
 * in-memory snapshot restored exactly, deep copies included.
 */
class FixturesTest {

    @TempDir
    Path dir;

    private MiniRedisServer server;
    private Jedis jedis;
    private RedisClient lettuce;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void start() {
        server = MiniRedisServer.builder()
                .port(0)
                .config("enable-debug-command", "yes")
                .build()
                .start();
        jedis = new Jedis("127.0.0.1", server.port());
        lettuce = RedisClient.create("redis://127.0.0.1:" + server.port());
        connection = lettuce.connect();
        redis = connection.sync();
    }

    @AfterEach
    void stop() {
        connection.close();
        lettuce.shutdown();
        jedis.close();
        server.close();
    }

    @Test
    void commandTextAsRedisCliReadsIt() {
        server.fixtures().load("classpath:fixtures/users.redis");
        assertThat(jedis.hgetAll("user:1"))
                .containsEntry("name", "Ada")
                .containsEntry("email", "ada@example.com")
                .containsEntry("bio", "likes \"engines\"\nand math");
        assertThat(jedis.hget("user:2", "name")).isEqualTo("Grace Hopper");
        assertThat(jedis.get("raw".getBytes(StandardCharsets.US_ASCII))).containsExactly(0, 0xff - 256, '\r', '\n');
        assertThat(redis.zscore("scores", "user:2")).isEqualTo(85.5);
        assertThat(redis.pttl("session:abc")).isBetween(1L, 60_000L);
        assertThat(redis.get("elsewhere")).isNull(); // SELECT 3 in the file: that key is in database 3
        jedis.select(3);
        assertThat(jedis.get("elsewhere")).isEqualTo("yes");
    }

    /** The same file through redis-cli into a real redis-server: every value the same (DEBUG DIGEST-VALUE). */
    @Test
    void commandTextLoadsWhatRedisCliLoadsIntoRedis() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/redis-cli").canExecute(), "redis-cli is not installed");
        byte[] text = resource("fixtures/users.redis");
        String withoutComments = new String(text, StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.startsWith("#"))
                .reduce("", (a, b) -> a + b + "\n");
        try (RealRedis real = RealRedis.start("--enable-debug-command", "yes")) {
            Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(real.port()))
                    .redirectErrorStream(true)
                    .start();
            cli.getOutputStream().write(withoutComments.getBytes(StandardCharsets.UTF_8));
            cli.getOutputStream().close();
            cli.getInputStream().readAllBytes();
            assertThat(cli.waitFor(20, TimeUnit.SECONDS)).isTrue();
            server.fixtures().load("users.redis", text);
            try (Jedis theirs = new Jedis("127.0.0.1", real.port())) {
                for (int db : new int[] {0, 3}) {
                    theirs.select(db);
                    jedis.select(db);
                    assertThat(digests(jedis)).isEqualTo(digests(theirs)).isNotEmpty();
                }
            }
        }
    }

    @Test
    void respAsRedisCliPipeTakesIt() {
        byte[] resp =
                resp(List.of("SET", "a", "1"), List.of("RPUSH", "list", "x\r\ny", ""), List.of("HSET", "h", "f", "v"));
        server.fixtures().load("data.resp", resp);
        assertThat(redis.get("a")).isEqualTo("1");
        assertThat(redis.lrange("list", 0, -1)).containsExactly("x\r\ny", "");
        assertThat(redis.hget("h", "f")).isEqualTo("v");
    }

    @Test
    void jsonOfEveryType() {
        server.fixtures().load("classpath:fixtures/users.json");
        assertThat(redis.get("greeting")).isEqualTo("hello");
        assertThat(redis.incr("counter")).isEqualTo(11);
        assertThat(redis.get("session:abc")).isEqualTo("user:1");
        assertThat(redis.pttl("session:abc")).isBetween(1L, 60_000L);
        assertThat(redis.hgetall("user:1")).isEqualTo(Map.of("name", "Ada", "age", "36"));
        assertThat(redis.lrange("user:1:logins", 0, -1)).containsExactly("2024-01-01", "2024-01-02");
        assertThat(redis.smembers("users")).containsExactlyInAnyOrder("user:1", "user:2");
        assertThat(redis.zrangeWithScores("scores", 0, -1))
                .containsExactly(ScoredValue.just(36, "user:1"), ScoredValue.just(85.5, "user:2"));
        List<StreamMessage<String, String>> events = redis.xrange("events", Range.create("-", "+"));
        assertThat(events).extracting(StreamMessage::getId).containsExactly("1-1", "2-1");
        assertThat(events.get(0).getBody()).isEqualTo(Map.of("kind", "login", "user", "user:1"));
        assertThat(jedis.type("events")).isEqualTo("stream");
    }

    @Test
    void jsonStreamEntriesWithoutIdGetOneAndBadTtlsAreRefused() {
        server.fixtures().load("ids.json", """
                        {"s": {"type": "stream", "value": [{"id": "5-1", "fields": {"a": "1"}}, {"fields": {"b": "2"}}]}}
                        """.getBytes(StandardCharsets.UTF_8));
        List<StreamMessage<String, String>> entries = redis.xrange("s", Range.create("-", "+"));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).getId()).isEqualTo("5-1");
        assertThat(entries.get(1).getId()).isNotEqualTo("5-1").matches("[0-9]+-[0-9]+");
        assertThatThrownBy(() -> server.fixtures()
                        .load(
                                "ttl.json",
                                "{\"k\": {\"type\": \"string\", \"value\": \"v\",\n \"ttl\": -5}}".getBytes()))
                .hasMessage("ttl.json:2: ttl is a positive number of milliseconds, not -5");
    }

    @Test
    void jsonWithSeveralDatabases() {
        server.fixtures().load("classpath:fixtures/databases.json");
        assertThat(jedis.get("here")).isEqualTo("zero");
        jedis.select(5);
        assertThat(jedis.lrange("there", 0, -1)).containsExactly("five");
    }

    /** An RDB file, as SAVE writes it, loaded into another server's data (added to what it has). */
    @Test
    void rdbFile() throws IOException {
        try (MiniRedisServer source =
                        MiniRedisServer.builder().port(0).dir(dir).build().start();
                Jedis other = new Jedis("127.0.0.1", source.port())) {
            other.hset("h", Map.of("a", "1", "b", "2"));
            other.set("ttl", "v");
            other.pexpire("ttl", 50_000);
            other.select(2);
            other.sadd("s", "x");
            other.save();
        }
        redis.set("mine", "stays");
        server.fixtures().load(dir.resolve("dump.rdb"));
        assertThat(jedis.hgetAll("h")).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(jedis.pttl("ttl")).isBetween(1L, 50_000L);
        assertThat(jedis.get("mine")).isEqualTo("stays");
        jedis.select(2);
        assertThat(jedis.smembers("s")).containsExactly("x");
    }

    @Test
    void errorsNameTheFileAndTheLine() throws IOException {
        assertThatThrownBy(() -> server.fixtures().load("bad.redis", "SET a 1\nSET b \"open\n".getBytes()))
                .isInstanceOf(FixtureException.class)
                .hasMessage("bad.redis:2: unbalanced quotes in SET b \"open");
        assertThat(redis.get("a")).isNull(); // a syntax error loads nothing

        assertThatThrownBy(() -> server.fixtures().load("bad.redis", "SET a 1\n\nHSET h f\nSET c 3\n".getBytes()))
                .hasMessage("bad.redis:3: ERR wrong number of arguments for 'hset' command");

        assertThatThrownBy(() -> server.fixtures().load("bad.resp", "*2\r\n$3\r\nGET\r\n$9\r\nk\r\n".getBytes()))
                .hasMessage("bad.resp:4 (offset 13): bad bulk length 9 (the file has 1 more bytes)");

        assertThatThrownBy(() -> server.fixtures()
                        .load(
                                "bad.json",
                                "{\n \"a\": \"1\",\n \"b\": {\"type\": \"hash\", \"value\": {}}\n}".getBytes()))
                .hasMessage("bad.json:3: empty: Redis keeps no empty collection");
        assertThatThrownBy(() -> server.fixtures().load("bad.json", "{\n \"a\": [1,\n}".getBytes()))
                .hasMessage("bad.json:3: unexpected '}'");
        assertThatThrownBy(() -> server.fixtures()
                        .load("bad.json", "{\"z\": {\"type\": \"zset\", \"value\": {\"m\": \"x\"}}}".getBytes()))
                .hasMessage("bad.json:1: ERR value is not a valid float");

        Path corrupt = dir.resolve("corrupt.rdb");
        Files.write(corrupt, "REDIS0010\u00fa\u0001".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> server.fixtures().load(corrupt)).hasMessageStartingWith(corrupt + ": ");

        assertThatThrownBy(() -> server.fixtures().load("classpath:fixtures/missing.redis"))
                .hasMessage("classpath:fixtures/missing.redis: no such resource on the class path");
    }

    /** The snapshot is a deep copy: changes after it, inside collections too, are undone by each restore. */
    @Test
    void snapshotAndRestore() {
        server.fixtures().load("classpath:fixtures/users.json");
        DatasetSnapshot snapshot = server.fixtures().snapshot();
        assertThat(snapshot.keys()).isEqualTo(8);
        Map<String, String> before = digests(jedis);
        for (int round = 0; round < 2; round++) {
            redis.hset("user:1", "name", "changed");
            redis.rpush("user:1:logins", "more");
            redis.zincrby("scores", 5, "user:1");
            redis.xadd("events", Map.of("k", "v"));
            redis.del("greeting");
            redis.set("new", "key");
            redis.persist("session:abc");
            jedis.select(1);
            jedis.set("other-db", "x");
            jedis.select(0);
            server.fixtures().restore(snapshot);
            assertThat(digests(jedis)).isEqualTo(before);
            assertThat(redis.pttl("session:abc")).isBetween(1L, 60_000L);
            jedis.select(1);
            assertThat(jedis.dbSize()).isZero();
            jedis.select(0);
        }
    }

    /** reset: flush, then the files; the second time the snapshot, not the files (changed in between here). */
    @Test
    void resetLoadsOnceThenRestores() throws IOException {
        Path file = dir.resolve("reset.redis");
        Files.writeString(file, "SET version 1\n");
        redis.set("before", "gone after reset");
        server.fixtures().reset(file.toString());
        assertThat(redis.keys("*")).containsExactly("version");
        Files.writeString(file, "SET version 2\n");
        redis.set("version", "changed by a test");
        server.fixtures().reset(file.toString());
        assertThat(redis.get("version")).isEqualTo("1");
        Fixtures.clearCache();
        server.fixtures().reset(file.toString());
        assertThat(redis.get("version")).isEqualTo("2");
    }

    private static Map<String, String> digests(Jedis jedis) {
        Map<String, String> digests = new TreeMap<>();
        for (String key : jedis.keys("*")) {
            Object digest = jedis.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), "DIGEST-VALUE", key);
            digests.put(
                    key,
                    jedis.type(key) + " " + new String((byte[]) ((List<?>) digest).get(0), StandardCharsets.US_ASCII));
        }
        return digests;
    }

    @SafeVarargs
    private static byte[] resp(List<String>... commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<String> command : commands) {
            out.writeBytes(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : command) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(bytes);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FixturesTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
