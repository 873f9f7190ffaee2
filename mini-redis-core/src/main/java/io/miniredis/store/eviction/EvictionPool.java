package io.miniredis.store.eviction;

import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;

/**
 * Redis's eviction pool: the best victims seen so far, kept across evictions, sorted by score ascending so the best
 * is last. Each eviction adds fresh samples from every database; a good candidate sampled earlier stays until it
 * is evicted or beaten, which is what makes sampling a few keys approximate true LRU/LFU well.
 *
 * <p>Entries hold the key's bytes, not the entry: a pooled key may have been deleted or rewritten since, and is
 * looked up again before it is evicted.
 */
final class EvictionPool {

    static final int SIZE = 16;

    private final long[] scores = new long[SIZE];
    private final byte[][] keys = new byte[SIZE][];
    private final int[] dbs = new int[SIZE];
    private int count;

    int count() {
        return count;
    }

    /** Samples up to {@code samples} keys of {@code db} into the pool. */
    void populate(Database db, int samples, EvictionPolicy policy, Keyspace keyspace) {
        int n = Math.min(samples, db.evictionCandidates(policy.volatileOnly()));
        int index = db.index();
        db.evictionSamples(policy.volatileOnly(), n, entry -> offer(policy.score(entry, keyspace), entry.key(), index));
    }

    /** Inserts a candidate in score order; when the pool is full the worst one makes room, or the newcomer is dropped. */
    void offer(long score, byte[] key, int db) {
        for (int i = 0; i < count; i++) {
            if (keys[i] == key && dbs[i] == db) {
                return; // sampled again: already in
            }
        }
        int at = 0;
        while (at < count && scores[at] < score) {
            at++;
        }
        if (count < SIZE) {
            shift(at, count, at + 1);
            count++;
        } else {
            if (at == 0) {
                return; // worse than every pooled candidate
            }
            shift(1, at, 0); // drop the worst
            at--;
        }
        scores[at] = score;
        keys[at] = key;
        dbs[at] = db;
    }

    /** The best candidate's key; {@link #bestDb()} is its database. Call {@link #removeBest()} to take it. */
    byte[] bestKey() {
        return keys[count - 1];
    }

    int bestDb() {
        return dbs[count - 1];
    }

    void removeBest() {
        count--;
        keys[count] = null;
    }

    void clear() {
        java.util.Arrays.fill(keys, null);
        count = 0;
    }

    /** Moves slots {@code [from, to)} to start at {@code dest}. */
    private void shift(int from, int to, int dest) {
        int length = to - from;
        if (length > 0) {
            System.arraycopy(scores, from, scores, dest, length);
            System.arraycopy(keys, from, keys, dest, length);
            System.arraycopy(dbs, from, dbs, dest, length);
        }
    }
}
