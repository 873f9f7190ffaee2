package io.miniredis.persistence;

import io.miniredis.persistence.RdbWriter.AccessData;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How a snapshot's keys are written: as an RDB image ({@link RdbWriter}), or, for an AOF base with {@code
 * aof-use-rdb-preamble no}, as the commands that rebuild them ({@code persistence.aof.AofBaseFormat}). The
 * prologue (RDB header and aux fields, function libraries) is written by whoever makes the format; {@link
 * SnapshotWriter} and {@link #writeKeyspace} only call these.
 */
public interface SnapshotFormat {

    /** Starts database {@code index} in this file, with its size hint (keys, and keys with an expiry). */
    void database(int index, long keys, long expiring) throws IOException;

    /** Goes back to database {@code index}, started earlier in this file. */
    void selectDb(int index) throws IOException;

    /** One key: expiry (epoch ms, -1 for none), LRU idle seconds or LFU counter (-1 for none), the value. */
    void key(byte[] key, Object value, long expireAt, long idleSeconds, int frequency) throws IOException;

    /** A key entry, with its expiry and the access data {@code access} asks for. */
    default void key(KeyEntry entry, Keyspace keyspace, AccessData access) throws IOException {
        key(
                entry.key(),
                entry.value(),
                entry.hasExpiry() ? entry.expireAt() : -1,
                access == AccessData.LRU_IDLE ? keyspace.idleSeconds(entry) : -1,
                access == AccessData.LFU_FREQUENCY ? keyspace.lfuFrequency(entry) : -1);
    }

    /** Bytes produced so far. */
    long written();

    /** Ends the file (RDB: EOF and checksum) and flushes; returns the bytes written. */
    long finish() throws IOException;

    /**
     * Every non-empty database's live keys, then {@link #finish}: the whole keyspace at once, where it may be read
     * (its thread). Keys expired since the command that began this write are left out, as a load would drop them.
     */
    static long writeKeyspace(SnapshotFormat writer, Keyspace keyspace, AccessData access) throws IOException {
        long now = keyspace.clock().millis();
        for (int index = 0; index < keyspace.databaseCount(); index++) {
            Database db = keyspace.db(index);
            if (db.size() == 0) {
                continue;
            }
            writer.database(index, db.size(), db.expiringSize());
            try {
                db.forEachLive(entry -> {
                    if (entry.hasExpiry() && entry.expireAt() <= now) {
                        return;
                    }
                    try {
                        writer.key(entry, keyspace, access);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return writer.finish();
    }
}
