package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import io.miniredis.support.ServersToCompare;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code maxmemory-clients}: a client that asks for big replies and never reads them is disconnected once all
 * clients together hold more than the limit; one with {@code CLIENT NO-EVICT on} is not (and the others pay for
 * it); {@code evicted_clients} counts; the data and the other clients are untouched. Each scenario runs against
 * mini-redis (one and two I/O threads) and a real redis-server, which must behave alike.
 *
 * <p>The "hog" pipelines its GETs of a 1 MB value in one write: mini-redis stops reading from a client whose
 * output the socket does not take (back-pressure), so a hog that sent its GETs one at a time would hold one reply
 * and no more; Redis keeps reading, and evicts either way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientEvictionTest {

    private static final int VALUE_SIZE = 1_000_000;

    @RegisterExtension
    final ServersToCompare servers = new ServersToCompare();

    private int port;

    @AfterEach
    void reset() {
        try (RespClient admin = new RespClient(port)) {
            admin.call("CONFIG", "SET", "maxmemory-clients", "0");
            admin.call("CONFIG", "SET", "maxmemory", "0");
            admin.call("FLUSHALL");
        }
    }

    /** An admin connection, protected from eviction, with the 1 MB value stored. */
    private RespClient admin(String server) {
        port = servers.port(server);
        RespClient admin = new RespClient(port);
        admin.call("CLIENT", "NO-EVICT", "on");
        admin.call("SET", "big", "x".repeat(VALUE_SIZE));
        return admin;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads", "redis"})
    void clientThatNeverReadsIsEvictedOthersAndDataAreNot(String server) throws Exception {
        try (RespClient admin = admin(server);
                RespClient bystander = new RespClient(port)) {
            bystander.call("CLIENT", "SETNAME", "bystander");
            long evictedBefore = evictedClients(admin);
            admin.call("CONFIG", "SET", "maxmemory-clients", "3mb");
            try (Socket hog = hog("hog", false)) {
                askForBigReplies(hog, 10);
                assertThat(evicted(admin, hog, "hog")).as("the hog is evicted").isTrue();
            }
            assertThat(evictedClients(admin)).isEqualTo(evictedBefore + 1);
            assertThat(bystander.call("PING").line()).isEqualTo("PONG");
            assertThat(admin.call("STRLEN", "big").line()).isEqualTo(String.valueOf(VALUE_SIZE));
            assertThat(admin.call("DBSIZE").line()).isEqualTo("1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads", "redis"})
    void noEvictClientIsKeptAndGetsEveryReply(String server) throws Exception {
        try (RespClient admin = admin(server)) {
            long evictedBefore = evictedClients(admin);
            admin.call("CONFIG", "SET", "maxmemory-clients", "3mb");
            try (Socket hog = hog("hog", true)) {
                askForBigReplies(hog, 10);
                Thread.sleep(1500); // Redis measures a no-evict client in its cron: give it a full round
                assertThat(admin.call("CLIENT", "LIST").text()).contains("name=hog ");
                assertThat(evictedClients(admin)).isEqualTo(evictedBefore);
                assertThat(readBytes(hog, 10L * (VALUE_SIZE + 12)))
                        .as("every reply arrives")
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads", "redis"})
    void aNoEvictClientOverTheLimitCostsTheOthersTheirConnection(String server) throws Exception {
        try (RespClient admin = admin(server);
                RespClient bystander = new RespClient(port)) {
            bystander.call("CLIENT", "SETNAME", "bystander");
            long evictedBefore = evictedClients(admin);
            admin.call("CONFIG", "SET", "maxmemory-clients", "3mb");
            try (Socket hog = hog("hog", true)) {
                askForBigReplies(hog, 10);
                assertThat(bystander.isClosedByServer())
                        .as("the evictable bystander goes")
                        .isTrue();
                assertThat(evictedClients(admin)).isEqualTo(evictedBefore + 1);
                assertThat(admin.call("CLIENT", "LIST").text()).contains("name=hog ");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads", "redis"})
    void percentageOfMaxmemory(String server) throws Exception {
        try (RespClient admin = admin(server)) {
            admin.call("CONFIG", "SET", "maxmemory", "40mb");
            admin.call("CONFIG", "SET", "maxmemory-clients", "5%"); // 2 MB
            try (Socket hog = hog("hog", false)) {
                askForBigReplies(hog, 8);
                assertThat(evicted(admin, hog, "hog"))
                        .as("evicted over 5% of maxmemory")
                        .isTrue();
            }
            admin.call("CONFIG", "SET", "maxmemory", "200mb"); // 10 MB: the same hog fits
            try (Socket hog = hog("hog", false)) {
                askForBigReplies(hog, 8);
                assertThat(readBytes(hog, 8L * (VALUE_SIZE + 12)))
                        .as("every reply arrives")
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads", "redis"})
    void configSetAppliesAtOnceAndZeroTurnsItOff(String server) throws Exception {
        try (RespClient admin = admin(server)) {
            long evictedBefore = evictedClients(admin);
            try (Socket hog = hog("hog", false)) {
                askForBigReplies(hog, 8); // no limit: it is kept
                Thread.sleep(300);
                assertThat(admin.call("CLIENT", "LIST").text()).contains("name=hog ");
                admin.call("CONFIG", "SET", "maxmemory-clients", "2mb"); // now it holds too much
                assertThat(evicted(admin, hog, "hog"))
                        .as("evicted when the limit is lowered")
                        .isTrue();
            }
            assertThat(evictedClients(admin)).isEqualTo(evictedBefore + 1);
            admin.call("CONFIG", "SET", "maxmemory-clients", "0");
            try (Socket hog = hog("hog", false)) {
                askForBigReplies(hog, 8);
                Thread.sleep(300);
                assertThat(readBytes(hog, 8L * (VALUE_SIZE + 12)))
                        .as("0 is no limit")
                        .isTrue();
            }
            assertThat(evictedClients(admin)).isEqualTo(evictedBefore + 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads", "redis"})
    void clientSendingAHugeRequestIsEvictedByItsQueryBuffer(String server) throws Exception {
        try (RespClient admin = admin(server)) {
            long evictedBefore = evictedClients(admin);
            admin.call("CONFIG", "SET", "maxmemory-clients", "3mb");
            try (Socket uploader = hog("uploader", false)) {
                OutputStream out = uploader.getOutputStream();
                try {
                    out.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000000\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[4_000_000]); // and the last million never comes
                    out.flush();
                } catch (IOException evictedWhileSending) {
                    // the server may close the connection before it has all of it
                }
                assertThat(evicted(admin, uploader, "uploader"))
                        .as("evicted for its query buffer")
                        .isTrue();
            }
            assertThat(evictedClients(admin)).isEqualTo(evictedBefore + 1);
            assertThat(admin.call("EXISTS", "k").line()).isEqualTo("0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mini", "mini-io-threads"})
    void clientListReportsTheOutputHeld(String server) throws Exception {
        try (RespClient admin = admin(server)) {
            try (Socket hog = hog("hog", false)) {
                askForBigReplies(hog, 8);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                String line;
                do {
                    Thread.sleep(50);
                    line = clientLine(admin, "hog");
                } while (field(line, "omem") < 2 * VALUE_SIZE && System.nanoTime() < deadline);
                assertThat(field(line, "omem")).as(line).isGreaterThan(2L * VALUE_SIZE);
                assertThat(field(line, "tot-mem")).as(line).isGreaterThan(field(line, "omem"));
                assertThat(field(admin.call("INFO", "memory").text(), "mem_clients_normal"))
                        .isGreaterThan(2L * VALUE_SIZE);
                assertThat(readBytes(hog, 8L * (VALUE_SIZE + 12))).isTrue();
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                do { // with two I/O threads the socket's event loop forgets the written reply a moment later
                    line = clientLine(admin, "hog");
                } while (field(line, "omem") > 0 && System.nanoTime() < deadline);
                assertThat(field(line, "omem")).as(line).isZero();
            }
        }
    }

    // ---- helpers

    /** A client with a tiny receive buffer that, after its setup, reads nothing until told to. */
    private Socket hog(String name, boolean noEvict) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(RespClient.encode(bytes("CLIENT"), bytes("SETNAME"), bytes(name)));
        if (noEvict) {
            out.write(RespClient.encode(bytes("CLIENT"), bytes("NO-EVICT"), bytes("on")));
        }
        out.flush();
        assertThat(readBytes(socket, noEvict ? 10 : 5)).isTrue();
        return socket;
    }

    private static void askForBigReplies(Socket hog, int count) throws IOException {
        byte[] get = RespClient.encode(bytes("GET"), bytes("big"));
        OutputStream out = hog.getOutputStream();
        out.write(repeat(get, count));
        out.flush();
    }

    private static byte[] repeat(byte[] command, int count) {
        byte[] all = new byte[command.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(command, 0, all, i * command.length, command.length);
        }
        return all;
    }

    /**
     * Whether the server dropped the client named {@code name}: first gone from CLIENT LIST (waiting without reading
     * from its socket, since reading would drain the very output that makes it too big), then its socket closed.
     */
    private static boolean evicted(RespClient admin, Socket socket, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (admin.call("CLIENT", "LIST").text().contains("name=" + name + " ")) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return closedByServer(socket);
    }

    /** Reads until the server closes the connection; false when it is still open after 10 seconds. */
    private static boolean closedByServer(Socket socket) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        byte[] buffer = new byte[65536];
        try {
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException notYet) {
                    // keep waiting
                }
            }
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Reads exactly {@code count} bytes; false when the connection ends first. */
    private static boolean readBytes(Socket socket, long count) {
        byte[] buffer = new byte[65536];
        try {
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(10_000);
            long read = 0;
            while (read < count) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, count - read));
                if (n < 0) {
                    return false;
                }
                read += n;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long evictedClients(RespClient admin) {
        return field(admin.call("INFO", "stats").text(), "evicted_clients");
    }

    private static String clientLine(RespClient admin, String name) {
        for (String line : admin.call("CLIENT", "LIST").text().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                return line;
            }
        }
        throw new AssertionError("no client " + name);
    }

    /** A {@code name=value} field of CLIENT LIST, or a {@code name:value} line of INFO. */
    private static long field(String text, String name) {
        for (String part : text.split("[ \r\n]+")) {
            if (part.startsWith(name + "=") || part.startsWith(name + ":")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in " + text);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
