package io.miniredis.store;

import io.miniredis.stats.ServerStats;
import io.miniredis.testing.ServerClock;
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
    /** The LFU counter of a new key, so it is not evicted before it had a chance to be used. */
    private static final int LFU_INIT_COUNTER = 5;

    private static final int ACTIVE_EXPIRE_SAMPLES = 20;
    private static final int ACTIVE_EXPIRE_ACCEPTABLE_STALE_PERCENT = 10;

    private final Database[] databases;
    private final InstantSource clock;
    private final ServerStats stats;
    private final RandomGenerator random = new SplittableRandom();
    private KeyspaceListener listener = KeyspaceListener.NONE;
    private long now;
    private boolean touchEnabled = true;
    /** Under an LFU maxmemory-policy the access clock holds Redis's LFU layout instead of an LRU time. */
    private boolean lfu;

    private int lfuLogFactor = 10;
    private int lfuDecayMinutes = 1;
    /** DEBUG SET-ACTIVE-EXPIRE 0 turns the background cycle off, so expired keys stay until something reads them. */
    private boolean activeExpireEnabled = true;
    /** Changes since the last save: INFO rdb_changes_since_last_save, and what save points will count. */
    private long dirty;
    /** Bytes of every database's keys, values and entries, kept up to date by each write ({@link MemoryEstimates}). */
    private long datasetBytes;
    /** Whether listeners want {@code keyCreated} / {@code keyMissed} (keyspace notifications 'n' and 'm'). */
    private boolean createdEvents;

    private boolean missedEvents;
    /** The running background save's hook, or null (the common case: one null test per write). */
    private SnapshotHook snapshotHook;

    public Keyspace(int databaseCount, InstantSource clock, ServerStats stats) {
        this.clock = clock;
        this.stats = stats;
        this.databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new Database(i, this);
        }
        this.now = clock.millis();
    }

    /**
     * Adds a listener: each one added is told of every change, in the order they were added (blocked clients,
     * WATCH, keyspace notifications each register their own).
     */
    public void listener(KeyspaceListener listener) {
        this.listener =
                this.listener == KeyspaceListener.NONE ? listener : KeyspaceListener.both(this.listener, listener);
    }

    /** Samples the clock for the command about to run; {@code touch} false for CLIENT NO-TOUCH clients. */
    public void beginCommand(boolean touch) {
        now = clock.millis();
        touchEnabled = touch;
    }

    /**
     * {@link #beginCommand(boolean)} with the {@code System.nanoTime()} the dispatcher read for the command's
     * duration: the server's clock turns it into the time without another clock call.
     */
    public void beginCommand(boolean touch, long nanoTime) {
        now = clock instanceof ServerClock serverClock ? serverClock.millisAt(nanoTime) : clock.millis();
        touchEnabled = touch;
    }

    /** Whether the current command updates the keys' access time (not for CLIENT NO-TOUCH clients). */
    public boolean touchEnabled() {
        return touchEnabled;
    }

    /** Puts back the command state {@link #beginCommand} set, after commands ran in between (a busy script). */
    public void restoreCommand(long now, boolean touch) {
        this.now = now;
        this.touchEnabled = touch;
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

    /** The keyspace's random source: RANDOMKEY, eviction samples, SPOP, SRANDMEMBER, HRANDFIELD. */
    public RandomGenerator random() {
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
        listener.databasesSwapped(databases[a], databases[b]);
    }

    /** Installs (or with null, removes) the hook of a background save. */
    public void snapshotHook(SnapshotHook hook) {
        this.snapshotHook = hook;
    }

    public SnapshotHook snapshotHook() {
        return snapshotHook;
    }

    /** Tells the running save (if any) that {@code entry} of {@code table} is about to change. */
    void beforeChange(Dict table, KeyEntry entry) {
        SnapshotHook hook = snapshotHook;
        if (hook != null) {
            hook.beforeChange(table, entry);
        }
    }

    void created(KeyEntry entry) {
        SnapshotHook hook = snapshotHook;
        if (hook != null) {
            hook.created(entry);
        }
    }

    /** Sets the change counter (a background save that ends subtracts the changes it saved). */
    public void dirty(long value) {
        this.dirty = value;
    }

    /** Counts changes that no key write counts (FLUSHALL's own increment, as Redis's server.dirty++). */
    public void addDirty(long changes) {
        this.dirty += changes;
    }

    /**
     * Takes the databases of {@code loaded} (a keyspace an RDB file was just read into) as this keyspace's, dropping
     * what this one held; {@code loaded} is left empty. Returns the keys taken.
     */
    public long adopt(Keyspace loaded) {
        long keys = 0;
        for (int i = 0; i < databases.length && i < loaded.databases.length; i++) {
            Database db = databases[i];
            db.clear();
            db.swapContents(loaded.databases[i]);
            datasetBytes += db.memory();
            loaded.datasetBytes -= db.memory();
            keys += db.size();
        }
        return keys;
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

    /**
     * How key accesses are recorded: an LRU time, or (LFU policies) Redis's layout of the last decrement time in
     * minutes (16 bits) over an 8-bit logarithmic access counter.
     */
    public void accessTracking(boolean lfu, int logFactor, int decayMinutes) {
        this.lfu = lfu;
        this.lfuLogFactor = logFactor;
        this.lfuDecayMinutes = decayMinutes;
    }

    public boolean lfuTracking() {
        return lfu;
    }

    /** The access clock of a key just created: now, or under LFU the initial counter Redis gives new keys. */
    void initAccess(KeyEntry entry) {
        entry.accessClock = lfu ? (lfuMinutes() << 8) | LFU_INIT_COUNTER : (int) ((now / 1000) & LRU_CLOCK_MAX);
    }

    void touch(KeyEntry entry) {
        if (!touchEnabled) {
            return;
        }
        if (lfu) {
            int counter = logarithmicIncrement(lfuFrequency(entry));
            entry.accessClock = (lfuMinutes() << 8) | counter;
        } else {
            entry.accessClock = (int) ((now / 1000) & LRU_CLOCK_MAX);
        }
    }

    /** OBJECT FREQ: the key's LFU counter after the decay of one per {@code lfu-decay-time} minutes idle. */
    public int lfuFrequency(KeyEntry entry) {
        int counter = entry.accessClock & 0xff;
        int last = (entry.accessClock >>> 8) & 0xffff;
        int minutes = lfuMinutes();
        int elapsed = minutes >= last ? minutes - last : 0xffff - last + minutes;
        int periods = lfuDecayMinutes > 0 ? elapsed / lfuDecayMinutes : 0;
        return periods > counter ? 0 : counter - periods;
    }

    /** Redis's probabilistic counter: the higher it is, the less likely an access increments it. */
    private int logarithmicIncrement(int counter) {
        if (counter == 255) {
            return counter;
        }
        double base = Math.max(0, counter - LFU_INIT_COUNTER);
        double probability = 1.0 / (base * lfuLogFactor + 1);
        return random.nextDouble() < probability ? counter + 1 : counter;
    }

    private int lfuMinutes() {
        return (int) ((now / 60_000) & 0xffff);
    }

    void keyModified(Database db, byte[] key) {
        dirty++;
        listener.keyModified(db, key);
    }

    void memoryChanged(long delta) {
        datasetBytes += delta;
    }

    /** Bytes of all keys, values and their entries. */
    public long datasetBytes() {
        return datasetBytes;
    }

    /** Bytes of the databases' key tables and expiry indexes (Redis's hash table overhead). */
    public long tableOverheadBytes() {
        long bytes = 0;
        for (Database db : databases) {
            bytes += db.mainTableBytes() + db.expiresTableBytes();
        }
        return bytes;
    }

    /** A key was evicted: counted in evicted_keys and told to the listeners (WATCH, the evicted notification). */
    void keyEvicted(Database db, byte[] key) {
        stats.keyEvicted();
        listener.keyEvicted(db, key);
    }

    /** Turns the {@code keyCreated} and {@code keyMissed} listener calls on or off (off: one boolean test each). */
    public void keyEvents(boolean created, boolean missed) {
        this.createdEvents = created;
        this.missedEvents = missed;
    }

    void keyCreated(Database db, byte[] key) {
        if (createdEvents) {
            listener.keyCreated(db, key);
        }
    }

    void keyMissed(Database db, byte[] key) {
        if (missedEvents) {
            listener.keyMissed(db, key);
        }
    }

    void keyExpired(Database db, byte[] key) {
        stats.keyExpired();
        listener.keyExpired(db, key);
    }

    void databaseCleared(Database db) {
        dirty += db.size();
        listener.databaseChanged(db);
    }

    /** A key whose time comes by a given instant: {@link #dueBy}. */
    public record Due(Database db, byte[] key, long at) {}

    /**
     * Every key of every database whose expiry is at or before {@code millis}, earliest first: what a clock moved to
     * {@code millis} expires, one {@link #expire(Due)} each. Walks every expiring key once.
     */
    public java.util.List<Due> dueBy(long millis) {
        java.util.List<Due> due = new java.util.ArrayList<>();
        if (!activeExpireEnabled) {
            return due; // DEBUG SET-ACTIVE-EXPIRE 0: expired keys stay until something reads them
        }
        for (Database db : databases) {
            db.collectDue(millis, due);
        }
        due.sort(java.util.Comparator.comparingLong(Due::at));
        return due;
    }

    /**
     * Expires a key {@link #dueBy} listed, as active expiry would have at its time: the command time is the key's
     * expiry (so what its listeners see is of that moment); nothing when the key went or changed meanwhile.
     */
    public void expire(Due due) {
        now = due.at();
        touchEnabled = false;
        due.db().expireIfDue(due.key());
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
