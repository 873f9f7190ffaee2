package io.miniredis.command;

import io.miniredis.config.ConfigRegistry;
import io.miniredis.protocol.Numbers;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Values;

/**
 * What OBJECT reports about a value beyond its encoding: the reference count Redis would show and the LFU access
 * frequency, both of which depend on the eviction policy. Reads the configuration defensively: a server built
 * without {@code maxmemory} / {@code maxmemory-policy} parameters behaves as the defaults (0, noeviction).
 */
final class ObjectInspection {

    /** Redis shares the string objects of the integers 0..9999 between keys. */
    private static final long SHARED_INTEGERS = 10_000;
    /** The reference count Redis gives a shared object (OBJ_SHARED_REFCOUNT). */
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private ObjectInspection() {
    }

    static String policy(ConfigRegistry config) {
        return config.parameter("maxmemory-policy") == null ? "noeviction" : config.get("maxmemory-policy");
    }

    static boolean lfuPolicy(ConfigRegistry config) {
        return policy(config).endsWith("-lfu");
    }

    /**
     * Redis stores small integers as one shared object, unless a maxmemory limit is set with an LRU or LFU policy
     * (each key then needs its own access clock). Redis decides when the value is written; we decide when asked,
     * which differs only after the policy changed in between, or for a COPY of a small integer (a private object).
     */
    static long refcount(ConfigRegistry config, Object value) {
        if (!(value instanceof byte[] bytes) || !"int".equals(Values.encoding(bytes))) {
            return 1;
        }
        long number = Numbers.parseLong(bytes);
        if (number < 0 || number >= SHARED_INTEGERS) {
            return 1;
        }
        String policy = policy(config);
        boolean perKeyClock = policy.endsWith("-lru") || policy.endsWith("-lfu");
        return maxmemory(config) != 0 && perKeyClock ? 1 : SHARED_REFCOUNT;
    }

    private static long maxmemory(ConfigRegistry config) {
        if (config.parameter("maxmemory") == null) {
            return 0;
        }
        try {
            return config.getLong("maxmemory");
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The LFU counter after decay, as OBJECT FREQ shows it. Under an LFU policy the access clock holds Redis's
     * layout: the last decrement time in minutes (16 bits) above an 8-bit logarithmic counter; the counter loses
     * one per {@code lfu-decay-time} minutes elapsed since.
     */
    static long frequency(ConfigRegistry config, KeyEntry entry, long nowMillis) {
        int clock = entry.accessClock();
        long counter = clock & 0xff;
        long lastDecrement = (clock >>> 8) & 0xffff;
        long nowMinutes = (nowMillis / 1000 / 60) & 0xffff;
        long elapsed = nowMinutes >= lastDecrement ? nowMinutes - lastDecrement : 0xffff - lastDecrement + nowMinutes;
        long decayTime = config.parameter("lfu-decay-time") == null ? 1 : config.getLong("lfu-decay-time");
        long periods = decayTime > 0 ? elapsed / decayTime : 0;
        return periods > counter ? 0 : counter - periods;
    }
}
