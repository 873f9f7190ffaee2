package io.miniredis.store;

import io.miniredis.stats.ServerStats;

import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * All databases of the server. Owned by one thread (see DESIGN.md): nothing here is synchronized.
 *
 * <p>The time is sampled once per command ({@link #beginCommand}), as Redis does, so a key cannot expire halfway
 * through a command or a transaction and every lookup in it agrees.
 */
public final class Keyspace {

    /** Redis's LRU clock: seconds, 24 bits. */
    static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    private static final int ACTIVE_EXPIRE_SAMPLES = 20;
    private static final int ACTIVE_EXPIRE_ACCEPTABLE_STALE_PERCENT = 10;

    private final Database[] databases;
    private final InstantSource clock;
    private final ServerStats stats;
    private final RandomGenerator random = new SplittableRandom();
    private KeyspaceListener listener = KeyspaceListener.NONE;
    private long now;
    private boolean touchEnabled = true;
    /** DEBUG SET-ACTIVE-EXPIRE 0 turns the background cycle off, so expired keys stay until something reads them. */
    private boolean activeExpireEnabled = true;
    /** Changes since the last save: INFO rdb_changes_since_last_save, and what save points will count. */
    private long dirty;

    public Keyspace(int databaseCount, InstantSource clock, ServerStats stats) {
        this.clock = clock;
        this.stats = stats;
        this.databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new Database(i, this);
        }
        this.now = clock.millis();
    }

    public void listener(KeyspaceListener listener) {
        this.listener = listener;
    }

    /** Samples the clock for the command about to run; {@code touch} false for CLIENT NO-TOUCH clients. */
    public void beginCommand(boolean touch) {
        now = clock.millis();
        touchEnabled = touch;
    }

    /** The time of the current command, in epoch milliseconds. */
    public long now() {
        return now;
    }

    public InstantSource clock() {
        return clock;
    }

    public int databaseCount() {
        return databases.length;
    }

    public Database db(int index) {
        return databases[index];
    }

    public ServerStats stats() {
        return stats;
    }

    RandomGenerator random() {
        return random;
    }

    public long totalKeys() {
        long total = 0;
        for (Database db : databases) {
            total += db.size();
        }
        return total;
    }

    public void flushAll() {
        for (Database db : databases) {
            db.clear();
        }
    }

    public void swap(int a, int b) {
        if (a == b) {
            return;
        }
        databases[a].swapContents(databases[b]);
        listener.databaseChanged(databases[a]);
        listener.databaseChanged(databases[b]);
    }

    public boolean activeExpireEnabled() {
        return activeExpireEnabled;
    }

    public void activeExpireEnabled(boolean enabled) {
        this.activeExpireEnabled = enabled;
    }

    /** Writes since the last save (an approximation of Redis's {@code server.dirty}: one per key modified). */
    public long dirty() {
        return dirty;
    }

    public void resetDirty() {
        dirty = 0;
    }

    /** The LRU clock now, for OBJECT IDLETIME. */
    public int lruClock() {
        return (int) ((clock.millis() / 1000) & LRU_CLOCK_MAX);
    }

    /** Seconds since the entry was last touched, with the wrap-around of a 24-bit clock. */
    public long idleSeconds(KeyEntry entry) {
        int clockNow = lruClock();
        int last = entry.accessClock;
        return clockNow >= last ? clockNow - last : (LRU_CLOCK_MAX - last) + clockNow;
    }

    void touch(KeyEntry entry) {
        if (touchEnabled) {
            entry.accessClock = (int) ((now / 1000) & LRU_CLOCK_MAX);
        }
    }

    void keyModified(Database db, byte[] key) {
        dirty++;
        listener.keyModified(db, key);
    }

    void keyExpired(Database db, byte[] key) {
        stats.keyExpired();
        listener.keyExpired(db, key);
    }

    void databaseCleared(Database db) {
        dirty += db.size();
        listener.databaseChanged(db);
    }

    /**
     * The active expiry cycle, run by the server's cron (10 times a second by default): samples expiring keys of
     * every database and deletes the expired ones, repeating on a database while more than 10% of a sample was
     * expired, until the time budget is spent. Keys that nobody reads still go away.
     */
    public void activeExpireCycle(long budgetNanos) {
        if (!activeExpireEnabled) {
            return;
        }
        long deadline = System.nanoTime() + budgetNanos;
        now = clock.millis();
        touchEnabled = false;
        for (Database db : databases) {
            int rounds = 0;
            while (db.sampleableExpiring() > 0) {
                int sampled = Math.min(ACTIVE_EXPIRE_SAMPLES, db.sampleableExpiring());
                int expired = db.expireSample(ACTIVE_EXPIRE_SAMPLES, now);
                if (expired * 100 <= sampled * ACTIVE_EXPIRE_ACCEPTABLE_STALE_PERCENT) {
                    break;
                }
                if ((++rounds & 15) == 0 && System.nanoTime() > deadline) {
                    return;
                }
            }
        }
    }
}
