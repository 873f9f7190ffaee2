package io.miniredis.bench;

import io.miniredis.store.Dict;
import io.miniredis.store.KeyEntry;
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
 * The key table alone: lookups of present and absent keys in random order, and an add followed by a remove, over
 * 100 000 keys (redis-benchmark's {@code -r 100000}) and 1 000 000 (the memory test). With a million keys most
 * lookups miss the CPU caches, which is what the server sees too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DictBenchmark {

    @Param({"100000", "1000000"})
    int keyCount;

    private Dict dict;
    private Keys keys;
    private final Object value = Resp.value(3);

    @Setup(Level.Trial)
    public void setUp() {
        keys = new Keys(keyCount);
        dict = new Dict();
        for (byte[] key : keys.stored) {
            dict.add(key, value);
        }
    }

    @Benchmark
    public KeyEntry getHit() {
        return dict.get(keys.probes[keys.next()]);
    }

    @Benchmark
    public KeyEntry getMiss() {
        return dict.get(keys.missing[keys.next()]);
    }

    /** A key that comes and goes: the table's size stays the same, so no resize is measured. */
    @Benchmark
    public KeyEntry addRemove() {
        byte[] key = keys.missing[keys.next()];
        dict.add(key, value);
        return dict.remove(key);
    }
}
