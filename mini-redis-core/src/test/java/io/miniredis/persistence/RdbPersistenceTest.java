package io.miniredis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerConfig;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's RDB persistence with real servers: SAVE and BGSAVE files that redis-check-rdb accepts and
 * redis-server loads key for key, Redis's file loaded by us at start, save points, rdbchecksum, a corrupt file
 * refused at start without being touched, SHUTDOWN's forms, and close() saving with save points.
 */
class RdbPersistenceTest {

    private static final List<String> KEYS = List.of("s", "n", "l", "h", "set", "z", "ttl");

    @TempDir
    Path dir;

    private ServerConfig.Builder builder() {
        return MiniRedisServer.builder().port(0).bind("127.0.0.1").config("dir", dir.toString());
    }

    private static void populate(RespClient c) {
        c.call("SET", "s", "hello");
        c.call("SET", "n", "12345");
        c.call("RPUSH", "l", "a", "b", "c");
        c.call("HSET", "h", "f", "v", "g", "w");
        c.call("SADD", "set", "1", "2", "3");
        c.call("ZADD", "z", "1", "a", "2.5", "b");
        c.call("SET", "ttl", "x", "PX", "3600000");
        c.call("SELECT", "3");
        c.call("SET", "in3", "yes");
        c.call("SELECT", "0");
    }

    private static void sameKeys(RespClient expected, RespClient actual) {
        for (String key : KEYS) {
            assertThat(actual.call("DUMP", key)).as(key).isEqualTo(expected.call("DUMP", key));
            assertThat(actual.call("PEXPIRETIME", key)).as(key).isEqualTo(expected.call("PEXPIRETIME", key));
        }
        actual.call("SELECT", "3");
        assertThat(actual.call("GET", "in3").text()).isEqualTo("yes");
        actual.call("SELECT", "0");
    }

    private static String info(RespClient client, String field) {
        for (String line : client.call("INFO", "persistence").text().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError("no " + field);
    }

    private static void checkRdb(Path file) throws Exception {
        Process check = new ProcessBuilder("redis-check-rdb", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @Test
    void saveWritesAFileRedisLoadsKeyForKey() throws Exception {
        try (MiniRedisServer server = builder().build().start();
                RespClient c = new RespClient(server.port())) {
            populate(c);
            assertThat(info(c, "rdb_changes_since_last_save")).isNotEqualTo("0");
            assertThat(c.call("SAVE").text()).isEqualTo("OK");
            assertThat(info(c, "rdb_changes_since_last_save")).isEqualTo("0");
            assertThat(info(c, "rdb_saves")).isEqualTo("1");
            assertThat(info(c, "rdb_last_bgsave_status")).isEqualTo("ok");
            long lastSave = Long.parseLong(c.call("LASTSAVE").text());
            assertThat(lastSave).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
            assertThat(c.call("SAVE", "x").text()).isEqualTo("ERR wrong number of arguments for 'save' command");
            assertThat(c.call("BGSAVE", "x").text()).isEqualTo("ERR syntax error");
            assertThat(c.call("BGSAVE", "SCHEDULE", "x").text()).isEqualTo("ERR syntax error");
            Assumptions.assumeRedis();
            Path file = dir.resolve("dump.rdb");
            checkRdb(file);
            Path redisDir = Files.createTempDirectory(dir, "redis");
            Files.copy(file, redisDir.resolve("dump.rdb"));
            try (RealRedis redis = RealRedis.startIn(redisDir);
                    RespClient r = new RespClient(redis.port())) {
                sameKeys(c, r);
            }
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> n.startsWith("temp-")))
                .isEmpty();
    }

    @Test
    void bgsaveWritesTheSameFile() throws Exception {
        try (MiniRedisServer server = builder().build().start();
                RespClient c = new RespClient(server.port())) {
            populate(c);
            assertThat(c.call("BGSAVE").text()).isEqualTo("Background saving started");
            awaitSaved(c, 1);
            assertThat(info(c, "rdb_last_bgsave_status")).isEqualTo("ok");
            assertThat(info(c, "rdb_changes_since_last_save")).isEqualTo("0");
            Assumptions.assumeRedis();
            checkRdb(dir.resolve("dump.rdb"));
            Path redisDir = Files.createTempDirectory(dir, "redis");
            Files.copy(dir.resolve("dump.rdb"), redisDir.resolve("dump.rdb"));
            try (RealRedis redis = RealRedis.startIn(redisDir);
                    RespClient r = new RespClient(redis.port())) {
                sameKeys(c, r);
            }
        }
    }

    private static void awaitSaved(RespClient c, int saves) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Integer.parseInt(info(c, "rdb_saves")) < saves
                || info(c, "rdb_bgsave_in_progress").equals("1")) {
            assertThat(System.nanoTime()).as("the save is done in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void redisFileLoadsAtStart() throws Exception {
        Assumptions.assumeRedis();
        Path redisDir = Files.createTempDirectory(dir, "redis");
        try (RealRedis redis = RealRedis.startIn(redisDir);
                RespClient r = new RespClient(redis.port())) {
            populate(r);
            r.call("SET", "gone", "x", "PX", "1");
            Thread.sleep(5);
            assertThat(r.call("SAVE").text()).isEqualTo("OK");
            Files.copy(redisDir.resolve("dump.rdb"), dir.resolve("dump.rdb"));
            try (MiniRedisServer server = builder().build().start();
                    RespClient c = new RespClient(server.port())) {
                sameKeys(r, c);
                assertThat(info(c, "rdb_last_load_keys_loaded")).isEqualTo("8");
                assertThat(info(c, "rdb_changes_since_last_save")).isEqualTo("0");
            }
        }
    }

    @Test
    void aSavePointStartsABackgroundSave() throws Exception {
        try (MiniRedisServer server = builder().config("save", "1 1").build().start();
                RespClient c = new RespClient(server.port())) {
            assertThat(c.call("CONFIG", "GET", "save").elements().get(1).text()).isEqualTo("1 1");
            c.call("SET", "k", "v");
            awaitSaved(c, 1); // more than a second after the start (the last save), with one change
            assertThat(Files.exists(dir.resolve("dump.rdb"))).isTrue();
            c.call("CONFIG", "SET", "save", "");
            c.call("SET", "k", "w");
            Thread.sleep(1500);
            assertThat(info(c, "rdb_saves")).isEqualTo("1");
        }
    }

    @Test
    void withoutChecksumTheFileEndsInZerosAndStillLoads() throws Exception {
        try (MiniRedisServer server =
                        builder().config("rdbchecksum", "no").build().start();
                RespClient c = new RespClient(server.port())) {
            populate(c);
            c.call("SAVE");
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("dump.rdb"));
        assertThat(Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length)).containsOnly(0);
        try (MiniRedisServer server = builder().build().start();
                RespClient c = new RespClient(server.port())) {
            assertThat(c.call("GET", "s").text()).isEqualTo("hello");
        }
    }

    @Test
    void aCorruptFileStopsTheStartNamingFileAndOffsetAndIsLeftAlone() throws Exception {
        try (MiniRedisServer server = builder().build().start();
                RespClient c = new RespClient(server.port())) {
            populate(c);
            c.call("SAVE");
        }
        Path file = dir.resolve("dump.rdb");
        byte[] whole = Files.readAllBytes(file);
        byte[] truncated = Arrays.copyOf(whole, whole.length - 20);
        Files.write(file, truncated);
        assertThatThrownBy(() -> builder().build().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("offset");
        assertThat(Files.readAllBytes(file)).isEqualTo(truncated);
        whole[whole.length - 1] ^= 1; // a checksum that does not match
        Files.write(file, whole);
        assertThatThrownBy(() -> builder().build().start())
                .hasMessageContaining(file.toString())
                .hasMessageContaining("checksum");
    }

    @Test
    void shutdownIsRefusedByDefaultOnAnEmbeddedServer() {
        try (MiniRedisServer server = builder().build().start();
                RespClient c = new RespClient(server.port())) {
            RespReply reply = c.call("SHUTDOWN");
            assertThat(reply.text()).contains("shutdownCommand(true)");
            assertThat(server.isRunning()).isTrue();
            assertThat(c.call("SHUTDOWN", "NOSAVE", "SAVE").text()).isEqualTo("ERR syntax error");
            assertThat(c.call("SHUTDOWN", "ABORT", "NOW").text()).isEqualTo("ERR syntax error");
            assertThat(c.call("SHUTDOWN", "FOO").text()).isEqualTo("ERR syntax error");
        }
    }

    @Test
    void shutdownSaveWritesTheFileAndStops() throws Exception {
        MiniRedisServer server = builder().shutdownCommand(true).build().start();
        try (RespClient c = new RespClient(server.port())) {
            populate(c);
            assertThat(c.call("SHUTDOWN", "ABORT").text()).isEqualTo("ERR No shutdown in progress.");
            c.send(RespClient.encode("SHUTDOWN".getBytes(), "SAVE".getBytes()));
            awaitStopped(server);
            assertThat(c.isClosedByServer()).isTrue();
        }
        assertThat(Files.exists(dir.resolve("dump.rdb"))).isTrue();
        try (MiniRedisServer again = builder().build().start();
                RespClient c = new RespClient(again.port())) {
            assertThat(c.call("GET", "s").text()).isEqualTo("hello");
        }
    }

    @Test
    void shutdownRefusesWhenTheFinalSaveFailsUnlessForced() throws Exception {
        MiniRedisServer server = builder()
                .shutdownCommand(true)
                .config("save", "3600 1")
                .config("enable-protected-configs", "yes")
                .build()
                .start();
        try (RespClient c = new RespClient(server.port())) {
            c.call("SET", "k", "v");
            assertThat(c.call("CONFIG", "SET", "dir", "/proc").text()).isEqualTo("OK");
            assertThat(c.call("SHUTDOWN").text()).isEqualTo("ERR Errors trying to SHUTDOWN. Check logs.");
            assertThat(server.isRunning()).isTrue();
            assertThat(c.call("PING").text()).isEqualTo("PONG");
            c.send(RespClient.encode("SHUTDOWN".getBytes(), "FORCE".getBytes()));
            awaitStopped(server);
        } finally {
            server.close();
        }
    }

    @Test
    void closeSavesWhenSavePointsAreSet() throws Exception {
        try (MiniRedisServer server = builder().config("save", "3600 1").build().start();
                RespClient c = new RespClient(server.port())) {
            c.call("SET", "k", "v");
        }
        try (MiniRedisServer server = builder().build().start();
                RespClient c = new RespClient(server.port())) {
            assertThat(c.call("GET", "k").text()).isEqualTo("v");
        }
    }

    @Test
    void debugReloadSavesAndLoadsBack() {
        try (MiniRedisServer server =
                        builder().config("enable-debug-command", "yes").build().start();
                RespClient c = new RespClient(server.port())) {
            populate(c);
            assertThat(c.call("DEBUG", "RELOAD").text()).isEqualTo("OK");
            assertThat(c.call("LRANGE", "l", "0", "-1").elements()).hasSize(3);
            assertThat(Long.parseLong(c.call("PTTL", "ttl").text())).isPositive();
            assertThat(info(c, "rdb_changes_since_last_save")).isEqualTo("0");
            c.call("SET", "s", "changed");
            c.call("SET", "extra", "1");
            assertThat(c.call("DEBUG", "RELOAD", "NOSAVE").text()).isEqualTo("OK");
            assertThat(c.call("GET", "s").text()).isEqualTo("hello");
            assertThat(c.call("EXISTS", "extra").text()).isEqualTo("0");
            c.call("SET", "extra", "1");
            assertThat(c.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH").text())
                    .isEqualTo("ERR Error trying to load the RDB dump, check server logs.");
            assertThat(c.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE").text())
                    .isEqualTo("OK");
            assertThat(c.call("GET", "extra").text()).isEqualTo("1");
            assertThat(c.call("DEBUG", "RELOAD", "X").text())
                    .isEqualTo("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
        }
    }

    @Test
    void redisCliRdbGetsASnapshot() throws Exception {
        Assumptions.assumeRedis();
        try (MiniRedisServer server = builder().build().start();
                RespClient c = new RespClient(server.port())) {
            populate(c);
            assertThat(c.call("SYNC").text()).contains("issue [16]");
            assertThat(c.call("PSYNC", "?", "-1").text()).contains("issue [16]");
            Path file = dir.resolve("from-cli.rdb");
            Process cli = new ProcessBuilder(
                            "redis-cli", "-p", Integer.toString(server.port()), "--rdb", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(cli.getInputStream().readAllBytes());
            assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.exitValue()).as(output).isZero();
            checkRdb(file);
            Path redisDir = Files.createTempDirectory(dir, "redis");
            Files.copy(file, redisDir.resolve("dump.rdb"));
            try (RealRedis redis = RealRedis.startIn(redisDir);
                    RespClient r = new RespClient(redis.port())) {
                sameKeys(c, r);
            }
            assertThat(c.call("PING").text()).isEqualTo("PONG");
        }
    }

    private static void awaitStopped(MiniRedisServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.isRunning()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /**
     * Inside EXEC, BGSAVE and BGREWRITEAOF are scheduled rather than started, as Redis 7.0 does (server.in_exec);
     * the cron then starts the rewrite first and the save after it. The replies are compared with real Redis's.
     */
    @Test
    void bgsaveAndBgrewriteaofInsideExecAreScheduled() throws Exception {
        String[][] transaction = {{"MULTI"}, {"BGSAVE"}, {"BGSAVE", "SCHEDULE"}, {"BGREWRITEAOF"}, {"EXEC"}};
        List<String> expected = List.of(
                "OK",
                "QUEUED",
                "QUEUED",
                "QUEUED",
                "[Background saving scheduled, Background saving scheduled,"
                        + " Background append only file rewriting scheduled]");
        try (MiniRedisServer server = builder().build().start();
                RespClient c = new RespClient(server.port())) {
            populate(c);
            assertThat(run(c, transaction)).isEqualTo(expected);
            awaitSaved(c, 1);
            assertThat(info(c, "aof_rewrites")).isEqualTo("1");
            assertThat(info(c, "rdb_last_bgsave_status")).isEqualTo("ok");
            assertThat(dir.resolve("dump.rdb")).exists();
        }
        Assumptions.assumeRedis();
        try (RealRedis redis = RealRedis.start();
                RespClient r = new RespClient(redis.port())) {
            populate(r);
            assertThat(run(r, transaction)).isEqualTo(expected);
        }
    }

    private static List<String> run(RespClient c, String[][] commands) {
        List<String> replies = new java.util.ArrayList<>();
        for (String[] command : commands) {
            RespReply reply = c.call(command);
            replies.add(
                    reply.elements() == null
                            ? reply.text()
                            : reply.elements().stream()
                                    .map(RespReply::text)
                                    .toList()
                                    .toString());
        }
        return replies;
    }

    /** The comparisons with the real binaries are skipped where they are not installed. */
    private static final class Assumptions {
        static void assumeRedis() {
            org.junit.jupiter.api.Assumptions.assumeTrue(RealRedis.available(), "redis-server is not installed");
        }
    }
}
