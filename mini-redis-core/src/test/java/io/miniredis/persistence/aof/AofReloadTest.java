package io.miniredis.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    @Test
    void functionsSurviveARewriteAndARestart(@TempDir Path dir) {
        String library = "#!lua name=lib\nredis.register_function('hello', function() return 'hi' end)";
        try (MiniRedisServer server = start(dir);
                RespClient c = new RespClient(server.port())) {
            c.call("FUNCTION", "LOAD", library);
            c.call("BGREWRITEAOF");
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
        try (RealRedis redis = RealRedis.start("--appendonly", "yes", "--dir", dir.toString())) {
            assertData(redis.port());
        }
    }
}
