package io.miniredis.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOF read back: by mini-redis after a restart, torn and corrupt files, redis-check-aof and a real Redis. */
class AofReloadTest {

    private static MiniRedisServer start(Path dir, String... config) {
        var builder = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .dir(dir)
                .appendOnly(true)
                .config("enable-debug-command", "yes");
        for (int i = 0; i < config.length; i += 2) {
            builder.config(config[i], config[i + 1]);
        }
        return builder.build().start();
    }

    private static void write(int port) {
        try (RespClient c = new RespClient(port)) {
            c.call("SET", "k", "v");
            c.call("RPUSH", "l", "a", "b", "c");
            c.call("HSET", "h", "f", "1");
            c.call("SET", "t", "x", "EX", "1000");
            c.call("SELECT", "2");
            c.call("INCR", "n");
            c.call("MULTI");
            c.call("INCR", "n");
            c.call("SET", "m", "1");
            c.call("EXEC");
            c.call("EVAL", "redis.call('set', 'e', '1'); redis.call('set', 'e2', '2')", "0");
        }
    }

    /** Waits for a background rewrite to end, as Redis's own tests do (waitForBgrewriteaof). */
    static void awaitRewrite(RespClient c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (c.call("INFO", "persistence").text().contains("aof_rewrite_in_progress:1")) {
            assertThat(System.nanoTime()).as("the rewrite ends in time").isLessThan(deadline);
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * BGREWRITEAOF while clients write: commands are served during the rewrite, and the AOF it leaves (new base +
     * the increment opened at its instant) holds exactly the keyspace, as DEBUG DIGEST shows after a restart.
     */
    @Test
    void rewriteRunsWhileWritesGoOnAndLosesNothing(@TempDir Path dir) throws Exception {
        String digest;
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            c.call("DEBUG", "POPULATE", "300000", "key", "64");
            for (int i = 0; i < 200; i++) {
                c.call("RPUSH", "list" + (i % 7), "e" + i);
                c.call("HSET", "hash" + (i % 5), "f" + i, "v" + i);
            }
            assertThat(c.call("BGREWRITEAOF").text()).isEqualTo("Background append only file rewriting started");
            boolean servedDuringRewrite = false;
            boolean refusalsChecked = false;
            int i = 0;
            while (c.call("INFO", "persistence").text().contains("aof_rewrite_in_progress:1")) {
                servedDuringRewrite = true;
                if (!refusalsChecked) {
                    // refused while the rewrite runs; a reply that starts one means the first has just ended
                    refusalsChecked = true;
                    String again = c.call("BGREWRITEAOF").text();
                    String bgsave = c.call("BGSAVE").text();
                    if (again.startsWith("ERR")) {
                        assertThat(again).isEqualTo("ERR Background append only file rewriting already in progress");
                        assertThat(bgsave)
                                .isIn(
                                        "ERR Another child process is active (AOF?): can't BGSAVE right now. Use"
                                                + " BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
                                        "Background saving started");
                    } else {
                        assertThat(again).isEqualTo("Background append only file rewriting started");
                        assertThat(bgsave).startsWith("ERR Another child process is active (AOF?)");
                    }
                }
                // changes to keys the rewrite has and has not reached yet, deletions and new keys
                c.call("SET", "key:" + (i * 7919 % 300000), "changed" + i);
                c.call("DEL", "key:" + (i * 104729 % 300000));
                c.call("RPUSH", "list" + (i % 7), "during" + i);
                c.call("SET", "new" + i, "v");
                c.call("RENAME", "key:" + (i * 15485863L % 300000), "renamed" + i);
                i++;
            }
            assertThat(servedDuringRewrite)
                    .as("commands served while the base was written")
                    .isTrue();
            c.call("SET", "after", "the rewrite");
            digest = c.call("DEBUG", "DIGEST").text();
        }
        // one base and the increment opened at the last rewrite's instant; the older files are gone
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest")))
                .matches(
                        "file appendonly.aof.(\\d).base.rdb seq \\1 type b\nfile appendonly.aof.(\\d).incr.aof seq \\2 type i\n");
        try (var files = Files.list(dir.resolve("appendonlydir"))) {
            assertThat(files).hasSize(3);
        }
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            assertThat(c.call("DEBUG", "DIGEST").text()).isEqualTo(digest);
        }
    }

    @Test
    void aRewriteAskedForDuringABackgroundSaveIsScheduled(@TempDir Path dir) {
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            c.call("DEBUG", "POPULATE", "300000", "key", "64");
            assertThat(c.call("BGSAVE").text()).isEqualTo("Background saving started");
            if (c.call("INFO", "persistence").text().contains("rdb_bgsave_in_progress:1")) {
                assertThat(c.call("BGREWRITEAOF").text()).isEqualTo("Background append only file rewriting scheduled");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!c.call("INFO", "persistence").text().contains("aof_rewrites:1")
                    || c.call("INFO", "persistence").text().contains("aof_rewrite_in_progress:1")) {
                assertThat(System.nanoTime()).as("the scheduled rewrite runs").isLessThan(deadline);
                sleep(10);
            }
        }
    }

    private static void assertData(int port) {
        try (RespClient c = new RespClient(port)) {
            assertThat(c.call("GET", "k").text()).isEqualTo("v");
            assertThat(c.call("LRANGE", "l", "0", "-1").rawText()).contains("a", "b", "c");
            assertThat(c.call("HGET", "h", "f").text()).isEqualTo("1");
            assertThat(Long.parseLong(c.call("TTL", "t").text())).isBetween(900L, 1000L);
            c.call("SELECT", "2");
            assertThat(c.call("GET", "n").text()).isEqualTo("2");
            assertThat(c.call("GET", "m").text()).isEqualTo("1");
            assertThat(c.call("GET", "e2").text()).isEqualTo("2");
        }
    }

    @Test
    void restartLoadsBaseAndIncrementalFiles(@TempDir Path dir) {
        try (MiniRedisServer server = start(dir)) {
            write(server.port());
        }
        try (MiniRedisServer server = start(dir)) {
            assertData(server.port());
            try (RespClient c = new RespClient(server.port())) {
                assertThat(c.call("BGREWRITEAOF").text()).isEqualTo("Background append only file rewriting started");
                c.call("SET", "after", "rewrite");
                awaitRewrite(c);
                assertThat(c.call("DEBUG", "LOADAOF").text()).isEqualTo("OK");
                assertThat(c.call("GET", "after").text()).isEqualTo("rewrite");
            }
            assertData(server.port());
        }
        assertThat(dir.resolve("appendonlydir/appendonly.aof.manifest"))
                .hasContent("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i");
        try (MiniRedisServer server = start(dir)) {
            assertData(server.port());
        }
    }

    /**
     * CONFIG SET appendonly yes writes the first base in the background, as Redis (aof_status wait_rewrite): the
     * reply comes at once, a command pipelined behind it finds the rewrite running (the base is written between
     * loop turns, so not within the same read), writes made meanwhile land in the new increment, and once the base is
     * complete a restart on the files has everything.
     */
    @Test
    void configSetAppendonlyYesWritesTheBaseInTheBackground(@TempDir Path dir) {
        String digest;
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .dir(dir)
                        .config("enable-debug-command", "yes")
                        .build()
                        .start();
                RespClient c = new RespClient(server.port())) {
            c.call("DEBUG", "POPULATE", "50000", "key", "10");
            c.send(RespClient.encode(bytes("CONFIG", "SET", "appendonly", "yes")));
            c.send(RespClient.encode(bytes("SET", "during", "rewrite")));
            c.send(RespClient.encode(bytes("INFO", "persistence")));
            assertThat(c.read().text()).isEqualTo("OK");
            assertThat(c.read().text()).isEqualTo("OK");
            String info = c.read().text();
            assertThat(info).contains("aof_enabled:1\r\n", "aof_rewrite_in_progress:1\r\n");
            awaitRewrite(c);
            c.call("SET", "after", "rewrite");
            assertThat(c.call("INFO", "persistence").text())
                    .contains("aof_rewrites:1\r\n", "aof_last_bgrewrite_status:ok\r\n");
            digest = c.call("DEBUG", "DIGEST").text();
        }
        assertThat(dir.resolve("appendonlydir/appendonly.aof.manifest"))
                .hasContent("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i");
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            assertThat(c.call("DEBUG", "DIGEST").text()).isEqualTo(digest);
            assertThat(c.call("GET", "during").text()).isEqualTo("rewrite");
            assertThat(c.call("DBSIZE").text()).isEqualTo("50002");
        }
    }

    /** The INFO fields a pipelined MULTI / CONFIG SET appendonly yes / EXEC / INFO shows, on any server. */
    private static List<String> appendonlyInExec(int port) {
        try (RespClient c = new RespClient(port)) {
            c.call("SET", "k", "v");
            for (String[] command :
                    new String[][] {{"MULTI"}, {"CONFIG", "SET", "appendonly", "yes"}, {"EXEC"}, {"INFO", "persistence"}
                    }) {
                c.send(RespClient.encode(bytes(command)));
            }
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seen.add(c.read().toString());
            }
            for (String line : c.read().text().split("\r\n")) {
                if (line.startsWith("aof_enabled:")
                        || line.startsWith("aof_rewrite_scheduled:")
                        || line.startsWith("aof_rewrite_in_progress:")) {
                    seen.add(line);
                }
            }
            awaitRewrite(c);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!c.call("INFO", "persistence").text().contains("aof_rewrites:1\r\n")) {
                assertThat(System.nanoTime()).as("the scheduled rewrite runs").isLessThan(deadline);
                sleep(5);
            }
            return seen;
        }
    }

    /**
     * CONFIG SET appendonly yes inside EXEC schedules the first rewrite (Redis: "AOF was enabled during a
     * transaction"), which the cron then starts: the same replies and INFO fields as real Redis.
     */
    @Test
    void appendonlyYesInsideExecIsScheduled(@TempDir Path dir) {
        List<String> ours;
        try (MiniRedisServer server = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .dir(dir)
                .build()
                .start()) {
            ours = appendonlyInExec(server.port());
        }
        assertThat(ours).contains("aof_enabled:1", "aof_rewrite_scheduled:1", "aof_rewrite_in_progress:0");
        org.junit.jupiter.api.Assumptions.assumeTrue(RealRedis.available(), "redis-server is not installed");
        try (RealRedis redis = RealRedis.start()) {
            assertThat(ours).isEqualTo(appendonlyInExec(redis.port()));
        }
    }

    private static byte[][] bytes(String... words) {
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return argv;
    }

    /** Every type, big enough for several 64-item commands, special scores, an expiry, two databases, a function. */
    private static void writeEveryType(RespClient c) {
        c.call("FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)");
        c.call("SET", "s", "hello");
        c.call("SET", "n", "12345");
        c.call("RPUSH", "l", "a", "b", "c");
        c.call("HSET", "h", "f", "v", "g", "w");
        c.call("SADD", "st", "1", "2", "3");
        c.call("SADD", "st2", "a", "b");
        c.call(
                "ZADD", "z", "1", "a", "2.5", "b", "0.1", "c", "-inf", "d", "1e300", "e", "3.14159", "pi", "1.5e-7",
                "t");
        c.call("SET", "t", "x", "PX", "3600000");
        for (int i = 1; i <= 150; i++) {
            c.call("RPUSH", "big", Integer.toString(i));
            c.call("SADD", "bigs", "m" + i);
            c.call("HSET", "bigh", "f" + i, "v" + i);
            c.call("ZADD", "bigz", Integer.toString(i), "m" + i);
        }
        // a stream with a deleted entry, a group, a pending entry (its delivery time given) and an idle consumer
        c.call("XADD", "xs", "1-1", "a", "1", "b", "2");
        c.call("XADD", "xs", "2-1", "c", "3");
        c.call("XADD", "xs", "3-0", "d", "4");
        c.call("XDEL", "xs", "3-0");
        c.call("XGROUP", "CREATE", "xs", "g", "0");
        c.call("XGROUP", "CREATECONSUMER", "xs", "g", "idle");
        c.call("XCLAIM", "xs", "g", "alice", "0", "1-1", "TIME", "1700000000000", "RETRYCOUNT", "2", "FORCE", "JUSTID");
        c.call("XADD", "xe", "MAXLEN", "0", "5-5", "x", "y"); // an empty stream
        c.call("SELECT", "3");
        c.call("SET", "in3", "yes");
        c.call("SELECT", "0");
    }

    /**
     * A base of commands grouped by database and key: the commands' names and sizes in order (so the batching shows)
     * and the elements, in order where Redis's order is defined (lists, sorted sets in a listpack), sorted where it is
     * the hash table's (sets, hashes, sorted sets with a skip list: several ZADDs here); a pair is one element.
     */
    private static java.util.Map<String, List<String>> byKey(List<String> commands) {
        java.util.Map<String, List<String>> shapes = new java.util.TreeMap<>();
        java.util.Map<String, List<String>> items = new java.util.HashMap<>();
        String db = "0";
        for (String command : AofFiles.withoutClockTimes(commands, System.currentTimeMillis())) {
            String[] words = command.split(" ", -1);
            String name = words[0].toUpperCase(java.util.Locale.ROOT);
            if (name.equals("SELECT")) {
                db = words[1];
                continue;
            }
            String key = name.equals("FUNCTION") ? "function" : db + ":" + words[1];
            shapes.computeIfAbsent(key, k -> new ArrayList<>()).add(name + "/" + words.length);
            List<String> elements = items.computeIfAbsent(key, k -> new ArrayList<>());
            boolean pairs = name.equals("ZADD") || name.equals("HMSET");
            for (int i = 2; i < words.length; i += pairs ? 2 : 1) {
                elements.add(pairs ? words[i] + " " + words[i + 1] : words[i]);
            }
        }
        java.util.Map<String, List<String>> keys = new java.util.TreeMap<>();
        shapes.forEach((key, list) -> {
            List<String> elements = new ArrayList<>(items.get(key));
            String first = list.get(0);
            if (first.startsWith("SADD") || first.startsWith("HMSET") || first.startsWith("ZADD") && list.size() > 1) {
                java.util.Collections.sort(elements);
            }
            List<String> all = new ArrayList<>(list);
            all.addAll(elements);
            keys.put(key, all);
        });
        return keys;
    }

    private static Path base(Path appendDir) throws Exception {
        try (var files = Files.list(appendDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".base.aof"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /**
     * aof-use-rdb-preamble no: the base is written as commands, in Redis's rewrite form (the same commands, batched
     * by 64, as Redis 7.0.15 writes for the same data), redis-check-aof accepts the directory, and both mini-redis
     * and real Redis load it with the same data.
     */
    @Test
    void aBaseWithoutRdbPreambleIsWrittenAsRedisWritesIt(@TempDir Path dir) throws Exception {
        String digest;
        try (MiniRedisServer server = start(dir, "aof-use-rdb-preamble", "no");
                RespClient c = new RespClient(server.port())) {
            writeEveryType(c);
            assertThat(c.call("BGREWRITEAOF").text()).isEqualTo("Background append only file rewriting started");
            awaitRewrite(c);
            digest = c.call("DEBUG", "DIGEST").text();
        }
        Path ours = dir.resolve("appendonlydir");
        assertThat(dir.resolve("appendonlydir/appendonly.aof.manifest"))
                .hasContent("file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i");
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            assertThat(c.call("DEBUG", "DIGEST").text()).isEqualTo(digest);
            assertThat(c.call("FCALL", "f1", "0").text()).isEqualTo("1");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(RealRedis.available(), "redis-server is not installed");
        Process check = new ProcessBuilder(
                        "redis-check-aof",
                        ours.resolve("appendonly.aof.manifest").toString())
                .redirectErrorStream(true)
                .start();
        assertThat(check.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.exitValue()).as(output).isZero();
        try (RealRedis redis = RealRedis.start(
                        "--appendonly", "yes", "--aof-use-rdb-preamble", "no", "--enable-debug-command", "yes");
                RespClient r = new RespClient(redis.port())) {
            writeEveryType(r);
            assertThat(r.call("BGREWRITEAOF").text()).isEqualTo("Background append only file rewriting started");
            awaitRewrite(r);
            Path theirs = base(redis.directory().resolve("appendonlydir"));
            var expected = byKey(AofFiles.commands(theirs));
            var actual = byKey(AofFiles.commands(base(ours)));
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            for (String key : expected.keySet()) {
                assertThat(String.join(" ", actual.get(key))).as(key).isEqualTo(String.join(" ", expected.get(key)));
            }
        }
        try (RealRedis redis = RealRedis.start(
                        "--appendonly", "yes", "--dir", dir.toString(), "--enable-debug-command", "yes");
                RespClient r = new RespClient(redis.port())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (r.call("INFO", "persistence").text().contains("loading:1")) {
                assertThat(System.nanoTime()).as("Redis loads our AOF in time").isLessThan(deadline);
                sleep(5);
            }
            assertThat(r.call("DEBUG", "DIGEST").text()).isEqualTo(digest);
        }
    }

    private static long infoLong(RespClient c, String field) {
        for (String line : c.call("INFO", "persistence").text().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError("no " + field);
    }

    /**
     * Redis 7.0's back-off after failed rewrites (aofRewriteLimited): the automatic rewrite is retried by the cron
     * until 3 have failed in a row, then held back (1 minute, doubling up to an hour); BGREWRITEAOF still runs; a
     * success resets the count (INFO aof_rewrites_consecutive_failures). A rewrite fails here because its temp file's
     * name is taken by a directory (with a file in it, so that the failed rewrite's clean-up cannot remove it).
     */
    @Test
    void failedRewritesBackOffAfterThreeInARow(@TempDir Path dir) throws Exception {
        try (MiniRedisServer server = start(dir, "hz", "100");
                RespClient c = new RespClient(server.port())) {
            Path blocker = dir.resolve("appendonlydir/temp-rewriteaof-bg-"
                    + ProcessHandle.current().pid() + ".aof");
            Files.createDirectories(blocker);
            Files.writeString(blocker.resolve("keep"), "a failed rewrite deletes its temp file: not this one");
            c.call("CONFIG", "SET", "auto-aof-rewrite-min-size", "1");
            c.call("CONFIG", "SET", "auto-aof-rewrite-percentage", "1");
            c.call("SET", "grow", "x".repeat(1000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (infoLong(c, "aof_rewrites_consecutive_failures") < 3) {
                assertThat(System.nanoTime())
                        .as("three automatic rewrites fail")
                        .isLessThan(deadline);
                sleep(5);
            }
            awaitRewrite(c);
            sleep(300); // 30 cron runs at hz 100: none may start another rewrite for a minute
            assertThat(infoLong(c, "aof_rewrites_consecutive_failures")).isEqualTo(3);
            assertThat(c.call("INFO", "persistence").text()).contains("aof_last_bgrewrite_status:err\r\n");
            // the command is not held back
            assertThat(c.call("BGREWRITEAOF").text()).isEqualTo("Background append only file rewriting started");
            awaitRewrite(c);
            assertThat(infoLong(c, "aof_rewrites_consecutive_failures")).isEqualTo(4);
            Files.delete(blocker.resolve("keep"));
            Files.delete(blocker);
            c.call("CONFIG", "SET", "auto-aof-rewrite-percentage", "0");
            assertThat(c.call("BGREWRITEAOF").text()).isEqualTo("Background append only file rewriting started");
            awaitRewrite(c);
            assertThat(infoLong(c, "aof_rewrites_consecutive_failures")).isZero();
            assertThat(c.call("INFO", "persistence").text()).contains("aof_last_bgrewrite_status:ok\r\n");
        }
    }

    @Test
    void functionsSurviveARewriteAndARestart(@TempDir Path dir) {
        String library = "#!lua name=lib\nredis.register_function('hello', function() return 'hi' end)";
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            c.call("FUNCTION", "LOAD", library);
            c.call("BGREWRITEAOF");
            awaitRewrite(c);
        }
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            assertThat(c.call("FCALL", "hello", "0").text()).isEqualTo("hi");
        }
    }

    @Test
    void tornLastCommandIsTruncatedOrRefusedAsConfigured(@TempDir Path dir) throws Exception {
        try (MiniRedisServer server = start(dir)) {
            write(server.port());
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        long size = Files.size(incr);
        Files.writeString(incr, "*3\r\n$3\r\nSET\r\n$4\r\ntorn", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> start(dir, "aof-load-truncated", "no"))
                .hasMessageContaining("Unexpected end of file reading the append only file")
                .hasMessageContaining("appendonly.aof.1.incr.aof at offset " + size);
        assertThat(Files.size(incr)).isEqualTo(size + 21); // refused: nothing touched
        try (MiniRedisServer server = start(dir)) {
            assertData(server.port());
        }
        assertThat(Files.size(incr)).isEqualTo(size);
    }

    @Test
    void corruptMiddleIsRefusedNamingFileAndOffset(@TempDir Path dir) throws Exception {
        try (MiniRedisServer server = start(dir)) {
            write(server.port());
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        byte[] bytes = Files.readAllBytes(incr);
        bytes[30] = '!';
        Files.write(incr, bytes);
        assertThatThrownBy(() -> start(dir))
                .hasMessageContaining("Bad file format reading the append only file")
                .hasMessageContaining("appendonly.aof.1.incr.aof at offset");
        assertThat(Files.readAllBytes(incr)).isEqualTo(bytes);
    }

    @Test
    void redisCheckAofAcceptsAndRealRedisLoadsOurDirectory(@TempDir Path dir) throws Exception {
        try (MiniRedisServer server = start(dir)) {
            write(server.port());
        }
        Path manifest = dir.resolve("appendonlydir/appendonly.aof.manifest");
        Process check = new ProcessBuilder("redis-check-aof", manifest.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(check.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(output).contains("is valid");
        assertThat(check.exitValue()).as(output).isZero();
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--dir", dir.toString());
                RespClient c = new RespClient(redis.port())) {
            // Redis answers PING (how RealRedis knows it is up) while it still loads, and LOADING to reads
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (c.call("INFO", "persistence").text().contains("loading:1")) {
                assertThat(System.nanoTime()).as("Redis loads our AOF in time").isLessThan(deadline);
                sleep(5);
            }
            assertData(redis.port());
        }
    }
}
