package io.miniredis.persistence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The file end of a background save: an {@link OutputStream} the keyspace thread writes the RDB image into (a copy
 * of each chunk is queued, so the writer never blocks the keyspace thread), and a thread of its own, {@code
 * mini-redis-rdb-writer}, that writes the chunks to {@code temp-<pid>.rdb}, fsyncs it and renames it over the
 * target, as Redis's child does. {@link #pending} says how many bytes wait in memory: the producer stops its slices
 * while it is over its cap, so the queue stays bounded (only the pre-write hook's copies may pass the cap, and
 * those are what Redis's copy-on-write would copy).
 *
 * <p>The outcome goes to {@code done} on the writer thread: null on success, else the failure.
 */
public final class RdbFileWriter extends OutputStream {

    private static final byte[] END = new byte[0];
    private static final byte[] ABORT = new byte[0];

    private final Path temp;
    private final Path target;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final Consumer<Throwable> done;
    private final Thread thread;
    private volatile Throwable failure;

    /** Whether the file is fsynced every 4 MB on the way (see {@link IncrementalFsync}). */
    private final boolean incrementalFsync;

    private volatile long incrementalSyncs;

    public RdbFileWriter(Path temp, Path target, Consumer<Throwable> done) {
        this(temp, target, false, done);
    }

    /** As above, fsyncing every 4 MB when {@code incrementalFsync} (rdb-save- / aof-rewrite-incremental-fsync). */
    public RdbFileWriter(Path temp, Path target, boolean incrementalFsync, Consumer<Throwable> done) {
        this.temp = temp;
        this.target = target;
        this.done = done;
        this.incrementalFsync = incrementalFsync;
        this.thread = new Thread(this::run, "mini-redis-rdb-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (failure != null || length == 0) {
            return; // the file is lost already: the producer sees failed() and stops
        }
        byte[] chunk = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        pending.addAndGet(length);
        chunks.add(chunk);
    }

    /** Bytes handed over and not yet written to the file. */
    public long pending() {
        return pending.get();
    }

    /** The writer's error, once it had one (the file cannot be completed). */
    public Throwable failed() {
        return failure;
    }

    /** The fsyncs made every 4 MB so far (not the final one). */
    public long incrementalSyncs() {
        return incrementalSyncs;
    }

    /** Everything is written: fsync and rename after the queued chunks. */
    @Override
    public void close() {
        chunks.add(END);
    }

    /** Drops the save: the temp file is deleted, {@code done} hears of an {@link IOException}. */
    public void abort() {
        chunks.add(ABORT);
    }

    /** Waits for the writer thread to end (SHUTDOWN waits for an aborted save's file to be gone). */
    public void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private void run() {
        Throwable outcome = null;
        try (FileChannel file = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            IncrementalFsync sync = new IncrementalFsync(file, incrementalFsync);
            while (true) {
                byte[] chunk = chunks.take();
                if (chunk == END) {
                    file.force(true);
                    break;
                }
                if (chunk == ABORT) {
                    throw new IOException("Background saving aborted");
                }
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(chunk);
                while (buffer.hasRemaining()) {
                    file.write(buffer);
                }
                pending.addAndGet(-chunk.length);
                sync.written(chunk.length);
                incrementalSyncs = sync.syncs();
            }
        } catch (Throwable e) {
            outcome = e;
        }
        if (outcome == null) {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                outcome = e;
            }
        }
        if (outcome != null) {
            failure = outcome;
            chunks.clear();
            pending.set(0);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more to do: the error below is what counts
            }
        }
        done.accept(outcome);
    }
}
