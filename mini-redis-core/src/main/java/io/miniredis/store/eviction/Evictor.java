package io.miniredis.store.eviction;

import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import io.miniredis.store.MemoryAccounting;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Keeps {@code used_memory} under {@code maxmemory} the way Redis does: before each command (and when CONFIG SET
 * lowers the limit) it deletes keys chosen by the {@code maxmemory-policy} until memory is under the limit again.
 * LRU, LFU and TTL policies sample {@code maxmemory-samples} keys of each database into an {@link EvictionPool};
 * random ones pick a key of the next database in turn.
 *
 * <p>A round is bounded in time by {@code maxmemory-eviction-tenacity}, as in Redis: when the budget is spent the
 * command runs anyway and the rest of the work continues as a task on the keyspace thread, between clients'
 * commands. Only when there is nothing left to evict (or the policy is {@code noeviction}) is a round a
 * {@link Result#FAIL}, and the dispatcher refuses commands flagged {@code denyoom}.
 *
 * <p>Runs on the keyspace thread only. With {@code maxmemory 0} nothing here runs: the dispatcher's check is one
 * field read.
 */
public final class Evictor {

    /** What a round achieved: under the limit, still working (more to do later), or unable to free enough. */
    public enum Result {
        OK,
        RUNNING,
        FAIL
    }

    private final Keyspace keyspace;
    private final MemoryAccounting memory;
    private final Supplier<Executor> keyspaceThread;
    private final EvictionPool pool = new EvictionPool();
    private long maxmemory;
    private EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private int samples = 5;
    private long timeLimitNanos = timeLimitNanos(10);
    /** Where the random policies start looking next: the databases take turns. */
    private int nextDb;

    private boolean continuationScheduled;

    public Evictor(Keyspace keyspace, MemoryAccounting memory, Supplier<Executor> keyspaceThread) {
        this.keyspace = keyspace;
        this.memory = memory;
        this.keyspaceThread = keyspaceThread;
    }

    /** True when a maxmemory is set: the only thing the dispatcher checks on every command. */
    public boolean limited() {
        return maxmemory != 0;
    }

    public void maxmemory(long bytes) {
        this.maxmemory = bytes;
    }

    public void policy(EvictionPolicy policy) {
        if (policy != this.policy) {
            pool.clear(); // its scores meant something else
        }
        this.policy = policy;
    }

    public EvictionPolicy policy() {
        return policy;
    }

    public void samples(int samples) {
        this.samples = samples;
    }

    public void tenacity(int tenacity) {
        this.timeLimitNanos = timeLimitNanos(tenacity);
    }

    /**
     * Redis's budget for one round: 50 µs per step up to tenacity 10 (the default, 500 µs), then 15% more per step;
     * 100 means no limit.
     */
    static long timeLimitNanos(int tenacity) {
        if (tenacity <= 10) {
            return 50_000L * tenacity;
        }
        if (tenacity < 100) {
            return (long) (500_000.0 * Math.pow(1.15, tenacity - 10));
        }
        return Long.MAX_VALUE;
    }

    /** Evicts until memory is under the limit, the time budget is spent, or nothing is left to evict. */
    public Result performEvictions() {
        if (maxmemory == 0 || memory.used() <= maxmemory) {
            return Result.OK;
        }
        if (policy == EvictionPolicy.NOEVICTION) {
            return Result.FAIL;
        }
        long start = System.nanoTime();
        int evicted = 0;
        while (memory.used() > maxmemory) {
            if (!evictOne()) {
                return Result.FAIL;
            }
            if ((++evicted & 15) == 0 && System.nanoTime() - start > timeLimitNanos) {
                if (memory.used() <= maxmemory) {
                    break;
                }
                scheduleContinuation();
                return Result.RUNNING;
            }
        }
        return Result.OK;
    }

    /** Evicts the policy's best key; false when there is none to evict. */
    private boolean evictOne() {
        boolean volatileOnly = policy.volatileOnly();
        int databases = keyspace.databaseCount();
        if (policy.random()) {
            for (int i = 0; i < databases; i++) {
                nextDb = (nextDb + 1) % databases;
                Database db = keyspace.db(nextDb);
                if (db.evictionCandidates(volatileOnly) > 0) {
                    db.evict(db.evictionSample(volatileOnly));
                    return true;
                }
            }
            return false;
        }
        while (true) {
            long candidates = 0;
            for (int i = 0; i < databases; i++) {
                Database db = keyspace.db(i);
                int n = db.evictionCandidates(volatileOnly);
                if (n > 0) {
                    pool.populate(db, samples, policy, keyspace);
                    candidates += n;
                }
            }
            if (candidates == 0) {
                return false;
            }
            while (pool.count() > 0) {
                Database db = keyspace.db(pool.bestDb());
                KeyEntry entry = db.evictionCandidate(pool.bestKey(), volatileOnly);
                pool.removeBest();
                if (entry != null) {
                    db.evict(entry);
                    return true;
                }
                // a ghost: the key went (or lost its TTL) since it was sampled
            }
        }
    }

    /** Continues an unfinished round later on the keyspace thread, once, like Redis's eviction time event. */
    private void scheduleContinuation() {
        Executor executor = keyspaceThread.get();
        if (continuationScheduled || executor == null) {
            return;
        }
        continuationScheduled = true;
        try {
            executor.execute(() -> {
                continuationScheduled = false;
                performEvictions();
            });
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            continuationScheduled = false; // the server is closing: nothing left to keep under the limit
        }
    }
}
