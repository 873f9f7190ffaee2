package io.miniredis.store;

import java.util.function.Consumer;

/**
 * One numbered database (SELECT n): its keys and the subset that expires. Every read and write of a key goes
 * through one of the three lookups here, so a key past its expiry is removed the moment anything looks at it
 * (lazy expiry), exactly once, and counted.
 */
public final class Database {

    private final int index;
    private final Keyspace keyspace;
    private Dict keys = new Dict();
    private ExpiringKeys expiring = new ExpiringKeys();
    /** Running estimate of the remaining TTL of expiring keys (INFO keyspace avg_ttl), from active expiry samples. */
    private long averageTtl;
    /** Bytes of this database's keys, values and entries ({@link #charge}); the key table's buckets are apart. */
    private long memory;

    Database(int index, Keyspace keyspace) {
        this.index = index;
        this.keyspace = keyspace;
    }

    public int index() {
        return index;
    }

    public int size() {
        return keys.size();
    }

    public int expiringSize() {
        return expiring.size();
    }

    public long averageTtl() {
        return averageTtl;
    }

    /** For commands that read: counts a keyspace hit or miss and touches the key's access clock. */
    public KeyEntry lookupRead(byte[] key) {
        KeyEntry entry = live(key);
        if (entry == null) {
            keyspace.stats().keyspaceMiss();
            keyspace.keyMissed(this, key);
        } else {
            keyspace.stats().keyspaceHit();
            keyspace.touch(entry);
        }
        return entry;
    }

    /** For commands that write: touches the key's access clock, no hit/miss statistics. */
    public KeyEntry lookupWrite(byte[] key) {
        KeyEntry entry = live(key);
        if (entry != null) {
            // a write command may change the value in place after this: a running save copies it first
            keyspace.beforeChange(keys, entry);
            keyspace.touch(entry);
        }
        return entry;
    }

    /**
     * For commands Redis looks up as reads (a hit or a miss) that may still change the value in place: XREADGROUP,
     * XACK, XCLAIM and XAUTOCLAIM update a stream's consumer group. As {@link #lookupWrite}, a running save first
     * copies the value of its instant.
     */
    public KeyEntry lookupReadForChange(byte[] key) {
        KeyEntry entry = lookupRead(key);
        if (entry != null) {
            keyspace.beforeChange(keys, entry);
        }
        return entry;
    }

    /**
     * For reads that Redis counts as hits or misses but that must not refresh the key's access clock (EXISTS,
     * TYPE, TTL, OBJECT, SCAN ... TYPE): the key's idle time is what some of them report.
     */
    public KeyEntry lookupReadNoTouch(byte[] key) {
        KeyEntry entry = live(key);
        if (entry == null) {
            keyspace.stats().keyspaceMiss();
            keyspace.keyMissed(this, key);
        } else {
            keyspace.stats().keyspaceHit();
        }
        return entry;
    }

    /** Looks without touching or counting (TYPE, TTL, OBJECT, EXISTS-like checks that Redis does not count). */
    public KeyEntry peek(byte[] key) {
        return live(key);
    }

    /**
     * True when the key is stored, alive or past its expiry (lazy expiry has not removed it yet). Removes nothing:
     * WATCH bookkeeping must look without changing what it watches.
     */
    public boolean stores(byte[] key) {
        return keys.get(key) != null;
    }

    /** True when the key is stored but past its expiry, as of the current command's time. Removes nothing. */
    public boolean storesExpired(byte[] key) {
        KeyEntry entry = keys.get(key);
        return entry != null && entry.expiredAt(keyspace.now());
    }

    private KeyEntry live(byte[] key) {
        return live(keys.get(key));
    }

    /** The entry if it is still alive; an entry past its expiry is removed (and counted) and null returned. */
    private KeyEntry live(KeyEntry entry) {
        if (entry != null && entry.expiredAt(keyspace.now())) {
            expire(entry);
            return null;
        }
        return entry;
    }

    /** Sets a key's value, creating the key if needed. An existing key loses its TTL unless {@code keepTtl}. */
    public KeyEntry set(byte[] key, Object value, boolean keepTtl) {
        value = SharedIntegers.share(value);
        int hash = KeyHash.hash(key);
        KeyEntry entry = live(keys.get(key, hash));
        if (entry == null) {
            entry = keys.add(key, hash, value);
            keyspace.created(entry);
            keyspace.initAccess(entry);
            keyspace.keyCreated(this, key);
        } else {
            keyspace.beforeChange(keys, entry);
            // An overwrite is an access of the existing key (Redis looks it up for writing): its clock is kept.
            entry.value(value);
            if (!keepTtl) {
                persist(entry);
            }
            keyspace.touch(entry);
        }
        charge(entry);
        keyspace.keyModified(this, key);
        return entry;
    }

    /** Adds a key known to be absent (the caller looked it up in this command). */
    public KeyEntry add(byte[] key, Object value) {
        value = SharedIntegers.share(value);
        KeyEntry entry = keys.add(key, value);
        keyspace.created(entry);
        keyspace.initAccess(entry);
        charge(entry);
        keyspace.keyCreated(this, key);
        keyspace.keyModified(this, key);
        return entry;
    }

    /** Replaces the value of a live key in place, keeping its TTL. */
    public void replaceValue(KeyEntry entry, Object value) {
        keyspace.beforeChange(keys, entry);
        entry.value(SharedIntegers.share(value));
        charge(entry);
        keyspace.keyModified(this, entry.key());
    }

    /**
     * Swaps a string value for an equal one in another representation (a {@code byte[]} for the {@link
     * AppendableString} a bit command writes into, as Redis's {@code dbUnshareStringValue}): nothing changed, so
     * watchers are not told; only the memory count follows.
     */
    public void reencode(KeyEntry entry, Object equalValue) {
        entry.value(equalValue);
        charge(entry);
    }

    /** Tells watchers that a value changed in place (a mutable value modified without replacing it). */
    public void touched(KeyEntry entry) {
        keyspace.beforeChange(keys, entry); // normally a no-op: the lookup for writing already did it
        charge(entry);
        keyspace.keyModified(this, entry.key());
    }

    // ---- memory accounting -------------------------------------------------------------------------------------

    /**
     * Re-counts the memory of a key whose value grew or shrank in place, without telling watchers: for a command
     * that added a key first and filled its value afterwards in the same call (ZADD on a new key).
     */
    public void resized(KeyEntry entry) {
        charge(entry);
    }

    /**
     * Brings the key's share of the memory count up to date: O(1), since values keep running totals. Every write
     * path above ends here, and {@link #unlink} takes the share back, so the count never drifts.
     */
    private void charge(KeyEntry entry) {
        long words = Math.min(MemoryEstimates.entry(entry) >>> 3, Integer.MAX_VALUE);
        long delta = (words - entry.memoryWords) << 3;
        if (delta != 0) {
            entry.memoryWords = (int) words;
            memory += delta;
            keyspace.memoryChanged(delta);
        }
    }

    /** Bytes of this database's keys, values and entries. */
    public long memory() {
        return memory;
    }

    /** The bucket array of the key table (Redis's overhead.hashtable.main). */
    public long mainTableBytes() {
        return MemoryEstimates.refArray(keys.capacity());
    }

    /** The index of keys with a TTL (Redis's overhead.hashtable.expires). */
    public long expiresTableBytes() {
        return MemoryEstimates.refArray(expiring.capacity());
    }

    // ---- eviction ----------------------------------------------------------------------------------------------

    /**
     * A uniformly sampled key for eviction, of all keys or only those with a TTL; expired ones included (evicting
     * them frees memory as well). Null when there is none.
     */
    public KeyEntry evictionSample(boolean volatileOnly) {
        return volatileOnly ? expiring.random(keyspace.random()) : keys.randomEntry(keyspace.random());
    }

    /**
     * Up to {@code count} sampled keys for eviction's pool: of all keys, a run of neighbouring buckets from a random
     * one (as Redis samples, and cheap in cache misses); of keys with a TTL, independent picks from the expiry index.
     */
    public void evictionSamples(boolean volatileOnly, int count, java.util.function.Consumer<KeyEntry> sink) {
        if (!volatileOnly) {
            keys.sampleEntries(count, keyspace.random(), sink);
            return;
        }
        for (int i = 0; i < count; i++) {
            KeyEntry entry = expiring.random(keyspace.random());
            if (entry != null) {
                sink.accept(entry);
            }
        }
    }

    /** How many keys eviction can choose from: all, or those with a TTL. */
    public int evictionCandidates(boolean volatileOnly) {
        return volatileOnly ? expiring.size() : keys.size();
    }

    /** The entry of {@code key} if it is still a candidate (it may have gone since it was sampled), or null. */
    public KeyEntry evictionCandidate(byte[] key, boolean volatileOnly) {
        KeyEntry entry = keys.get(key);
        return entry == null || (volatileOnly && !entry.hasExpiry()) ? null : entry;
    }

    /**
     * Deletes a key to free memory. Watchers hear {@link KeyspaceListener#keyEvicted} (not keyModified): WATCH and
     * the {@code evicted} notification hang on it. Returns the bytes freed.
     */
    public long evict(KeyEntry entry) {
        long freed = (long) entry.memoryWords << 3;
        unlink(entry);
        keyspace.keyEvicted(this, entry.key());
        return freed;
    }

    /** Deletes a live key; false when it did not exist (or had just expired). */
    public boolean delete(byte[] key) {
        KeyEntry entry = live(key);
        if (entry == null) {
            return false;
        }
        unlink(entry);
        keyspace.keyModified(this, key);
        return true;
    }

    public void setExpiry(KeyEntry entry, long expireAt) {
        keyspace.beforeChange(keys, entry);
        entry.expireAt(expireAt);
        expiring.add(entry);
        charge(entry);
        keyspace.keyModified(this, entry.key());
    }

    /** Removes a key's TTL; true when it had one. */
    public boolean persist(KeyEntry entry) {
        KeyEntry.Expiry expiry = entry.expiry();
        if (expiry == null) {
            return false;
        }
        keyspace.beforeChange(keys, entry);
        expiring.remove(expiry);
        entry.removeExpiry();
        charge(entry);
        return true;
    }

    /** Moves a live entry's value and TTL under a new key in {@code target} (RENAME, MOVE, COPY by the caller). */
    public KeyEntry putEntry(byte[] key, Object value, long expireAt) {
        KeyEntry entry = set(key, value, false);
        if (expireAt != KeyEntry.NO_EXPIRY) {
            setExpiry(entry, expireAt);
        }
        return entry;
    }

    /**
     * RENAME and MOVE: takes a live entry out of this database and puts its value under {@code newKey} in {@code
     * target}, with its TTL and its access clock (Redis moves the object itself, so its LRU/LFU data goes along).
     * {@code newKey} must be absent from {@code target}: the caller deletes an overwritten key first.
     */
    public KeyEntry moveEntry(KeyEntry entry, Database target, byte[] newKey) {
        unlink(entry);
        keyspace.keyModified(this, entry.key());
        KeyEntry moved = target.keys.add(newKey, entry.value()); // shared already if it can be
        keyspace.created(moved);
        moved.accessClock = entry.accessClock;
        if (entry.hasExpiry()) {
            moved.expireAt(entry.expireAt());
            target.expiring.add(moved);
        }
        target.charge(moved);
        keyspace.keyCreated(target, newKey);
        keyspace.keyModified(target, newKey);
        return moved;
    }

    public KeyEntry randomEntry() {
        while (keys.size() > 0) {
            KeyEntry entry = keys.randomEntry(keyspace.random());
            if (entry.expiredAt(keyspace.now())) {
                if (expiring.size() == keys.size()) {
                    // Every key is volatile: like Redis, return an expired one rather than loop forever.
                    return entry;
                }
                expire(entry);
                continue;
            }
            return entry;
        }
        return null;
    }

    /** One step of a SCAN over this database's keys; expired keys are not visited. */
    public long scan(long cursor, Consumer<KeyEntry> visitor) {
        long now = keyspace.now();
        return keys.scan(cursor, e -> {
            if (!e.expiredAt(now)) {
                visitor.accept(e);
            }
        });
    }

    /**
     * One step of a SCAN over every key of the table, expired ones included: SCAN filters candidates first and only
     * then expires the ones still standing (a {@link #peek} does), as Redis does.
     */
    public long scanIncludingExpired(long cursor, Consumer<KeyEntry> visitor) {
        return keys.scan(cursor, visitor);
    }

    /**
     * The key table itself, for a background save taken at this instant: it keeps scanning this table even after
     * FLUSHDB or SWAPDB put another one in its place (see {@link SnapshotHook}).
     */
    public Dict table() {
        return keys;
    }

    /** Every live key, for KEYS. */
    public void forEachLive(Consumer<KeyEntry> visitor) {
        long now = keyspace.now();
        keys.forEach(e -> {
            if (!e.expiredAt(now)) {
                visitor.accept(e);
            }
        });
    }

    /**
     * Empties the database. The old table is dropped whole, not emptied, so a background save still writing it
     * reads it unchanged (nothing else holds it), without any copy.
     */
    public void clear() {
        if (keys.size() > 0) {
            keyspace.databaseCleared(this);
        }
        keys = new Dict();
        expiring = new ExpiringKeys();
        averageTtl = 0;
        keyspace.memoryChanged(-memory);
        memory = 0;
    }

    /** SWAPDB: exchanges the contents, the numbers stay. */
    void swapContents(Database other) {
        Dict k = keys;
        keys = other.keys;
        other.keys = k;
        ExpiringKeys x = expiring;
        expiring = other.expiring;
        other.expiring = x;
        long ttl = averageTtl;
        averageTtl = other.averageTtl;
        other.averageTtl = ttl;
        long bytes = memory;
        memory = other.memory;
        other.memory = bytes;
    }

    /**
     * One round of active expiry: samples up to {@code samples} expiring keys and deletes those past their time.
     * Returns how many it deleted; the caller repeats while a large share of samples was expired.
     */
    int expireSample(int samples, long now) {
        int n = Math.min(samples, expiring.size());
        int expired = 0;
        long ttlSum = 0;
        int ttlCount = 0;
        for (int i = 0; i < n; i++) {
            KeyEntry entry = expiring.random(keyspace.random());
            long at = entry.expireAt();
            if (at <= now) {
                expire(entry);
                expired++;
            } else {
                ttlSum += at - now;
                ttlCount++;
            }
        }
        if (ttlCount > 0) {
            long sampleAverage = ttlSum / ttlCount;
            averageTtl = averageTtl == 0 ? sampleAverage : (averageTtl / 50) * 49 + sampleAverage / 50;
        }
        return expired;
    }

    /** Adds to {@code into} every key of this database whose expiry is at or before {@code millis}. */
    void collectDue(long millis, java.util.List<Keyspace.Due> into) {
        for (int i = 0; i < expiring.size(); i++) {
            KeyEntry entry = expiring.at(i);
            if (entry.expireAt() <= millis) {
                into.add(new Keyspace.Due(this, entry.key(), entry.expireAt()));
            }
        }
    }

    /** Expires {@code key} if it is stored and past its time as of the current command's; true when it did. */
    boolean expireIfDue(byte[] key) {
        KeyEntry entry = keys.get(key);
        if (entry != null && entry.expiredAt(keyspace.now())) {
            expire(entry);
            return true;
        }
        return false;
    }

    int sampleableExpiring() {
        return expiring.size();
    }

    private void expire(KeyEntry entry) {
        unlink(entry);
        keyspace.keyExpired(this, entry.key());
    }

    private void unlink(KeyEntry entry) {
        keyspace.beforeChange(keys, entry);
        keys.remove(entry);
        KeyEntry.Expiry expiry = entry.expiry();
        if (expiry != null) {
            expiring.remove(expiry);
        }
        long bytes = (long) entry.memoryWords << 3;
        entry.memoryWords = 0;
        memory -= bytes;
        keyspace.memoryChanged(-bytes);
    }
}
