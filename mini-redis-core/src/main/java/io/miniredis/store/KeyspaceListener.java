package io.miniredis.store;

/**
 * Told of every change to the keyspace, on the keyspace's thread: what WATCH and keyspace notifications hang on.
 */
public interface KeyspaceListener {

    KeyspaceListener NONE = new KeyspaceListener() {
    };

    /** A key was written, deleted or had its TTL changed. */
    default void keyModified(Database db, byte[] key) {
    }

    /** A key was removed because its time to live ran out (lazily or by the active cycle). */
    default void keyExpired(Database db, byte[] key) {
    }

    /** A non-empty database was emptied (FLUSHDB, FLUSHALL) or swapped (SWAPDB). */
    default void databaseChanged(Database db) {
    }
}
