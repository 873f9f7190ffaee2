package io.miniredis.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal RESP client for tests that need the exact bytes of a reply: it sends commands as RESP arrays (or raw
 * bytes) and reads one complete reply, RESP2 or RESP3, returning it as a {@link RespReply} tree with its raw bytes.
 */
public final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespClient(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RespClient(int port) {
        this("127.0.0.1", port);
    }

    /** Sets how long a read may wait (10 s by default), for tests that expect a slow reply. */
    public RespClient timeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sends a command and reads its reply. */
    public RespReply call(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return call(bytes);
    }

    public RespReply call(byte[]... args) {
        send(encode(args));
        return read();
    }

    public static byte[] encode(byte[]... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            buffer.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buffer.writeBytes(arg);
            buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return buffer.toByteArray();
    }

    public void send(byte[] raw) {
        try {
            out.write(raw);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(String raw) {
        send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads one complete reply. */
    public RespReply read() {
        try {
            return RespReply.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when some reply bytes arrive within {@code millis} (they stay unread): for a blocked client, tells "still
     * waiting" from "answered".
     */
    public boolean hasReplyWithin(int millis) {
        try {
            socket.setSoTimeout(millis);
            in.mark(1);
            int next = in.read();
            in.reset();
            return next >= 0;
        } catch (java.net.SocketTimeoutException nothingYet) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout(10_000);
            } catch (IOException ignored) {
                // the next read reports it
            }
        }
    }

    /** True when the server has closed the connection (reads EOF within the timeout). */
    public boolean isClosedByServer() {
        try {
            socket.setSoTimeout(3000);
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
