package io.miniredis.testing;

import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import io.miniredis.store.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key of every database at one instant, held in memory: keys, deep copies of the values, and what was left
 * of each TTL. Restoring puts copies of the values back (the snapshot stays as it was, for the next restore) and
 * gives each key its TTL again from the restore's time, so a fixture key with a 60 s TTL has 60 s in every test.
 * Strings are shared, never copied: the server never changes a {@code byte[]} value in place.
 *
 * <p>Functions (FUNCTION LOAD) are not part of it: only keys.
 */
public final class DatasetSnapshot {

    /** One database's keys; {@code ttls[i]} is -1 for a key without one. */
    private record Db(int index, byte[][] keys, Object[] values, long[] ttls) {}

    private final List<Db> databases;
    private final long keys;

    private DatasetSnapshot(List<Db> databases, long keys) {
        this.databases = databases;
        this.keys = keys;
    }

    /** On the keyspace thread. */
    static DatasetSnapshot of(Keyspace keyspace) {
        long now = keyspace.clock().millis();
        List<Db> databases = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.db(i);
            if (db.size() == 0) {
                continue;
            }
            List<KeyEntry> live = new ArrayList<>(db.size());
            db.forEachLive(live::add);
            byte[][] keys = new byte[live.size()][];
            Object[] values = new Object[live.size()];
            long[] ttls = new long[live.size()];
            for (int k = 0; k < live.size(); k++) {
                KeyEntry entry = live.get(k);
                keys[k] = entry.key();
                values[k] = Values.copy(entry.value());
                ttls[k] = entry.hasExpiry() ? Math.max(1, entry.expireAt() - now) : -1;
            }
            databases.add(new Db(i, keys, values, ttls));
            total += live.size();
        }
        return new DatasetSnapshot(List.copyOf(databases), total);
    }

    /** How many keys it holds. */
    public long keys() {
        return keys;
    }

    /** The highest database it has keys in, -1 when empty. */
    int highestDatabase() {
        return databases.isEmpty() ? -1 : databases.get(databases.size() - 1).index();
    }

    /** Replaces every database's keys with the snapshot's. On the keyspace thread. */
    void restoreInto(Keyspace keyspace) {
        if (highestDatabase() >= keyspace.databaseCount()) {
            throw new FixtureException("The snapshot has keys in database " + highestDatabase() + " but the server has "
                    + keyspace.databaseCount() + " databases");
        }
        keyspace.flushAll();
        long now = keyspace.clock().millis();
        for (Db db : databases) {
            Database target = keyspace.db(db.index());
            for (int k = 0; k < db.keys().length; k++) {
                long ttl = db.ttls()[k];
                target.putEntry(db.keys()[k], Values.copy(db.values()[k]), ttl < 0 ? KeyEntry.NO_EXPIRY : now + ttl);
            }
        }
    }
}
