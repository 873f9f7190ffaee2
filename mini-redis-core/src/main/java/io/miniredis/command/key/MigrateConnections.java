package io.miniredis.command.key;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * MIGRATE's connections to target servers, one per {@code host:port}, kept for 10 seconds after their last use as
 * Redis keeps them (so a loop of MIGRATEs does not connect each time), with the database last selected on each so
 * that SELECT is sent only when it changes. Used only from the keyspace thread; the server's cron closes the
 * idle ones, as Redis's does.
 */
final class MigrateConnections {

    /** How long an unused connection is kept, as Redis's MIGRATE_SOCKET_CACHE_TTL. */
    static final long IDLE_MILLIS = 10_000;
    /** Redis keeps at most 64 cached connections; one more closes a random one (here: the least recently used). */
    static final int MAX_CACHED = 64;

    private final Map<String, Connection> cached = new HashMap<>();

    /** One open connection: blocking socket I/O, each read and write bounded by the MIGRATE timeout. */
    static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        /** The database selected on the target, or -1 when unknown (after an error). */
        long lastDb = -1;

        long lastUse;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** One reply line without its CRLF ({@code +OK}, {@code -ERR ...}); a RESTORE or SELECT answers no more. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed by the target");
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
                }
                if (line.size() >= 64 * 1024) {
                    throw new IOException("reply line too long");
                }
                line.write(b);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }

    /** Thrown when the connection cannot be made in time (Redis's "error or timeout connecting"). */
    static final class ConnectFailed extends IOException {
        ConnectFailed(Throwable cause) {
            super(cause);
        }
    }

    /**
     * The cached connection to {@code host:port}, or a new one.
     *
     * @param wasCached set to true when the connection came from the cache (a failure may then be retried once)
     * @throws ConnectFailed when connecting fails or times out
     */
    Connection get(String host, int port, int timeoutMillis, boolean[] wasCached, long now) throws IOException {
        closeIdle(now);
        String name = host + ":" + port;
        Connection connection = cached.get(name);
        if (connection != null) {
            wasCached[0] = true;
            connection.lastUse = now;
            connection.socket.setSoTimeout(timeoutMillis);
            return connection;
        }
        wasCached[0] = false;
        if (cached.size() >= MAX_CACHED) {
            String oldest = null;
            for (Map.Entry<String, Connection> entry : cached.entrySet()) {
                if (oldest == null || entry.getValue().lastUse < cached.get(oldest).lastUse) {
                    oldest = entry.getKey();
                }
            }
            cached.remove(oldest).close();
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
        } catch (java.net.ConnectException refused) {
            // Redis connects without blocking and only learns of a refusal when it writes: reported as such
            socket.close();
            throw refused;
        } catch (IOException | IllegalArgumentException e) { // unknown host, timeout, a port out of range
            socket.close();
            throw new ConnectFailed(e);
        }
        connection = new Connection(socket);
        connection.lastUse = now;
        cached.put(name, connection);
        return connection;
    }

    /** Forgets and closes the connection to {@code host:port} (after an I/O error: its state is unknown). */
    void close(String host, int port) {
        Connection connection = cached.remove(host + ":" + port);
        if (connection != null) {
            connection.close();
        }
    }

    void closeIdle(long now) {
        for (Iterator<Connection> it = cached.values().iterator(); it.hasNext(); ) {
            Connection connection = it.next();
            if (now - connection.lastUse > IDLE_MILLIS) {
                connection.close();
                it.remove();
            }
        }
    }
}
