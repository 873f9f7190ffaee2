package io.miniredis.store;

import java.util.function.IntSupplier;

/**
 * The server's {@code used_memory}: an estimate of what mini-redis itself holds on the heap, maintained as data
 * changes ({@link MemoryEstimates}), never read from the JVM's heap figures, which include garbage and the host
 * application and move with every collection. Eviction compares this figure with {@code maxmemory}.
 *
 * <p>It is the sum of:
 * <ul>
 *   <li>a fixed start-up figure, {@link #STARTUP_BYTES}, chosen equal to what a Redis 7.0 that has just started
 *       reports as {@code used_memory_startup} (~870 KB), so that a maxmemory sized for Redis leaves the data the
 *       same room. Measured for comparison: the command table, configuration and empty databases retain ~200 KB
 *       of heap; a whole started server, Netty's event loops and class statics included, ~2.7 MB;</li>
 *   <li>the dataset: every key's bytes, value and entry, kept up to date by each write;</li>
 *   <li>the key tables' bucket arrays and expiry indexes of the databases;</li>
 *   <li>{@link #CLIENT_BYTES} per connected client: its session, reply writer and channel objects (measured:
 *       ~3.5 KB of retained heap per idle connection). Query and output buffers are Netty's pooled direct memory,
 *       off the heap, and not counted.</li>
 * </ul>
 *
 * <p>Accuracy, measured against the retained heap after a forced GC (64-bit HotSpot, compressed oops) for each
 * kind of value: short strings 2% under, strings with a TTL 3.7% under, 100-byte strings 2.7% under, lists,
 * small and large hashes, intsets, large sets and sorted sets within 1.1% under.
 */
public final class MemoryAccounting {

    /** The fixed part of used_memory: Redis 7.0's used_memory_startup (see the class comment). */
    public static final long STARTUP_BYTES = 870 * 1024;
    /** Heap held per connected client, buffers aside (measured). */
    public static final long CLIENT_BYTES = 3_584;

    private final Keyspace keyspace;
    private final IntSupplier connectedClients;
    private long peak;

    public MemoryAccounting(Keyspace keyspace, IntSupplier connectedClients) {
        this.keyspace = keyspace;
        this.connectedClients = connectedClients;
    }

    /** {@code used_memory}: a few additions, cheap enough to compare with maxmemory before each command. */
    public long used() {
        return STARTUP_BYTES + keyspace.datasetBytes() + keyspace.tableOverheadBytes() + clientsBytes();
    }

    public long startup() {
        return STARTUP_BYTES;
    }

    /** The keys and values themselves (Redis's {@code used_memory_dataset}). */
    public long dataset() {
        return keyspace.datasetBytes();
    }

    /** What is not the dataset: start-up, key tables, clients (Redis's {@code used_memory_overhead}). */
    public long overhead() {
        return STARTUP_BYTES + keyspace.tableOverheadBytes() + clientsBytes();
    }

    public long clientsBytes() {
        return connectedClients.getAsInt() * CLIENT_BYTES;
    }

    /** The highest {@link #used()} seen by {@link #updatePeak()} (the cron, INFO, MEMORY STATS). */
    public long peak() {
        return updatePeak();
    }

    public long updatePeak() {
        long used = used();
        if (used > peak) {
            peak = used;
        }
        return peak;
    }
}
