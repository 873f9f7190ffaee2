package io.miniredis.store.eviction;

import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import java.util.Locale;

/**
 * Redis's eight {@code maxmemory-policy} values: which keys may go (all, or only those with a TTL) and how the
 * best one is chosen among samples. A higher {@link #score} means a better key to evict.
 */
public enum EvictionPolicy {
    NOEVICTION(false, Selection.NONE),
    ALLKEYS_LRU(false, Selection.LRU),
    VOLATILE_LRU(true, Selection.LRU),
    ALLKEYS_LFU(false, Selection.LFU),
    VOLATILE_LFU(true, Selection.LFU),
    ALLKEYS_RANDOM(false, Selection.RANDOM),
    VOLATILE_RANDOM(true, Selection.RANDOM),
    VOLATILE_TTL(true, Selection.TTL);

    /** How a victim is picked: by sampling into the pool (LRU, LFU, TTL) or at random. */
    enum Selection {
        NONE,
        LRU,
        LFU,
        TTL,
        RANDOM
    }

    private final boolean volatileOnly;
    private final Selection selection;

    EvictionPolicy(boolean volatileOnly, Selection selection) {
        this.volatileOnly = volatileOnly;
        this.selection = selection;
    }

    /** The policy named as in redis.conf ({@code allkeys-lru}). */
    public static EvictionPolicy of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public String redisName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Only keys with a TTL may be evicted. */
    public boolean volatileOnly() {
        return volatileOnly;
    }

    boolean random() {
        return selection == Selection.RANDOM;
    }

    Selection selection() {
        return selection;
    }

    /**
     * How good a victim {@code entry} is: its idle time (LRU), 255 minus its decayed access counter (LFU), or how
     * soon it expires (TTL). Higher is evicted first.
     */
    long score(KeyEntry entry, Keyspace keyspace) {
        return switch (selection) {
            case LRU -> keyspace.idleSeconds(entry);
            case LFU -> 255 - keyspace.lfuFrequency(entry);
            case TTL -> Long.MAX_VALUE - entry.expireAt();
            default -> 0;
        };
    }
}
