package io.miniredis.testing;

import static io.miniredis.testing.FaultsTest.bytes;
import static io.miniredis.testing.FaultsTest.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RespClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Faults with several I/O threads, where each read is handed to the keyspace thread as one task: the delayed reply
 * keeps its place, a drop answers what came before it, a stall that a server close ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsWithIoThreadsTest {

    private final MiniRedisServer server = MiniRedisServer.builder()
            .port(0)
            .bind("127.0.0.1")
            .ioThreads(2)
            .build()
            .start();

    @AfterEach
    void clearFaults() {
        server.faults().clear();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aDelayedReplyKeepsItsPlace() {
        try (RespClient client = new RespClient(server.port())) {
            server.faults().on("INCR").times(1).delay(Duration.ofMillis(200));
            client.send(concat(
                    RespClient.encode(bytes("PING")),
                    RespClient.encode(bytes("INCR"), bytes("d")),
                    RespClient.encode(bytes("INCR"), bytes("d")),
                    RespClient.encode(bytes("GET"), bytes("d"))));
            assertThat(client.read().rawText()).isEqualTo("+PONG\r\n");
            assertThat(client.read().rawText()).isEqualTo(":1\r\n");
            assertThat(client.read().rawText()).isEqualTo(":2\r\n");
            assertThat(client.read().rawText()).isEqualTo("$1\r\n2\r\n");
        }
    }

    @Test
    void aDropAnswersWhatCameBefore() {
        try (RespClient client = new RespClient(server.port())) {
            server.faults().on("GET").dropConnection();
            client.send(concat(
                    RespClient.encode(bytes("SET"), bytes("x"), bytes("1")),
                    RespClient.encode(bytes("GET"), bytes("x")),
                    RespClient.encode(bytes("SET"), bytes("x"), bytes("2"))));
            assertThat(client.read().rawText()).isEqualTo("+OK\r\n");
            assertThat(client.isClosedByServer()).isTrue();
        }
        server.faults().clear();
        try (RespClient client = new RespClient(server.port())) {
            assertThat(client.call("GET", "x").rawText()).isEqualTo("$1\r\n1\r\n");
        }
    }

    @Test
    void closingTheServerEndsAStall() {
        MiniRedisServer other =
                MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start();
        other.faults().stall(Duration.ofMinutes(10));
        other.close(); // returns: the stall ends with the server
        assertThat(other.isRunning()).isFalse();
    }
}
