package io.miniredis.server;

import io.miniredis.persistence.RdbFileWriter;
import io.miniredis.persistence.SnapshotWriter;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives a {@link SnapshotWriter} to its end on the keyspace thread, one slice between event-loop turns, for BGSAVE
 * and the AOF rewrite alike: slices pause while the writer thread is behind, and the file is closed (fsynced and
 * renamed by the writer thread, which then reports) after the last one.
 */
final class SnapshotSlices {

    /** Slices pause while this much waits for the writer thread: the bound on a snapshot's extra memory. */
    private static final long PIPE_CAP_BYTES = 8L << 20;
    /** The pause between two slices, in which the event loop serves the clients (0 would starve them). */
    private static final long SLICE_GAP_MICROS = 20;

    private final EventExecutor keyspaceThread;
    private final SnapshotWriter snapshot;
    private final RdbFileWriter file;
    private final BooleanSupplier current;
    private final Consumer<Exception> failed;

    /**
     * @param current whether the snapshot is still wanted (false once stopped: the slices end quietly)
     * @param failed told of a slice's failure, after the snapshot is cancelled and the file aborted
     */
    private SnapshotSlices(
            EventExecutor keyspaceThread,
            SnapshotWriter snapshot,
            RdbFileWriter file,
            BooleanSupplier current,
            Consumer<Exception> failed) {
        this.keyspaceThread = keyspaceThread;
        this.snapshot = snapshot;
        this.file = file;
        this.current = current;
        this.failed = failed;
    }

    static void start(
            EventExecutor keyspaceThread,
            SnapshotWriter snapshot,
            RdbFileWriter file,
            BooleanSupplier current,
            Consumer<Exception> failed) {
        new SnapshotSlices(keyspaceThread, snapshot, file, current, failed).schedule(SLICE_GAP_MICROS);
    }

    private void schedule(long delayMicros) {
        keyspaceThread.schedule(this::slice, delayMicros, TimeUnit.MICROSECONDS);
    }

    private void slice() {
        if (!current.getAsBoolean()) {
            return;
        }
        if (file.failed() != null) {
            snapshot.cancel(); // the writer thread reports the failure itself
            return;
        }
        if (file.pending() > PIPE_CAP_BYTES) {
            schedule(1000);
            return;
        }
        try {
            if (snapshot.slice()) {
                file.close();
                return;
            }
        } catch (IOException | RuntimeException e) {
            snapshot.cancel();
            file.abort();
            failed.accept(e);
            return;
        }
        // not 0: a task due at once would run again in the same turn of the loop, before any I/O
        schedule(SLICE_GAP_MICROS);
    }
}
