package io.miniredis.command;

import io.miniredis.config.ConfigRegistry;
import io.miniredis.store.ListpackLimits;

/**
 * The encoding thresholds of hashes, sets and sorted sets, and the node limits of streams, from the live configuration, read once and kept current
 * by CONFIG SET listeners: a write to one of those consults them on every call, and the registry stores values as
 * text.
 */
public final class EncodingLimits {

    private final ConfigRegistry config;
    private long hashMaxListpackEntries;
    private long hashMaxListpackValue;
    private long setMaxIntsetEntries;
    private ListpackLimits zsetListpack;
    private long streamNodeMaxBytes;
    private long streamNodeMaxEntries;

    private EncodingLimits(ConfigRegistry config) {
        this.config = config;
        hashMaxListpackEntries = config.getLong("hash-max-listpack-entries");
        hashMaxListpackValue = config.getLong("hash-max-listpack-value");
        setMaxIntsetEntries = config.getLong("set-max-intset-entries");
        config.onChange("hash-max-listpack-entries", value -> hashMaxListpackEntries = Long.parseLong(value));
        config.onChange("hash-max-listpack-value", value -> hashMaxListpackValue = Long.parseLong(value));
        config.onChange("set-max-intset-entries", value -> setMaxIntsetEntries = Long.parseLong(value));
        zsetListpack = zsetListpack(config);
        config.onChange("zset-max-listpack-entries", value -> zsetListpack = zsetListpack(config));
        config.onChange("zset-max-listpack-value", value -> zsetListpack = zsetListpack(config));
        streamNodeMaxBytes = config.getLong("stream-node-max-bytes");
        streamNodeMaxEntries = config.getLong("stream-node-max-entries");
        config.onChange("stream-node-max-bytes", value -> streamNodeMaxBytes = Long.parseLong(value));
        config.onChange("stream-node-max-entries", value -> streamNodeMaxEntries = Long.parseLong(value));
    }

    private static ListpackLimits zsetListpack(ConfigRegistry config) {
        return new ListpackLimits(
                config.getLong("zset-max-listpack-entries"), config.getLong("zset-max-listpack-value"));
    }

    /**
     * The limits of {@code call}'s server, cached in {@code cached} when it is for that server already. A command
     * family belongs to one server's table, so the cache is built once; the check keeps it right if not.
     */
    public static EncodingLimits of(CommandCall call, EncodingLimits cached) {
        ConfigRegistry config = call.server().config();
        return cached != null && cached.config == config ? cached : new EncodingLimits(config);
    }

    public long hashMaxListpackEntries() {
        return hashMaxListpackEntries;
    }

    public long hashMaxListpackValue() {
        return hashMaxListpackValue;
    }

    public long setMaxIntsetEntries() {
        return setMaxIntsetEntries;
    }

    /** {@code stream-node-max-bytes}: a stream node closes when its listpack would reach it (0: no limit). */
    public long streamNodeMaxBytes() {
        return streamNodeMaxBytes;
    }

    /** {@code stream-node-max-entries}: a stream node closes with this many entries (0: no limit). */
    public long streamNodeMaxEntries() {
        return streamNodeMaxEntries;
    }

    /** {@code zset-max-listpack-entries} and {@code zset-max-listpack-value}. */
    public ListpackLimits zsetListpack() {
        return zsetListpack;
    }
}
