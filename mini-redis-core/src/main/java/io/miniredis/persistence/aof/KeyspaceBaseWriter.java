package io.miniredis.persistence.aof;

import io.miniredis.config.ConfigRegistry;
import io.miniredis.persistence.RdbWriteOptions;
import io.miniredis.persistence.RdbWriter;
import io.miniredis.persistence.SnapshotFormat;
import io.miniredis.protocol.RedisVersion;
import io.miniredis.store.Keyspace;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * The base as an RDB image (or, with {@code aof-use-rdb-preamble no}, as commands) written at once on the keyspace thread: nothing changes while it is written, so it is the
 * keyspace at the rewrite's instant. The cost is a pause as long as the write (see docs/persistence.md).
 */
public final class KeyspaceBaseWriter implements BaseWriter {

    private final Keyspace keyspace;
    private final ConfigRegistry config;
    private final Supplier<List<byte[]>> functions;

    public KeyspaceBaseWriter(Keyspace keyspace, ConfigRegistry config, Supplier<List<byte[]>> functions) {
        this.keyspace = keyspace;
        this.config = config;
        this.functions = functions;
    }

    @Override
    public long write(OutputStream out) throws IOException {
        if (!config.getBool("aof-use-rdb-preamble")) {
            return SnapshotFormat.writeKeyspace(
                    new AofBaseFormat(out, functions.get(), timestamp(config, keyspace)),
                    keyspace,
                    RdbWriter.AccessData.NONE);
        }
        return RdbWriter.writeKeyspace(
                out,
                keyspace,
                functions.get(),
                RdbWriteOptions.from(config),
                RdbWriter.AccessData.forPolicy(config.get("maxmemory-policy")),
                RedisVersion.VERSION,
                true);
    }

    /** The base's {@code #TS:} annotation with {@code aof-timestamp-enabled}, as Redis starts its rewrite; else -1. */
    public static long timestamp(ConfigRegistry config, Keyspace keyspace) {
        return config.getBool("aof-timestamp-enabled") ? keyspace.clock().millis() / 1000 : -1;
    }
}
