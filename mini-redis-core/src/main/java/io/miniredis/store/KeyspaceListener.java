package io.miniredis.store;

/**
 * Told of every change to the keyspace, on the keyspace's thread: what WATCH and keyspace notifications hang on.
 */
public interface KeyspaceListener {

    KeyspaceListener NONE = new KeyspaceListener() {};

    /** Tells {@code first}, then {@code second}. */
    static KeyspaceListener both(KeyspaceListener first, KeyspaceListener second) {
        return new KeyspaceListener() {
            @Override
            public void keyModified(Database db, byte[] key) {
                first.keyModified(db, key);
                second.keyModified(db, key);
            }

            @Override
            public void keyExpired(Database db, byte[] key) {
                first.keyExpired(db, key);
                second.keyExpired(db, key);
            }

            @Override
            public void keyEvicted(Database db, byte[] key) {
                first.keyEvicted(db, key);
                second.keyEvicted(db, key);
            }

            @Override
            public void databaseChanged(Database db) {
                first.databaseChanged(db);
                second.databaseChanged(db);
            }

            @Override
            public void databasesSwapped(Database a, Database b) {
                first.databasesSwapped(a, b);
                second.databasesSwapped(a, b);
            }

            @Override
            public void keyCreated(Database db, byte[] key) {
                first.keyCreated(db, key);
                second.keyCreated(db, key);
            }

            @Override
            public void keyMissed(Database db, byte[] key) {
                first.keyMissed(db, key);
                second.keyMissed(db, key);
            }
        };
    }

    /** A key was written, deleted or had its TTL changed. */
    default void keyModified(Database db, byte[] key) {}

    /** A key was removed because its time to live ran out (lazily or by the active cycle). */
    default void keyExpired(Database db, byte[] key) {}

    /**
     * A key was removed to bring memory under {@code maxmemory}. Eviction calls only this (not
     * {@link #keyModified}): WATCH treats it as a modification, notifications emit {@code evicted}.
     */
    default void keyEvicted(Database db, byte[] key) {}

    /**
     * A non-empty database is about to be emptied (FLUSHDB, FLUSHALL: its keys are still there when this is called),
     * or, unless {@link #databasesSwapped} is overridden, was swapped (SWAPDB).
     */
    default void databaseChanged(Database db) {}

    /**
     * SWAPDB exchanged the contents of {@code a} and {@code b} (called after the swap, so each now holds what the
     * other held). WATCH needs both sides at once: a watched key is touched when it exists on either. By default each
     * database is reported as changed.
     */
    default void databasesSwapped(Database a, Database b) {
        databaseChanged(a);
        databaseChanged(b);
    }

    /**
     * A key was created (Redis's dbAdd: the {@code new} keyspace event). Only told while {@link
     * Keyspace#keyEvents} asks for it, so key creation costs one boolean test otherwise.
     */
    default void keyCreated(Database db, byte[] key) {}

    /**
     * A read found no key (a keyspace miss: the {@code keymiss} keyspace event). Only told while {@link
     * Keyspace#keyEvents} asks for it.
     */
    default void keyMissed(Database db, byte[] key) {}
}
