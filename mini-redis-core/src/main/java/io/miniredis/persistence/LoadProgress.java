package io.miniredis.persistence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a load tells the server as it goes, Redis's {@code loadingAbsProgress} / {@code loadingIncrProgress} and the
 * {@code processEventsWhileBlocked} calls they lead to: the server keeps INFO's {@code loading_*} fields and, every
 * so many bytes or commands, lets other clients in (they get {@code -LOADING}). Called on the loading thread, never
 * inside a command; a key being read is not in any keyspace yet, so calls in the middle of one are safe.
 */
public interface LoadProgress {

    /** A load nobody watches (tools, tests, RESTORE). */
    LoadProgress NONE = new LoadProgress() {
        @Override
        public void bytesRead(long bytes) {}
    };

    /** The size of everything this load will read (the RDB file, or all the AOF's files). */
    default void totalBytes(long bytes) {}

    /** {@code bytes} more bytes of the input were read. */
    void bytesRead(long bytes);

    /** One key was loaded (Redis's {@code key-load-delay} acts here). */
    default void keyLoaded() {}

    /** Every {@value #COMMANDS_PER_EVENTS} commands of an AOF file: clients are let in, whatever the bytes. */
    default void commandsRun() {}

    /** Redis lets clients in every 1024 commands of an AOF. */
    int COMMANDS_PER_EVENTS = 1024;

    /** The RDB's {@code used-mem} aux field: the memory the data used where the file was written. */
    default void rdbUsedMemory(long bytes) {}

    /** {@code in}, telling {@code progress} of every byte read. */
    static InputStream counting(InputStream in, LoadProgress progress) {
        if (progress == NONE) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    progress.bytesRead(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    progress.bytesRead(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                progress.bytesRead(skipped);
                return skipped;
            }
        };
    }
}
