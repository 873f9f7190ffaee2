package io.miniredis.persistence;

import io.miniredis.config.ConfigRegistry;
import io.miniredis.store.ListpackLimits;

/**
 * The encoding thresholds a loaded value is held to, as Redis applies them when it loads: a hash or sorted set
 * stored compact stays compact unless it has more entries than allowed; one stored plain becomes compact if it
 * fits; a set of few integers becomes an intset.
 */
public record RdbLoadLimits(
        long hashMaxListpackEntries,
        long hashMaxListpackValue,
        long setMaxIntsetEntries,
        long zsetMaxListpackEntries,
        long zsetMaxListpackValue) {

    /** Redis 7.0's defaults. */
    public static final RdbLoadLimits DEFAULTS = new RdbLoadLimits(512, 64, 512, 128, 64);

    public static RdbLoadLimits from(ConfigRegistry config) {
        return new RdbLoadLimits(
                config.getLong("hash-max-listpack-entries"),
                config.getLong("hash-max-listpack-value"),
                config.getLong("set-max-intset-entries"),
                config.getLong("zset-max-listpack-entries"),
                config.getLong("zset-max-listpack-value"));
    }

    ListpackLimits zset() {
        return new ListpackLimits(zsetMaxListpackEntries, zsetMaxListpackValue);
    }
}
