package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.miniredis.support.RealRedis;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code unixsocket} / {@code unixsocketperm}: a server that listens on a Unix domain socket, reached by Lettuce and
 * by {@code redis-cli -s}, and shown in CLIENT LIST as Redis shows its socket clients (compared with a real
 * redis-server on a socket of its own).
 */
class UnixSocketTest {

    @TempDir
    Path dir;

    private MiniRedisServer start(Path socket, String perm, boolean nativeTransport) {
        return MiniRedisServer.builder()
                .port(0)
                .config("unixsocket", socket.toString())
                .config("unixsocketperm", perm)
                .nativeTransport(nativeTransport)
                .build()
                .start();
    }

    /** Port 0 with a socket is the socket only, as Redis; with epoll and with the JDK's own domain sockets. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void portZeroListensOnTheSocketOnlyAndLettuceTalksThroughIt(boolean nativeTransport) throws IOException {
        Path socket = dir.resolve("redis.sock");
        Files.writeString(socket, "a stale file where the socket goes"); // Redis removes whatever is there
        try (MiniRedisServer server = start(socket, "700", nativeTransport)) {
            assertThat(server.addresses()).isEmpty();
            assertThat(server.port()).isZero();
            assertThat(server.unixSocket()).isEqualTo(socket);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rwx------");
            RedisClient client = RedisClient.create(
                    RedisURI.Builder.socket(socket.toString()).build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                assertThat(redis.ping()).isEqualTo("PONG");
                assertThat(redis.set("k", "v")).isEqualTo("OK");
                assertThat(redis.get("k")).isEqualTo("v");
                assertThat(redis.configGet("port")).containsEntry("port", "0");
                assertThat(redis.configGet("unixsocket*"))
                        .containsEntry("unixsocket", socket.toString())
                        .containsEntry("unixsocketperm", "700");
                String info = redis.clientInfo();
                assertThat(info)
                        .contains(" addr=" + socket + ":0 laddr=" + socket + ":0 ")
                        .contains(" flags=U ");
            } finally {
                client.shutdown();
            }
        }
        assertThat(socket).doesNotExist(); // removed at shutdown
    }

    @Test
    void aPortAndASocketTogether() {
        Path socket = dir.resolve("both.sock");
        try (MiniRedisServer server = startWithPortAndSocket(socket)) {
            assertThat(server.addresses()).hasSize(1);
            assertThat(redisCli("-p", Integer.toString(server.port()), "set", "shared", "1"))
                    .isEqualTo("OK");
            assertThat(redisCli("-s", socket.toString(), "get", "shared")).isEqualTo("1");
        }
    }

    /** CONFIG SET port 0 with a socket closes the TCP listener, as in Redis; another port opens one again. */
    @Test
    void configSetPortZeroLeavesTheSocketOnly() {
        Path socket = dir.resolve("config.sock");
        try (MiniRedisServer server = startWithPortAndSocket(socket)) {
            assertThat(redisCli("-s", socket.toString(), "config", "set", "port", "0"))
                    .isEqualTo("OK");
            assertThat(server.addresses()).isEmpty();
            assertThat(redisCli("-s", socket.toString(), "config", "get", "port"))
                    .isEqualTo("port\n0");
            assertThat(redisCli("-s", socket.toString(), "info", "server")).contains("tcp_port:0");
            int port = freePort();
            assertThat(redisCli("-s", socket.toString(), "config", "set", "port", Integer.toString(port)))
                    .isEqualTo("OK");
            assertThat(redisCli("-p", Integer.toString(port), "ping")).isEqualTo("PONG");
        }
    }

    @Test
    void redisCliOverTheSocketAndClientKillAddr() {
        Path socket = dir.resolve("cli.sock");
        try (MiniRedisServer server = start(socket, "0", true)) {
            assertThat(redisCli("-s", socket.toString(), "set", "greeting", "hi"))
                    .isEqualTo("OK");
            assertThat(redisCli("-s", socket.toString(), "get", "greeting")).isEqualTo("hi");
            RedisClient client = RedisClient.create(
                    RedisURI.Builder.socket(socket.toString()).build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
                // the Lettuce connection is the other client at that address; redis-cli itself is skipped (SKIPME)
                assertThat(redisCli("-s", socket.toString(), "client", "kill", "addr", socket + ":0"))
                        .isEqualTo("1");
            } finally {
                client.shutdown();
            }
        }
    }

    /** {@code local} lets a socket client run DEBUG, as Redis's islocalClient does. */
    @Test
    void aSocketClientIsLocal() {
        Path socket = dir.resolve("local.sock");
        try (MiniRedisServer server = MiniRedisServer.builder()
                .port(0)
                .config("unixsocket", socket.toString())
                .config("enable-debug-command", "local")
                .build()
                .start()) {
            assertThat(redisCli("-s", socket.toString(), "debug", "sleep", "0")).isEqualTo("OK");
        }
    }

    @Test
    void aSocketThatCannotBeOpenedFailsTheStart() {
        Path socket = dir.resolve("missing-directory").resolve("redis.sock");
        assertThatThrownBy(() -> start(socket, "0", true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Failed opening Unix socket");
    }

    /** The fields Redis shows for a socket client, mini-redis's CLIENT INFO beside redis-server's own. */
    @Test
    void clientInfoOverTheSocketIsRedisOwn() {
        Path realSocket = dir.resolve("real.sock");
        Path ourSocket = dir.resolve("ours.sock");
        try (RealRedis real = RealRedis.start("--unixsocket", realSocket.toString(), "--unixsocketperm", "750");
                MiniRedisServer server = start(ourSocket, "750", true)) {
            String theirs = redisCli("-s", realSocket.toString(), "client", "info");
            String ours = redisCli("-s", ourSocket.toString(), "client", "info");
            assertThat(socketFields(ours, ourSocket)).isEqualTo(socketFields(theirs, realSocket));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ourSocket)))
                    .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(realSocket)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** addr, laddr (with the path replaced), flags, and that fd is a number. */
    private static List<String> socketFields(String clientInfo, Path socket) {
        List<String> fields = new ArrayList<>();
        for (String field : clientInfo.strip().split(" ")) {
            if (field.startsWith("addr=") || field.startsWith("laddr=") || field.startsWith("flags=")) {
                fields.add(field.replace(socket.toString(), "SOCKET"));
            }
            Matcher fd = Pattern.compile("fd=(\\d+)").matcher(field);
            if (fd.matches()) {
                fields.add("fd=N");
            }
        }
        return fields;
    }

    /** A TCP port on loopback as well as the socket. */
    private static MiniRedisServer startWithPortAndSocket(Path socket) {
        return MiniRedisServer.builder()
                .port(freePort())
                .bind("127.0.0.1")
                .config("unixsocket", socket.toString())
                .build()
                .start();
    }

    private static int freePort() {
        try {
            return RealRedis.freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String redisCli(String... args) {
        String cli = null;
        for (String candidate : List.of("/usr/bin/redis-cli", "/usr/local/bin/redis-cli")) {
            if (new File(candidate).canExecute()) {
                cli = candidate;
            }
        }
        Assumptions.assumeTrue(cli != null, "redis-cli is not installed (apt-get install redis-tools)");
        List<String> command = new ArrayList<>(List.of(cli));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            return output.strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
