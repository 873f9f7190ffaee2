package io.miniredis.bench;

import io.miniredis.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing the replies of a 16-command batch into a pooled direct buffer, as the server does: OK, small integers
 * (shared pre-encoded bytes), large integers (decimal conversion), bulk strings of 3 and 1024 bytes. Time per
 * reply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplyBenchmark {

    static final int BATCH = 16;

    private final Reply reply = new Reply(error -> {});
    private final byte[] small = Resp.value(3);
    private final byte[] large = Resp.value(1024);
    private ByteBuf out;

    @Setup(Level.Trial)
    public void setUp() {
        out = PooledByteBufAllocator.DEFAULT.directBuffer(64 * 1024);
        reply.target(out);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf ok() {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            reply.ok();
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf smallInteger() {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            reply.integer(i);
        }
        return out;
    }

    /** INCR replies: counters past the shared small integers need a decimal conversion. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf largeInteger() {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            reply.integer(1_234_567L + i);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf bulk3() {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            reply.bulk(small);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf bulk1024() {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            reply.bulk(large);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf nullBulk() {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            reply.nullBulk();
        }
        return out;
    }
}
