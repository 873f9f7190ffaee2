package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import io.miniredis.support.ServersToCompare;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code client-output-buffer-limit}: a subscriber that never reads is disconnected once what is queued for it
 * reaches the hard limit (or stays over the soft limit too long) instead of making the server hold everything
 * published; a subscriber that reads gets every message; a normal client whose reply is over its class's limit is
 * closed. Each scenario runs against mini-redis and against a real redis-server, which must behave alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputBufferLimitTest {

    private static final int MESSAGE_SIZE = 64 * 1024;

    @RegisterExtension
    final ServersToCompare servers = new ServersToCompare();

    private int port(String server) {
        return servers.port(server);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads", "redis"})
    void subscriberThatNeverReadsIsDisconnectedAtTheHardLimit(String server) throws Exception {
        int port = port(server);
        try (RespClient admin = new RespClient(port)) {
            admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 4mb 0 0");
            int messages = 1000; // 64 MB in all
            try (Socket slow = slowSubscriber(port, "flood");
                    RespClient fast = new RespClient(port)) {
                fast.call("SUBSCRIBE", "flood");
                java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
                CompletableFuture<Integer> fastReceived = CompletableFuture.supplyAsync(() -> {
                    for (int i = 0; i < messages; i++) {
                        fast.read();
                        read.incrementAndGet();
                    }
                    return messages;
                });
                long delivered = 0;
                for (int sent = 0; sent < messages; sent += 8) {
                    // in steps the reading subscriber keeps up with: the next step waits until it has read all but
                    // one step, so its backlog stays far below the limit however slow the machine is
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (read.get() < sent - 8 && System.nanoTime() < deadline && !fastReceived.isDone()) {
                        Thread.sleep(1);
                    }
                    delivered += publish(port, "flood", 8);
                }
                assertThat(fastReceived.get(60, TimeUnit.SECONDS)).isEqualTo(messages);
                assertThat(delivered).as("receivers counted by PUBLISH").isBetween((long) messages, 2L * messages);
                assertThat(numsub(admin, "flood"))
                        .as("only the reading subscriber is left")
                        .isEqualTo(1);
                long readable = drain(slow);
                // what the slow subscriber can still read is what reached the sockets before it was cut off:
                // far less than what was published for it
                assertThat(readable).isLessThan(messages * (long) MESSAGE_SIZE / 4);
                assertThat(admin.call("PING").line()).isEqualTo("PONG");
            } finally {
                admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads", "redis"})
    void subscriberOverTheSoftLimitForLongerThanAllowedIsDisconnected(String server) throws Exception {
        int port = port(server);
        try (RespClient admin = new RespClient(port)) {
            admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 1mb 1");
            try (Socket slow = slowSubscriber(port, "soft")) {
                publish(port, "soft", 256); // 16 MB: over the soft limit, but not for long yet
                assertThat(numsub(admin, "soft"))
                        .as("still there within the soft seconds")
                        .isEqualTo(1);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (numsub(admin, "soft") == 1 && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    publish(port, "soft", 1); // the limit is checked when output is added, as in Redis
                }
                assertThat(numsub(admin, "soft"))
                        .as("disconnected after the soft seconds")
                        .isEqualTo(0);
            } finally {
                admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads", "redis"})
    void normalClientWhoseReplyIsOverItsLimitIsClosed(String server) {
        int port = port(server);
        try (RespClient admin = new RespClient(port);
                RespClient client = new RespClient(port)) {
            admin.call("SET", "big", "x".repeat(200_000));
            assertThat(client.call("GET", "big").bulk()).hasSize(200_000); // no limit by default
            admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 100kb 0 0");
            client.send(RespClient.encode(
                    "GET".getBytes(StandardCharsets.US_ASCII), "big".getBytes(StandardCharsets.US_ASCII)));
            assertThat(client.isClosedByServer()).isTrue();
            assertThat(admin.call("GET", "nosuch").type()).isEqualTo('$'); // the server goes on
        } finally {
            try (RespClient admin = new RespClient(port)) {
                admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0");
                admin.call("DEL", "big");
            }
        }
    }

    /** A subscriber with a tiny receive buffer that never reads after its confirmation. */
    private static Socket slowSubscriber(int port, String channel) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(RespClient.encode(
                "SUBSCRIBE".getBytes(StandardCharsets.US_ASCII), channel.getBytes(StandardCharsets.US_ASCII)));
        out.flush();
        byte[] confirmation =
                new byte[("*3\r\n$9\r\nsubscribe\r\n$" + channel.length() + "\r\n" + channel + "\r\n:1\r\n").length()];
        InputStream in = socket.getInputStream();
        int read = 0;
        while (read < confirmation.length) {
            int n = in.read(confirmation, read, confirmation.length - read);
            if (n < 0) {
                throw new IOException("closed before the confirmation");
            }
            read += n;
        }
        return socket;
    }

    /** Publishes {@code count} messages of 64 KB, pipelined; returns the sum of the receiver counts. */
    private static long publish(int port, String channel, int count) {
        byte[] command = RespClient.encode(
                "PUBLISH".getBytes(StandardCharsets.US_ASCII),
                channel.getBytes(StandardCharsets.US_ASCII),
                new byte[MESSAGE_SIZE]);
        try (RespClient publisher = new RespClient(port)) {
            CompletableFuture<Long> receivers = CompletableFuture.supplyAsync(() -> {
                long sum = 0;
                for (int i = 0; i < count; i++) {
                    RespReply reply = publisher.read();
                    sum += Long.parseLong(reply.line());
                }
                return sum;
            });
            for (int i = 0; i < count; i++) {
                publisher.send(command);
            }
            return receivers.join();
        }
    }

    private static long numsub(RespClient admin, String channel) {
        return Long.parseLong(
                admin.call("PUBSUB", "NUMSUB", channel).elements().get(1).line());
    }

    /** Reads everything the server had sent before closing; fails when the connection stays open. */
    private static long drain(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
            return total;
        } catch (java.net.SocketException reset) {
            return 0; // reset by the server: nothing more to read either
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
