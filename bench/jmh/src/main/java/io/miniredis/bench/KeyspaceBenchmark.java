package io.miniredis.bench;

import io.miniredis.stats.ServerStats;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import java.time.InstantSource;
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
 * GET and SET as the string commands do them on the keyspace, without protocol or dispatch: sample the clock
 * ({@code beginCommand}), then {@code lookupRead} for GET, {@code lookupWrite} + {@code set} for SET (overwriting,
 * as in redis-benchmark's steady state). Includes the hit/miss statistics and the LRU touch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class KeyspaceBenchmark {

    @Param({"100000", "1000000"})
    int keyCount;

    private Keyspace keyspace;
    private Database db;
    private Keys keys;
    private final byte[] value = Resp.value(3);

    @Setup(Level.Trial)
    public void setUp() {
        keyspace = new Keyspace(16, InstantSource.system(), new ServerStats());
        db = keyspace.db(0);
        keys = new Keys(keyCount);
        keyspace.beginCommand(true);
        for (byte[] key : keys.stored) {
            db.set(key, value.clone(), false);
        }
    }

    @Benchmark
    public Object get() {
        keyspace.beginCommand(true);
        KeyEntry entry = db.lookupRead(keys.probes[keys.next()]);
        return entry == null ? null : entry.value();
    }

    @Benchmark
    public KeyEntry getMiss() {
        keyspace.beginCommand(true);
        return db.lookupRead(keys.missing[keys.next()]);
    }

    @Benchmark
    public KeyEntry set() {
        keyspace.beginCommand(true);
        byte[] key = keys.probes[keys.next()];
        db.lookupWrite(key);
        // A new value array per SET, like the decoder's: the old one becomes garbage.
        return db.set(key, value.clone(), false);
    }
}
