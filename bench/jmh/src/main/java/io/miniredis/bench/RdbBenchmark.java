package io.miniredis.bench;

import io.miniredis.persistence.KeyspaceLoader;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.persistence.RdbWriteOptions;
import io.miniredis.persistence.RdbWriter;
import io.miniredis.stats.ServerStats;
import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing and reading an RDB snapshot of {@code keyCount} small string keys ({@code key:<n>} to a 10-byte value,
 * one in ten with a TTL): {@link RdbWriter#writeKeyspace} to a discarding stream (encoding and CRC, no I/O), and
 * {@link KeyspaceLoader#load} of the same image from memory into a fresh keyspace (parsing, checksum, key table).
 * One operation is the whole snapshot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class RdbBenchmark {

    @Param({"1000000"})
    int keyCount;

    private Keyspace keyspace;
    private byte[] image;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        keyspace = new Keyspace(16, InstantSource.system(), new ServerStats());
        Database db = keyspace.db(0);
        long expiry = System.currentTimeMillis() + 3_600_000;
        for (int i = 0; i < keyCount; i++) {
            var entry = db.add(
                    ("key:" + i).getBytes(StandardCharsets.US_ASCII),
                    ("value-" + (i % 9999)).getBytes(StandardCharsets.US_ASCII));
            if (i % 10 == 0) {
                db.setExpiry(entry, expiry);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter.writeKeyspace(
                out, keyspace, List.of(), RdbWriteOptions.DEFAULTS, RdbWriter.AccessData.NONE, "7.0.15");
        image = out.toByteArray();
    }

    @Benchmark
    public long write() throws IOException {
        return RdbWriter.writeKeyspace(
                OutputStream.nullOutputStream(),
                keyspace,
                List.of(),
                RdbWriteOptions.DEFAULTS,
                RdbWriter.AccessData.NONE,
                "7.0.15");
    }

    @Benchmark
    public long read() throws IOException {
        return KeyspaceLoader.load(
                        new ByteArrayInputStream(image),
                        image.length,
                        16,
                        InstantSource.system(),
                        RdbLoadLimits.DEFAULTS)
                .summary()
                .keys();
    }
}
