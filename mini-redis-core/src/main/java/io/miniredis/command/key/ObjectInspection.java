package io.miniredis.command.key;

import io.miniredis.config.ConfigRegistry;
import io.miniredis.protocol.Numbers;
import io.miniredis.store.Values;

/**
 * What OBJECT reports about a value beyond its encoding: the reference count Redis would show and the LFU access
 * frequency, both of which depend on the eviction policy.
 */
final class ObjectInspection {

    /** Redis shares the string objects of the integers 0..9999 between keys. */
    private static final long SHARED_INTEGERS = 10_000;
    /** The reference count Redis gives a shared object (OBJ_SHARED_REFCOUNT). */
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private ObjectInspection() {}

    static String policy(ConfigRegistry config) {
        return config.get("maxmemory-policy");
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
        return config.getLong("maxmemory");
    }
}
