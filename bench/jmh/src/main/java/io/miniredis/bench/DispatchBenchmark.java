package io.miniredis.bench;

import io.miniredis.command.CommandDispatcher;
import io.miniredis.protocol.ProtocolLimits;
import io.miniredis.protocol.RespRequestDecoder;
import io.miniredis.server.ClientSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commands through the real dispatcher (lookup, arity and auth checks, the handler, statistics, the reply) on a
 * server that is built but not started: everything the keyspace thread does per command except the network.
 * {@code pipeline*} also decodes: one read of 16 pipelined commands, decoded, run, replies written, which is the
 * server's whole per-read work minus Netty's socket I/O. Keys are random out of 100 000, like
 * {@code redis-benchmark -r 100000}, all present. Time per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatchBenchmark {

    static final int KEYS = 100_000;
    static final int BATCH = 16;

    private DetachedClient client;
    private CommandDispatcher dispatcher;
    private ClientSession session;
    private ByteBuf out;
    private Keys keys;
    private byte[][][] gets;
    private byte[][][] sets;
    /** One read's bytes each: 16 pipelined commands, together covering every key of the random order. */
    private ByteBuf[] setBatches;

    private ByteBuf[] getBatches;
    private ByteBuf[] incrBatches;
    private int nextBatch;
    private RespRequestDecoder decoder;
    private final List<Object> decoded = new ArrayList<>(BATCH);

    @Setup(Level.Trial)
    public void setUp() {
        client = new DetachedClient();
        dispatcher = client.context.dispatcher();
        session = client.session;
        out = PooledByteBufAllocator.DEFAULT.directBuffer(64 * 1024);
        session.reply().target(out);
        keys = new Keys(KEYS);
        byte[] value = Resp.value(3);
        for (byte[] key : keys.stored) {
            dispatcher.execute(session, Resp.argv("SET", key, value));
            out.clear();
        }
        // Pre-built argument vectors, a fresh array per command as the decoder makes them.
        gets = new byte[keys.order.length][][];
        sets = new byte[keys.order.length][][];
        for (int i = 0; i < keys.order.length; i++) {
            gets[i] = Resp.argv("GET", keys.probes[keys.order[i]]);
            sets[i] = Resp.argv("SET", keys.probes[keys.order[i]], Resp.value(3));
        }
        setBatches = batches(sets);
        getBatches = batches(gets);
        byte[][][] incrs = new byte[BATCH][][];
        java.util.Arrays.fill(incrs, Resp.argv("INCR", "counter:__rand_int__".getBytes()));
        incrBatches = batches(incrs);
        decoder = new RespRequestDecoder(ProtocolLimits.DEFAULTS, () -> true);
    }

    private static ByteBuf[] batches(byte[][][] commands) {
        ByteBuf[] batches = new ByteBuf[commands.length / BATCH];
        for (int b = 0; b < batches.length; b++) {
            byte[][][] batch = new byte[BATCH][][];
            System.arraycopy(commands, b * BATCH, batch, 0, BATCH);
            byte[] bytes = Resp.pipeline(batch);
            batches[b] = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
            batches[b].writeBytes(bytes);
        }
        return batches;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
        for (int b = 0; b < setBatches.length; b++) {
            setBatches[b].release();
            getBatches[b].release();
        }
        incrBatches[0].release();
        session.channel().close();
    }

    private int next;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf get() {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            dispatcher.execute(session, gets[next]);
            next = (next + 1) & (gets.length - 1);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf set() {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            dispatcher.execute(session, sets[next]);
            next = (next + 1) & (sets.length - 1);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf pipelineSet() {
        return decodeAndRun(setBatches);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf pipelineGet() {
        return decodeAndRun(getBatches);
    }

    /** INCR on one counter, as {@code redis-benchmark -t incr} does without {@code -r}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuf pipelineIncr() {
        return decodeAndRun(incrBatches);
    }

    private ByteBuf decodeAndRun(ByteBuf[] batches) {
        ByteBuf in = batches[nextBatch & (batches.length - 1)];
        nextBatch = (nextBatch + 1) & (setBatches.length - 1);
        in.readerIndex(0);
        decoded.clear();
        decoder.decode(in, decoded);
        out.clear();
        for (Object command : decoded) {
            dispatcher.execute(session, (byte[][]) command);
        }
        return out;
    }
}
