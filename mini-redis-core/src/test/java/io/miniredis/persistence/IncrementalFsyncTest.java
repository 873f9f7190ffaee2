package io.miniredis.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rdb-save-incremental-fsync / aof-rewrite-incremental-fsync: the background writer fsyncs every 4 MB written, as
 * Redis's rioSetAutoSync, when on; once, at the end, when off. The file is the same either way.
 */
class IncrementalFsyncTest {

    @TempDir
    Path dir;

    private long write(boolean incremental, Path target) throws Exception {
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        RdbFileWriter file = new RdbFileWriter(dir.resolve("temp.rdb"), target, incremental, done::complete);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < 10; i++) {
            chunk[0] = (byte) i;
            file.write(chunk, 0, chunk.length);
        }
        file.close();
        assertThat(done.get(30, TimeUnit.SECONDS)).isNull();
        return file.incrementalSyncs();
    }

    @Test
    void every4MbWhenOnNeverWhenOff() throws Exception {
        assertThat(write(true, dir.resolve("on.rdb"))).isEqualTo(2); // at 4 and 8 MB of 10
        assertThat(write(false, dir.resolve("off.rdb"))).isZero();
        assertThat(Files.size(dir.resolve("on.rdb"))).isEqualTo(10L << 20);
        assertThat(Files.mismatch(dir.resolve("on.rdb"), dir.resolve("off.rdb")))
                .isEqualTo(-1);
    }
}
