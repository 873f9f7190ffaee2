package io.miniredis.bench;

import io.miniredis.protocol.ProtocolLimits;
import io.miniredis.protocol.RespRequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one read's worth of pipelined requests: 16 SETs as {@code redis-benchmark -P 16 -t set} sends them, from
 * a direct buffer (what the epoll transport hands the decoder) or a heap one. Time per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RespDecoderBenchmark {

    static final int BATCH = 16;

    /** Value size: 3 is redis-benchmark's default, 1024 its {@code -d 1024}. */
    @Param({"3", "1024"})
    int valueSize;

    @Param({"direct", "heap"})
    String buffer;

    private ByteBuf in;
    private RespRequestDecoder decoder;
    private final List<Object> out = new ArrayList<>(BATCH);

    @Setup(Level.Trial)
    public void setUp() {
        byte[][][] commands = new byte[BATCH][][];
        for (int i = 0; i < BATCH; i++) {
            commands[i] = Resp.argv("SET", Resp.key(12345 + i * 1000L), Resp.value(valueSize));
        }
        byte[] batch = Resp.pipeline(commands);
        in = buffer.equals("direct")
                ? PooledByteBufAllocator.DEFAULT.directBuffer(batch.length)
                : Unpooled.buffer(batch.length);
        in.writeBytes(batch);
        decoder = new RespRequestDecoder(ProtocolLimits.DEFAULTS, () -> true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        in.release();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decodeSetBatch(Blackhole bh) {
        in.readerIndex(0);
        out.clear();
        decoder.decode(in, out);
        if (out.size() != BATCH) {
            throw new IllegalStateException("decoded " + out.size() + " commands");
        }
        bh.consume(out);
    }
}
