package io.miniredis.boot.autoconfigure;

import java.util.Locale;

/**
 * Redis's eight {@code maxmemory-policy} values. Spring binds them leniently, so {@code allkeys-lru} (Redis's
 * spelling), {@code allkeys_lru} and {@code ALLKEYS_LRU} all work.
 */
public enum MaxmemoryPolicy {

    /** Refuse writes that need memory once the limit is reached (Redis's default). */
    NOEVICTION,
    /** Evict the least recently used keys among all keys. */
    ALLKEYS_LRU,
    /** Evict the least frequently used keys among all keys. */
    ALLKEYS_LFU,
    /** Evict random keys among all keys. */
    ALLKEYS_RANDOM,
    /** Evict the least recently used keys among those with an expiry. */
    VOLATILE_LRU,
    /** Evict the least frequently used keys among those with an expiry. */
    VOLATILE_LFU,
    /** Evict random keys among those with an expiry. */
    VOLATILE_RANDOM,
    /** Evict the keys with an expiry that expire soonest. */
    VOLATILE_TTL;

    /** The value as redis.conf spells it, e.g. {@code allkeys-lru}. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
