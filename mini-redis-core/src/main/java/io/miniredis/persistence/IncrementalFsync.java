package io.miniredis.persistence;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

/**
 * Redis's {@code rioSetAutoSync}: while a big file is written (an RDB save, an AOF rewrite's base), it is fsynced every
 * 4 MB, so that the kernel never holds a huge dirty tail to flush at once at the end (a latency spike for everyone
 * writing to the disk). On with {@code rdb-save-incremental-fsync} / {@code aof-rewrite-incremental-fsync} (yes by
 * default); off, the file is fsynced once, at its end.
 */
public final class IncrementalFsync {

    /** Redis's REDIS_AUTOSYNC_BYTES. */
    public static final long BYTES = 4L << 20;

    private final FileChannel channel;
    private final boolean on;
    private long sinceSync;
    private volatile long syncs;

    public IncrementalFsync(FileChannel channel, boolean on) {
        this.channel = channel;
        this.on = on;
    }

    /** {@code bytes} more were written to the channel: an fsync when another 4 MB are. */
    public void written(long bytes) throws IOException {
        if (!on) {
            return;
        }
        sinceSync += bytes;
        if (sinceSync >= BYTES) {
            channel.force(false);
            sinceSync = 0;
            syncs++;
        }
    }

    /** The fsyncs made on the way (not the final one). */
    public long syncs() {
        return syncs;
    }

    /** An output stream on {@code channel} that fsyncs as above. */
    public static OutputStream stream(FileChannel channel, boolean on) {
        IncrementalFsync sync = new IncrementalFsync(channel, on);
        return new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                sync.written(length);
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                sync.written(1);
            }
        };
    }
}
