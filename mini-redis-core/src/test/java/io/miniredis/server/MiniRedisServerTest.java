package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.support.RespClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start, port 0, graceful close with nothing leaked, the multi-threaded I/O mode, maxclients. */
class MiniRedisServerTest {

    @Test
    void portZeroPicksAFreePortAndCloseReleasesItAndItsThreads() throws IOException, InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        MiniRedisServer server =
                MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start();
        int port = server.port();
        assertThat(port).isPositive();
        try (RespClient client = new RespClient(port)) {
            assertThat(client.call("PING").line()).isEqualTo("PONG");
            server.close();
            assertThat(client.isClosedByServer()).isTrue();
        }
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        // close() returns when the event loops have terminated; their threads exit a moment later.
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread) && thread.getName().startsWith("mini-redis")) {
                thread.join(5000);
                assertThat(thread.isAlive())
                        .as("thread %s still alive", thread.getName())
                        .isFalse();
            }
        }
    }

    @Test
    void twoServersOnPortZeroGetTwoPorts() {
        try (MiniRedisServer a = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                MiniRedisServer b = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            try (RespClient ca = new RespClient(a.port());
                    RespClient cb = new RespClient(b.port())) {
                ca.call("SET", "k", "a");
                assertThat(cb.call("GET", "k").line()).isEqualTo("-1");
            }
        }
    }

    @Test
    void severalIoThreadsHandOffToTheKeyspaceThread() throws Exception {
        try (MiniRedisServer server = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .ioThreads(2)
                .build()
                .start()) {
            int clients = 8;
            CountDownLatch done = new CountDownLatch(clients);
            for (int c = 0; c < clients; c++) {
                new Thread(() -> {
                            try (RespClient client = new RespClient(server.port())) {
                                StringBuilder pipeline = new StringBuilder();
                                for (int i = 0; i < 200; i++) {
                                    pipeline.append("INCR counter\r\n");
                                }
                                client.send(pipeline.toString());
                                for (int i = 0; i < 200; i++) {
                                    client.read();
                                }
                            } finally {
                                done.countDown();
                            }
                        })
                        .start();
            }
            assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
            try (RespClient client = new RespClient(server.port())) {
                assertThat(client.call("GET", "counter").text()).isEqualTo("1600");
            }
        }
    }

    @Test
    void maxClientsRefusesWithRedisError() {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .maxClients(1)
                        .build()
                        .start();
                RespClient first = new RespClient(server.port())) {
            assertThat(first.call("PING").line()).isEqualTo("PONG");
            try (RespClient second = new RespClient(server.port())) {
                assertThat(second.read().line()).isEqualTo("ERR max number of clients reached");
                assertThat(second.isClosedByServer()).isTrue();
            }
        }
    }

    @Test
    void invalidConfigurationFailsAtBuild() {
        assertThatThrownBy(() ->
                        MiniRedisServer.builder().config("databases", "zero").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("databases");
    }

    @Test
    void pipelinedRepliesArriveInOrder() {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient client = new RespClient(server.port())) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                batch.append("*2\r\n$4\r\nECHO\r\n$")
                        .append(Integer.toString(i).length())
                        .append("\r\n")
                        .append(i)
                        .append("\r\n");
            }
            client.send(batch.toString());
            for (int i = 0; i < 10_000; i++) {
                assertThat(client.read().text()).isEqualTo(Integer.toString(i));
            }
        }
    }
}
