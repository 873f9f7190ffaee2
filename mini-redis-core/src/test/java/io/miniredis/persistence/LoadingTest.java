package io.miniredis.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerConfig;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loading state, as Redis has it: the server listens while the RDB or the AOF loads (at start, DEBUG RELOAD,
 * DEBUG LOADAOF), a command without the {@code loading} flag gets {@code -LOADING}, INFO (flagged loading) answers
 * with loading:1 and the loading_* fields, and once the load is over the data is there. {@code key-load-delay} (Redis's
 * own test parameter, microseconds per key) makes each load last long enough for a client to see it, and {@code
 * loading-process-events-interval-bytes 1024} lets clients in every KB; nothing here depends on a timing beyond the
 * load lasting longer than a client's round trip. The INFO fields are compared with real Redis loading the same file.
 */
class LoadingTest {

    private static final int KEYS = 20_000;
    private static final String LOADING = "LOADING Redis is loading the dataset in memory";

    @TempDir
    Path dir;

    private ServerConfig.Builder builder(Path directory) {
        return MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .config("dir", directory.toString())
                .config("enable-debug-command", "yes")
                .config("loading-process-events-interval-bytes", "1024");
    }

    /** A dump.rdb of KEYS keys in {@code directory}, written by mini-redis. */
    private void writeDump(Path directory) {
        try (MiniRedisServer server = builder(directory).build().start();
                RespClient c = new RespClient(server.port())) {
            assertThat(c.call("DEBUG", "POPULATE", Integer.toString(KEYS), "key", "20")
                            .text())
                    .isEqualTo("OK");
            assertThat(c.call("SAVE").text()).isEqualTo("OK");
        }
    }

    private static Map<String, String> info(RespReply reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : reply.text().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** What a client polling GET and INFO saw until the data was there. */
    private record Seen(int loadingReplies, Map<String, String> infoWhileLoading, String firstReply) {}

    /** Polls {@code port} until GET key:0 answers the value; records the LOADING replies and one INFO meanwhile. */
    private static Seen pollUntilLoaded(int port) {
        int loading = 0;
        Map<String, String> info = null;
        String first = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (RespClient c = new RespClient(port)) {
            while (System.nanoTime() < deadline) {
                RespReply reply = c.call("GET", "key:0");
                if (first == null) {
                    first = reply.text();
                }
                if (!reply.isError()) {
                    return new Seen(loading, info, first);
                }
                assertThat(reply.text()).isEqualTo(LOADING);
                loading++;
                Map<String, String> fields = info(c.call("INFO", "persistence"));
                if (info == null && "1".equals(fields.get("loading"))) {
                    info = fields;
                }
            }
        }
        throw new AssertionError("the load did not end in time");
    }

    private static void checkLoadingFields(Map<String, String> info, long totalBytes) {
        assertThat(info).containsEntry("loading", "1").containsEntry("async_loading", "0");
        assertThat(Long.parseLong(info.get("loading_start_time")))
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
        assertThat(info).containsEntry("loading_total_bytes", Long.toString(totalBytes));
        long loaded = Long.parseLong(info.get("loading_loaded_bytes"));
        assertThat(loaded).isBetween(1L, totalBytes);
        double percent = Double.parseDouble(info.get("loading_loaded_perc"));
        assertThat(percent).isCloseTo(100.0 * loaded / totalBytes, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Long.parseLong(info.get("loading_eta_seconds"))).isNotNegative();
    }

    @Test
    void startListensWhileTheRdbLoadsAndAnswersLoading() throws Exception {
        writeDump(dir);
        long size = Files.size(dir.resolve("dump.rdb"));
        MiniRedisServer server = builder(dir).config("key-load-delay", "100").build();
        CompletableFuture<MiniRedisServer> started = CompletableFuture.supplyAsync(server::start);
        try {
            int port = awaitPort(server);
            Seen seen = pollUntilLoaded(port);
            assertThat(seen.firstReply()).isEqualTo(LOADING);
            assertThat(seen.infoWhileLoading()).isNotNull();
            checkLoadingFields(seen.infoWhileLoading(), size);
            assertThat(Long.parseLong(seen.infoWhileLoading().get("loading_rdb_used_mem")))
                    .isPositive(); // the file's used-mem aux field
            started.get(60, TimeUnit.SECONDS);
            try (RespClient c = new RespClient(port)) {
                assertThat(c.call("DBSIZE").text()).isEqualTo(Integer.toString(KEYS));
                Map<String, String> after = info(c.call("INFO", "persistence"));
                assertThat(after).containsEntry("loading", "0").doesNotContainKey("loading_start_time");
            }
        } finally {
            server.close();
        }
    }

    @Test
    void withSeveralIoThreadsToo() throws Exception {
        writeDump(dir);
        MiniRedisServer server =
                builder(dir).ioThreads(2).config("key-load-delay", "100").build();
        CompletableFuture<MiniRedisServer> started = CompletableFuture.supplyAsync(server::start);
        try {
            Seen seen = pollUntilLoaded(awaitPort(server));
            assertThat(seen.firstReply()).isEqualTo(LOADING);
            assertThat(seen.infoWhileLoading()).containsEntry("loading", "1");
            started.get(60, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    @Test
    void theLoadingFieldsAreRedissWhileRedisLoadsTheSameFile() throws Exception {
        writeDump(dir);
        Path redisDir = Files.createTempDirectory(dir, "redis");
        Files.copy(dir.resolve("dump.rdb"), redisDir.resolve("dump.rdb"));
        Map<String, String> redis;
        try (RealRedis real = RealRedis.startLoadingIn(
                redisDir, "--key-load-delay", "100", "--loading-process-events-interval-bytes", "1024")) {
            redis = pollUntilLoaded(real.port()).infoWhileLoading();
        }
        MiniRedisServer server = builder(dir).config("key-load-delay", "100").build();
        CompletableFuture<MiniRedisServer> started = CompletableFuture.supplyAsync(server::start);
        try {
            Map<String, String> ours = pollUntilLoaded(awaitPort(server)).infoWhileLoading();
            assertThat(redis).as("real Redis was seen loading").isNotNull();
            assertThat(new ArrayList<>(ours.keySet())).isEqualTo(new ArrayList<>(redis.keySet()));
            for (String field : List.of("loading", "async_loading", "loading_total_bytes")) {
                assertThat(ours.get(field)).as(field).isEqualTo(redis.get(field));
            }
            started.get(60, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    @Test
    void theAofLoadsWithLoadingToo() throws Exception {
        try (MiniRedisServer server =
                        builder(dir).config("appendonly", "yes").build().start();
                RespClient c = new RespClient(server.port())) {
            for (int i = 0; i < 3000; i++) {
                c.call("SET", "key:" + i, "value " + i);
            }
        }
        MiniRedisServer server = builder(dir)
                .config("appendonly", "yes")
                .config("key-load-delay", "0")
                .build();
        CompletableFuture<MiniRedisServer> started = CompletableFuture.supplyAsync(server::start);
        try {
            // the AOF's commands are replayed with clients let in every 1024 commands; the poller may or may not
            // catch one, but never sees data before the load is over
            int port = awaitPort(server);
            Seen seen = pollUntilLoaded(port);
            started.get(60, TimeUnit.SECONDS);
            try (RespClient c = new RespClient(port)) {
                assertThat(c.call("GET", "key:2999").text()).isEqualTo("value 2999");
                assertThat(c.call("DBSIZE").text()).isEqualTo("3000");
            }
            assertThat(seen.firstReply()).isIn(LOADING, "value 0");
        } finally {
            server.close();
        }
    }

    @Test
    void debugReloadAndLoadaofLetOtherClientsInWithLoading() throws Exception {
        try (MiniRedisServer server = builder(dir).build().start();
                RespClient c = new RespClient(server.port());
                RespClient other = new RespClient(server.port())) {
            c.call("DEBUG", "POPULATE", Integer.toString(KEYS), "key", "20");
            c.call("CONFIG", "SET", "appendonly", "yes"); // its base holds the keys (POPULATE is not propagated)
            awaitNoRewrite(c);
            c.call("CONFIG", "SET", "key-load-delay", "100");
            String digest = c.call("DEBUG", "DIGEST").text();
            for (String[] command : List.of(new String[] {"DEBUG", "RELOAD"}, new String[] {"DEBUG", "LOADAOF"})) {
                // the reloading client's next command waits for its reload, and goes after it
                c.send(concat(RespClient.encode(bytes(command)), RespClient.encode(bytes("PING"))));
                // the other client is answered meanwhile: LOADING (once the save DEBUG RELOAD starts with is done)
                awaitLoading(other);
                Seen seen = pollUntilLoaded(server.port());
                assertThat(seen.loadingReplies()).as(String.join(" ", command)).isPositive();
                assertThat(seen.infoWhileLoading()).containsEntry("loading", "1");
                assertThat(c.read().text()).isEqualTo("OK");
                assertThat(c.read().text()).isEqualTo("PONG");
                assertThat(c.call("DEBUG", "DIGEST").text()).isEqualTo(digest);
            }
            // a reload asked for while one loads is refused the same way (no load nested in a load)
            c.send(RespClient.encode(bytes("DEBUG", "RELOAD")));
            awaitLoading(other);
            assertThat(other.call("DEBUG", "RELOAD").text()).isEqualTo(LOADING);
            assertThat(c.read().text()).isEqualTo("OK");
            assertThat(c.call("DEBUG", "DIGEST").text()).isEqualTo(digest);
        }
    }

    @Test
    void aShutdownWhileLoadingStopsTheLoadAndSavesNothing() throws Exception {
        writeDump(dir);
        Path dump = dir.resolve("dump.rdb");
        byte[] before = Files.readAllBytes(dump);
        MiniRedisServer server = builder(dir)
                .config("key-load-delay", "100")
                .config("save", "3600 1")
                .build();
        CompletableFuture<MiniRedisServer> started = CompletableFuture.supplyAsync(server::start);
        int port = awaitPort(server);
        try (RespClient c = new RespClient(port)) {
            assertThat(c.call("GET", "key:0").text()).isEqualTo(LOADING);
        }
        server.close();
        started.get(30, TimeUnit.SECONDS);
        assertThat(server.isRunning()).isFalse();
        assertThat(Files.readAllBytes(dump)).isEqualTo(before);
    }

    /** Until a GET answers LOADING (a reload saves first, then loads). */
    private static void awaitLoading(RespClient c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!c.call("GET", "key:0").isError()) {
            assertThat(System.nanoTime()).as("the load begins").isLessThan(deadline);
        }
    }

    private static void awaitNoRewrite(RespClient c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<String, String> fields = info(c.call("INFO", "persistence"));
            if (fields.get("aof_rewrite_in_progress").equals("0")
                    && fields.get("aof_rewrite_scheduled").equals("0")) {
                return;
            }
            assertThat(System.nanoTime()).as("the rewrite ends").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[][] bytes(String... words) {
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return argv;
    }

    private static int awaitPort(MiniRedisServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.port() == 0) {
            assertThat(System.nanoTime()).as("the server listens").isLessThan(deadline);
            Thread.sleep(5);
        }
        return server.port();
    }
}
