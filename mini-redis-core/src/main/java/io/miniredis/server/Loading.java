package io.miniredis.server;

import io.miniredis.persistence.LoadProgress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Redis's loading state: while the RDB file or the AOF loads (at start, DEBUG RELOAD, DEBUG LOADAOF) the server
 * listens, commands without the {@code loading} flag get {@code -LOADING} (the dispatcher's central check), and INFO
 * reports the {@code loading_*} fields. The load itself runs on the keyspace thread, in a task (never inside a socket
 * read), and every {@code loading-process-events-interval-bytes} of input (2 MB), and every 1024 commands of an AOF,
 * it lets the event loop run once ({@link ServerContext#processEventsWhileBlocked()}), as Redis does: that is when
 * other clients are answered. {@code key-load-delay} (Redis's hidden test parameter) slows each key down.
 *
 * <p>Keyspace thread only, but the fields INFO and the starter's health read are volatile.
 */
public final class Loading implements LoadProgress {

    /** The server is stopping (SHUTDOWN, SIGTERM, close()) while it loads: the load stops at its next check. */
    public static final class Aborted extends RuntimeException {
        Aborted() {
            super("the server is shutting down", null, false, false);
        }
    }

    private final ServerContext server;
    private volatile boolean active;
    private volatile boolean aborted;
    private volatile long startSeconds;
    private volatile long totalBytes;
    private volatile long rdbUsedMemory;
    private volatile long loadedBytes;
    /** loadedBytes at which the event loop runs next. */
    private long nextEventsAt;
    /** Keys seen with a negative key-load-delay, which sleeps 1 µs every so many keys on average. */
    private long keyCount;

    /** key-load-delay, kept here as it changes: read for every key. */
    private volatile int keyLoadDelay;

    Loading(ServerContext server) {
        this.server = server;
        keyLoadDelay = server.config().getInt("key-load-delay");
        server.config().onChange("key-load-delay", value -> keyLoadDelay = Integer.parseInt(value));
    }

    /** Whether a load is in progress: commands without the {@code loading} flag are refused. Any thread. */
    public boolean active() {
        return active;
    }

    /** Enters the loading state (before the load's size is known: {@link #totalBytes} sets it). */
    void begin() {
        active = true;
        startSeconds = server.keyspace().clock().millis() / 1000;
        totalBytes = 0;
        rdbUsedMemory = 0;
        loadedBytes = 0;
        nextEventsAt = interval();
    }

    /** Leaves it: the next commands run. */
    void end() {
        active = false;
        server.loadingEnded();
    }

    /** Shutdown while loading: the load throws {@link Aborted} at its next check. Any thread. */
    void abort() {
        aborted = true;
    }

    /** Whether a shutdown stopped a load (the server is closing). Any thread. */
    public boolean aborted() {
        return aborted;
    }

    @Override
    public void totalBytes(long bytes) {
        totalBytes = bytes;
    }

    @Override
    public void rdbUsedMemory(long bytes) {
        rdbUsedMemory = bytes;
    }

    @Override
    public void bytesRead(long bytes) {
        long loaded = loadedBytes + bytes;
        loadedBytes = loaded;
        if (loaded >= nextEventsAt) {
            long interval = interval();
            nextEventsAt = loaded - loaded % interval + interval;
            processEvents();
        }
    }

    @Override
    public void commandsRun() {
        processEvents();
    }

    @Override
    public void keyLoaded() {
        if (aborted) {
            throw new Aborted();
        }
        int delay = keyLoadDelay;
        if (delay == 0) {
            return;
        }
        // Redis's debugDelay: microseconds per key; a negative value sleeps 1 µs once every -delay keys on average
        long micros = delay > 0 ? delay : (++keyCount % -(long) delay == 0 ? 1 : 0);
        if (micros > 0) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(micros));
        }
    }

    private long interval() {
        return Math.max(1024, server.config().getLong("loading-process-events-interval-bytes"));
    }

    /** Other clients are answered now (LOADING, or the commands flagged loading: INFO, PING is not one). */
    private void processEvents() {
        if (aborted) {
            throw new Aborted();
        }
        server.processEventsWhileBlocked();
        if (aborted) {
            throw new Aborted();
        }
    }

    /** INFO persistence's loading_* fields, shown while loading, in Redis's order with its arithmetic. */
    public List<Object[]> infoFields() {
        long total = totalBytes;
        long used = rdbUsedMemory;
        long loaded = loadedBytes;
        double percent = 0;
        long remaining = 1;
        if (total > 0) {
            percent = (double) loaded / total * 100;
            remaining = total - loaded;
        } else if (used > 0) {
            // the memory the data used is only a guess at the file's size: never 100% before the end
            percent = Math.min(99.99, (double) loaded / used * 100);
            remaining = Math.max(1, used - loaded);
        }
        long elapsed = server.keyspace().clock().millis() / 1000 - startSeconds;
        long eta = elapsed == 0 ? 1 : elapsed * remaining / (loaded + 1);
        return List.of(
                new Object[] {"loading_start_time", startSeconds},
                new Object[] {"loading_total_bytes", total},
                new Object[] {"loading_rdb_used_mem", used},
                new Object[] {"loading_loaded_bytes", loaded},
                new Object[] {"loading_loaded_perc", String.format(Locale.ROOT, "%.2f", percent)},
                new Object[] {"loading_eta_seconds", eta});
    }
}
