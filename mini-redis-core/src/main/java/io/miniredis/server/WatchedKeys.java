package io.miniredis.server;

import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;
import io.miniredis.store.KeyspaceListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WATCH: for each database, which clients watch which key, fed by the keyspace's change events. A change to a
 * watched key breaks the watch of every client on it (CLIENT LIST flag {@code d}), and that client's next EXEC
 * answers with a null array instead of running.
 *
 * <p>What counts as a change is Redis 7.0's rule, expiry included: a key that was alive when watched breaks the watch
 * when it is written, deleted, evicted, expires (actively, lazily, or is merely past its time at EXEC), or is flushed
 * or swapped away. A key that was already past its time when watched is "logically absent": its removal by expiry
 * (or a flush) changes nothing, a new value written to it does.
 *
 * <p>Costs: WATCH is O(1) per key; a write to a key nobody watches costs one comparison when no client watches
 * anything, one hash lookup otherwise. Keyspace thread only.
 */
public final class WatchedKeys implements KeyspaceListener {

    /** One client's watch on one key. */
    static final class Watch {
        final ClientSession client;
        final int db;
        final Key key;
        /** The key was stored but already expired when watched: its removal by expiry is no change. */
        boolean expiredWhenWatched;

        Watch(ClientSession client, int db, Key key, boolean expiredWhenWatched) {
            this.client = client;
            this.db = db;
            this.key = key;
            this.expiredWhenWatched = expiredWhenWatched;
        }
    }

    /** A key's bytes as a hash-map key. */
    record Key(byte[] bytes) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private final Keyspace keyspace;
    /** Per database: watched key -> its watchers by client; a key is present only while watched. */
    private final List<Map<Key, Map<ClientSession, Watch>>> byDb;
    /** Watches over all databases and clients: zero makes every change event a single comparison. */
    private int watchCount;

    WatchedKeys(Keyspace keyspace) {
        this.keyspace = keyspace;
        this.byDb = new ArrayList<>(keyspace.databaseCount());
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            byDb.add(new HashMap<>());
        }
    }

    /** WATCH of one key in database {@code db}; watching a key twice is one watch. */
    public void watch(ClientSession client, int db, byte[] key) {
        if (client.watchBroken()) {
            return; // its EXEC fails anyway: no point in watching more
        }
        Key k = new Key(key);
        Map<ClientSession, Watch> watchers = byDb.get(db).computeIfAbsent(k, unused -> new HashMap<>(4));
        if (watchers.containsKey(client)) {
            return;
        }
        Watch watch = new Watch(client, db, k, keyspace.db(db).storesExpired(key));
        watchers.put(client, watch);
        client.watches().add(watch);
        watchCount++;
    }

    /** UNWATCH, EXEC, DISCARD, RESET, a disconnect: the client watches nothing and its broken flag clears. */
    public void unwatchAll(ClientSession client) {
        forget(client);
        client.watchBroken(false);
    }

    /** Takes the client's watches out of the registry (keeping its broken flag). */
    private void forget(ClientSession client) {
        List<Watch> watches = client.watchesOrNull();
        if (watches == null || watches.isEmpty()) {
            return;
        }
        for (Watch watch : watches) {
            Map<Key, Map<ClientSession, Watch>> keys = byDb.get(watch.db);
            Map<ClientSession, Watch> watchers = keys.get(watch.key);
            if (watchers != null && watchers.remove(client) != null) {
                watchCount--;
                if (watchers.isEmpty()) {
                    keys.remove(watch.key);
                }
            }
        }
        watches.clear();
    }

    /**
     * Whether the client's EXEC must fail: a watched key changed, or a key that was alive when watched is past its
     * time now (still stored because nothing looked at it since).
     */
    public boolean broken(ClientSession client) {
        if (client.watchBroken()) {
            return true;
        }
        List<Watch> watches = client.watchesOrNull();
        if (watches != null) {
            for (Watch watch : watches) {
                if (!watch.expiredWhenWatched && keyspace.db(watch.db).storesExpired(watch.key.bytes())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Keys watched by at least one client, over all databases. */
    public int watchedKeyCount() {
        int count = 0;
        for (Map<Key, Map<ClientSession, Watch>> keys : byDb) {
            count += keys.size();
        }
        return count;
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        if (watchCount != 0) {
            touched(db, key);
        }
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        if (watchCount != 0) {
            touched(db, key);
        }
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        if (watchCount != 0) {
            touched(db, key);
        }
    }

    private void touched(Database db, byte[] key) {
        Map<Key, Map<ClientSession, Watch>> keys = byDb.get(db.index());
        if (keys.isEmpty()) {
            return;
        }
        Map<ClientSession, Watch> watchers = keys.get(new Key(key));
        if (watchers == null) {
            return;
        }
        boolean stored = db.stores(key);
        // breaking a watch unwatches all of that client's keys, this one included: work on a copy
        for (Watch watch : watchers.values().toArray(Watch[]::new)) {
            if (watch.expiredWhenWatched && !stored) {
                watch.expiredWhenWatched = false; // the already expired key is gone: logically nothing changed
            } else {
                breakWatch(watch.client);
            }
        }
    }

    /** FLUSHDB / FLUSHALL, called while the keys are still there: a watched key that is stored goes away. */
    @Override
    public void databaseChanged(Database db) {
        if (watchCount == 0) {
            return;
        }
        for (Watch watch : watchesIn(db.index())) {
            if (!db.stores(watch.key.bytes())) {
                continue;
            }
            if (watch.expiredWhenWatched) {
                watch.expiredWhenWatched = false; // an expired key removed: no change
            } else {
                breakWatch(watch.client);
            }
        }
    }

    /** SWAPDB, after the swap: each database's watchers see what the other one held before. */
    @Override
    public void databasesSwapped(Database a, Database b) {
        if (watchCount == 0) {
            return;
        }
        swapped(a, b);
        swapped(b, a);
    }

    /** Watchers of {@code db}, whose contents came from {@code other} and went to it. */
    private void swapped(Database db, Database other) {
        for (Watch watch : watchesIn(db.index())) {
            byte[] key = watch.key.bytes();
            boolean before = other.stores(key);
            boolean now = db.stores(key);
            if (!before && !now) {
                continue;
            }
            if (watch.expiredWhenWatched) {
                if (!now) {
                    watch.expiredWhenWatched = false; // the expired key went away: no change
                    continue;
                }
                if (db.storesExpired(key)) {
                    continue; // expired before, expired now
                }
            } else if (!before && db.storesExpired(key)) {
                watch.expiredWhenWatched = true; // absent before, logically absent now
                continue;
            }
            breakWatch(watch.client);
        }
    }

    /** A snapshot of the watches in one database (breaking a watch changes the registry). */
    private List<Watch> watchesIn(int db) {
        List<Watch> all = new ArrayList<>();
        for (Map<ClientSession, Watch> watchers : byDb.get(db).values()) {
            all.addAll(watchers.values());
        }
        return all;
    }

    /**
     * Flags the client's EXEC to fail. Its watches are dropped at once, as Redis does: further changes cannot
     * matter and the memory is freed before EXEC comes.
     */
    private void breakWatch(ClientSession client) {
        if (client.watchBroken()) {
            return;
        }
        client.watchBroken(true);
        forget(client);
    }
}
