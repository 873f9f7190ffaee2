package io.miniredis.boot;

import io.miniredis.server.MiniRedisServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks the server something over a real connection, the way any client would, with a short timeout: the health
 * check and the actuator endpoint use it, so that what they report is what a client gets (a server whose thread
 * is stuck does not answer, and shows DOWN). One short-lived connection per call; RESP2; AUTH first when the
 * server currently requires a password.
 */
public final class MiniRedisProbe {

    private final MiniRedisServer server;
    private final Duration timeout;

    public MiniRedisProbe(MiniRedisServer server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /**
     * Runs one command and returns its reply: a String for a simple or bulk string, a Long for an integer, a List
     * for an array, null for a null reply.
     *
     * @throws IOException when the server cannot be reached or does not answer in time, or answers with an error
     */
    public Object command(String... args) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        if (server.addresses().isEmpty() && server.unixSocket() != null) {
            return overUnixSocket(millis, args);
        }
        InetSocketAddress address = MiniRedisServerLifecycle.connectAddress(server);
        try (Socket socket = new Socket()) {
            socket.connect(address, millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            return ask(socket.getOutputStream(), new BufferedInputStream(socket.getInputStream()), args);
        }
    }

    /**
     * A server on its unix socket only ({@code port 0}): the JDK's domain socket channel, which has no read timeout,
     * so a timer closes it when the server does not answer in time.
     */
    private Object overUnixSocket(int millis, String... args) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            CompletableFuture<Void> timer = CompletableFuture.runAsync(
                    () -> {
                        try {
                            channel.close();
                        } catch (IOException ignored) {
                            // closing is all the timer does
                        }
                    },
                    CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
            try {
                channel.connect(UnixDomainSocketAddress.of(server.unixSocket()));
                return ask(
                        Channels.newOutputStream(channel),
                        new BufferedInputStream(Channels.newInputStream(channel)),
                        args);
            } catch (AsynchronousCloseException e) {
                throw new IOException("No reply within " + millis + " ms on " + server.unixSocket(), e);
            } finally {
                timer.cancel(false);
            }
        }
    }

    /** AUTH first when the server requires a password now, then the command. */
    private Object ask(OutputStream out, InputStream in, String... args) throws IOException {
        String password = server.context().config().get("requirepass");
        if (!password.isEmpty()) {
            write(out, "AUTH", password);
            read(in);
        }
        write(out, args);
        return read(in);
    }

    private static void write(OutputStream out, String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(request.toByteArray());
        out.flush();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Connection closed by the server");
        }
        String line = line(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IOException("Error reply: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> bulk(in, Integer.parseInt(line));
            case '*' -> array(in, Integer.parseInt(line));
            default -> throw new IOException("Unexpected reply type '" + (char) type + "'");
        };
    }

    private static String bulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length < length + 2) {
            throw new EOFException("Connection closed in a reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static List<Object> array(InputStream in, int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(read(in));
        }
        return items;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("Connection closed in a reply");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
