package io.miniredis.command;

import io.miniredis.protocol.RedisError;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisValue;

/**
 * The key-level rules every collection family (lists, hashes, sets) follows, kept in one place: a key holding
 * another type answers WRONGTYPE, and a collection emptied by a command takes its key with it, as in Redis.
 */
public final class CollectionKeys {

    private CollectionKeys() {}

    /** The value at {@code entry} as a {@code type}, null for a missing key, WRONGTYPE for another type. */
    public static <T extends RedisValue> T valueOf(KeyEntry entry, Class<T> type) {
        if (entry == null) {
            return null;
        }
        if (type.isInstance(entry.value())) {
            return type.cast(entry.value());
        }
        throw RedisError.WRONGTYPE;
    }

    /**
     * After removing elements from the collection at {@code entry}: an emptied one deletes its key, otherwise the key
     * was modified in place (which WATCH and keyspace notifications hear about).
     */
    public static void afterRemoval(Database db, KeyEntry entry, boolean emptied) {
        if (emptied) {
            db.delete(entry.key());
        } else {
            db.touched(entry);
        }
    }

    /**
     * {@link #afterRemoval(Database, KeyEntry, boolean)} with the keyspace events Redis sends for it: {@code event}
     * (of class {@code type}) on the key, then {@code del} if the collection was emptied.
     */
    public static void afterRemoval(
            CommandCall c, Database db, KeyEntry entry, boolean emptied, int type, String event) {
        afterRemoval(c, db, entry, emptied, type, event, 1);
    }

    /**
     * As above, counting {@code changes} in {@code rdb_changes_since_last_save} as Redis's {@code server.dirty} does
     * for the command (SREM, HDEL, ZREM count each element removed, LTRIM each element trimmed, a pop with a count
     * each element popped), instead of one for the key.
     */
    public static void afterRemoval(
            CommandCall c, Database db, KeyEntry entry, boolean emptied, int type, String event, long changes) {
        byte[] key = entry.key();
        long dirty = c.keyspace().dirty();
        c.notify(type, event, key);
        afterRemoval(db, entry, emptied);
        if (emptied) {
            c.notify(NotifyType.GENERIC, "del", key);
        }
        c.keyspace().dirty(dirty + changes);
    }
}
