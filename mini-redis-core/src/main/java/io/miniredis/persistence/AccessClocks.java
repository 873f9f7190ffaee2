package io.miniredis.persistence;

import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;

/**
 * The LRU idle time and LFU frequency of a key, as RDB files (IDLE and FREQ opcodes) and RESTORE (IDLETIME, FREQ)
 * carry them, read from and set on a key's access clock. Which of the two a keyspace tracks follows its
 * maxmemory-policy; the other is ignored, as in Redis.
 */
public final class AccessClocks {

    /** Redis's LRU clock: seconds, 24 bits. */
    private static final long LRU_CLOCK_MAX = (1 << 24) - 1;

    private AccessClocks() {}

    /**
     * Sets the key's access clock: under an LFU policy to counter {@code frequency} (if not negative), decayed from
     * now; otherwise, for {@code idleSeconds} not negative, to that many seconds ago on the 24-bit LRU clock
     * (wrapping below zero as Redis does).
     */
    public static void apply(Keyspace keyspace, KeyEntry entry, long idleSeconds, long frequency) {
        if (keyspace.lfuTracking()) {
            if (frequency >= 0) {
                long minutes = (keyspace.now() / 60_000) & 0xffff;
                entry.accessClock((int) (minutes << 8 | frequency));
            }
        } else if (idleSeconds >= 0) {
            long at = keyspace.lruClock() - idleSeconds;
            if (at < 0) {
                at += LRU_CLOCK_MAX;
            }
            entry.accessClock((int) (at & LRU_CLOCK_MAX));
        }
    }
}
