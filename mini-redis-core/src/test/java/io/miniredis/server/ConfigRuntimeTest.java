package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.command.CommandSpec;
import io.miniredis.support.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What CONFIG changes in the running server: the cron period, statistics, passwords, limits, the config file. */
class ConfigRuntimeTest {

    @Test
    void aNewHzReschedulesTheCron() throws InterruptedException {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .config("hz", "1")
                        .build()
                        .start();
                RespClient client = new RespClient(server.port())) {
            Thread.sleep(300);
            long slow = server.cronRuns();
            assertThat(slow).isLessThanOrEqualTo(1);
            assertThat(client.call("CONFIG", "SET", "hz", "100").text()).isEqualTo("OK");
            long before = server.cronRuns();
            Thread.sleep(500);
            assertThat(server.cronRuns() - before).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void resetStatClearsServerAndCommandStatistics() {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient client = new RespClient(server.port())) {
            client.call("SET", "k", "v");
            client.call("GET", "k");
            client.call("GET", "missing");
            client.call("CONFIG", "GET", "hz");
            ServerContext context = server.context();
            assertThat(context.stats().keyspaceHits()).isEqualTo(1);
            assertThat(server.commands().lookup("get").stats().calls()).isEqualTo(2);
            assertThat(client.call("CONFIG", "RESETSTAT").text()).isEqualTo("OK");
            assertThat(context.stats().keyspaceHits()).isZero();
            assertThat(context.stats().keyspaceMisses()).isZero();
            for (CommandSpec spec : server.commands().commands()) {
                assertThat(spec.stats().calls()).as(spec.fullName()).isZero();
                for (CommandSpec sub : spec.subcommands()) {
                    // Like Redis, CONFIG RESETSTAT itself is counted once it has run.
                    long expectedCalls = sub.fullName().equals("config|resetstat") ? 1 : 0;
                    assertThat(sub.stats().calls()).as(sub.fullName()).isEqualTo(expectedCalls);
                }
            }
        }
    }

    @Test
    void aNewPasswordAppliesToTheNextAuthentication() {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient admin = new RespClient(server.port())) {
            assertThat(admin.call("CONFIG", "SET", "requirepass", "s3cret").text())
                    .isEqualTo("OK");
            assertThat(admin.call("PING").text()).isEqualTo("PONG"); // already authenticated
            try (RespClient newcomer = new RespClient(server.port())) {
                assertThat(newcomer.call("PING").text()).startsWith("NOAUTH");
                assertThat(newcomer.call("AUTH", "wrong").text()).startsWith("WRONGPASS");
                assertThat(newcomer.call("AUTH", "s3cret").text()).isEqualTo("OK");
                assertThat(newcomer.call("CONFIG", "GET", "requirepass")
                                .elements()
                                .get(1)
                                .text())
                        .isEqualTo("s3cret");
            }
        }
    }

    @Test
    void maxClientsAppliesToTheNextConnection() {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient admin = new RespClient(server.port())) {
            assertThat(admin.call("CONFIG", "SET", "maxclients", "1").text()).isEqualTo("OK");
            try (RespClient refused = new RespClient(server.port())) {
                assertThat(refused.read().text()).isEqualTo("ERR max number of clients reached");
            }
        }
    }

    @Test
    void portZeroIsReportedAsTheBoundPortAndAPortChangeMovesTheListener() throws IOException {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient admin = new RespClient(server.port())) {
            assertThat(admin.call("CONFIG", "GET", "port").elements().get(1).text())
                    .isEqualTo(Integer.toString(server.port()));
            int newPort = io.miniredis.support.RealRedis.freePort();
            assertThat(admin.call("CONFIG", "SET", "port", Integer.toString(newPort))
                            .text())
                    .isEqualTo("OK");
            assertThat(server.port()).isEqualTo(newPort);
            try (RespClient moved = new RespClient(newPort)) {
                assertThat(moved.call("PING").text()).isEqualTo("PONG");
            }
            assertThat(admin.call("PING").text()).isEqualTo("PONG"); // connected clients stay
        }
    }

    @Test
    void rewriteUpdatesTheConfigFile(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("redis.conf");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "# my settings",
                        "hz 20",
                        "save 900 1",
                        "save 300 10",
                        "rename-command FLUSHALL \"\"",
                        "",
                        "requirepass \"\"",
                        "slave-read-only yes",
                        ""));
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .configFile(file)
                        .config("hz", "20")
                        .config("save", "900 1 300 10")
                        .build()
                        .start();
                RespClient client = new RespClient(server.port())) {
            assertThat(client.call(
                                    "CONFIG",
                                    "SET",
                                    "hz",
                                    "50",
                                    "maxmemory",
                                    "10mb",
                                    "save",
                                    "60 5",
                                    "masterauth",
                                    "two words",
                                    "replica-read-only",
                                    "no")
                            .text())
                    .isEqualTo("OK");
            assertThat(client.call("CONFIG", "REWRITE").text()).isEqualTo("OK");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines)
                .containsSubsequence(
                        "# my settings",
                        "hz 50",
                        "save 60 5",
                        "rename-command FLUSHALL \"\"",
                        "",
                        "requirepass \"\"",
                        "replica-read-only no",
                        "# Generated by CONFIG REWRITE");
        assertThat(lines).contains("maxmemory 10485760", "masterauth \"two words\"", "bind 127.0.0.1");
        assertThat(lines).doesNotContain("save 300 10", "hz 20");
        assertThat(lines.stream().filter(line -> line.startsWith("save")).count())
                .isEqualTo(1);
    }

    @Test
    void rewriteWithoutAConfigFile() {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient client = new RespClient(server.port())) {
            assertThat(client.call("CONFIG", "REWRITE").text())
                    .isEqualTo("ERR The server is running without a config file");
        }
    }
}
