package io.miniredis.store;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The key table of one database: chained buckets over a power-of-two array, keyed by {@code byte[]} compared by
 * content.
 *
 * <p>Written here rather than using {@link java.util.HashMap} for what a Redis keyspace needs and a map cannot give:
 * lookups by raw {@code byte[]} without a wrapper object per call; a random key in O(1) expected time (RANDOMKEY,
 * eviction sampling); SCAN's guarantee (its cursor walks bucket indexes in reverse-binary order, so every key present
 * for the whole scan is returned even when the table grows or shrinks between calls); and resizing without a pause.
 *
 * <p>A resize is incremental, as Redis rehashes: the new bucket array is allocated, and the old one's buckets are
 * moved into it a few at a time, one step per add, remove or lookup and a millisecond's worth from the server cron
 * ({@link #rehashFor}), so growing to millions of keys never stops the server for a whole-table copy. While the two
 * arrays coexist, new keys go to the new one and lookups search both.
 */
public final class Dict {

    private static final int MIN_CAPACITY = 4;
    /** Buckets one step moves (Redis's _dictRehashStep moves one; its cron moves 100 per step). */
    private static final int STEP_BUCKETS = 1;
    /** Empty buckets a step may pass over before it stops, so a sparse table's step stays short (Redis: 10 per bucket). */
    private static final int EMPTY_VISITS_PER_BUCKET = 10;

    private KeyEntry[] table = new KeyEntry[MIN_CAPACITY];
    /** The array being filled during a resize, else null. */
    private KeyEntry[] target;
    /** During a resize: the buckets of {@link #table} below this index are empty, already moved to {@link #target}. */
    private int rehashIndex;
    /** Iterations in progress (scan, sampling, forEach): a rehash step would move entries under them. */
    private int paused;

    private int size;

    public int size() {
        return size;
    }

    /** Buckets in the table (both arrays during a resize), for memory accounting. */
    public int capacity() {
        return table.length + (target == null ? 0 : target.length);
    }

    /** Bytes of the bucket arrays ({@link MemoryEstimates}): both of them while a resize is under way. */
    public long bucketBytes() {
        return MemoryEstimates.refArray(table.length) + (target == null ? 0 : MemoryEstimates.refArray(target.length));
    }

    /** True while a resize is moving buckets from the old array to the new one. */
    public boolean rehashing() {
        return target != null;
    }

    /** Buckets of the array in use, or of the old one during a resize (DEBUG HTSTATS's table 0). */
    public int tableSize() {
        return table.length;
    }

    /** Buckets of the array a resize is filling, 0 when none is under way (DEBUG HTSTATS's table 1). */
    public int targetSize() {
        return target == null ? 0 : target.length;
    }

    /**
     * The chain lengths of one bucket array, for DEBUG HTSTATS: {@code lengths[n]} counts the buckets whose chain
     * is {@code n} long ({@code n = 0}: empty, moved buckets of the old array included), the last element counting
     * the longer ones too. {@code target}: the array a resize is filling (it must be under way), else the other.
     * Returns the number of entries in that array.
     */
    public long chainLengths(boolean target, long[] lengths) {
        KeyEntry[] t = target ? this.target : table;
        long entries = 0;
        for (KeyEntry head : t) {
            int length = 0;
            for (KeyEntry e = head; e != null; e = e.next) {
                length++;
            }
            lengths[Math.min(length, lengths.length - 1)]++;
            entries += length;
        }
        return entries;
    }

    public KeyEntry get(byte[] key) {
        return get(key, KeyHash.hash(key));
    }

    /** Looks up with a hash the caller already computed ({@link KeyHash#hash}), to hash a key once per command. */
    public KeyEntry get(byte[] key, int hash) {
        if (target != null) {
            step();
        }
        KeyEntry[] t = table;
        int index = hash & (t.length - 1);
        if (index >= rehashIndex) { // below it the old array's buckets are moved already
            for (KeyEntry e = t[index]; e != null; e = e.next) {
                if (e.keyEquals(key)) {
                    return e;
                }
            }
        }
        if (target != null) {
            for (KeyEntry e = target[hash & (target.length - 1)]; e != null; e = e.next) {
                if (e.keyEquals(key)) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Adds a key that is not in the table (callers check with {@link #get} first). */
    public KeyEntry add(byte[] key, Object value) {
        return add(key, KeyHash.hash(key), value);
    }

    /** Adds a key that is not in the table, with its precomputed hash. */
    public KeyEntry add(byte[] key, int hash, Object value) {
        KeyEntry entry = new KeyEntry(key, value);
        if (target != null) {
            step();
        } else if (size >= table.length) {
            startResize(table.length * 2);
        }
        KeyEntry[] t = target != null ? target : table; // during a resize new keys go to the new array
        int index = hash & (t.length - 1);
        entry.next = t[index];
        t[index] = entry;
        size++;
        return entry;
    }

    /** Removes a key; returns its entry or null. */
    public KeyEntry remove(byte[] key) {
        KeyEntry e = get(key);
        if (e != null) {
            remove(e);
        }
        return e;
    }

    /** Removes an entry of this table; returns it, or null when it is not in it. */
    KeyEntry remove(KeyEntry entry) {
        int hash = entry.keyHash();
        if (target != null) {
            step();
        }
        KeyEntry removed = unlink(table, hash, entry);
        if (removed == null && target != null) {
            removed = unlink(target, hash, entry);
        }
        if (removed != null) {
            size--;
            if (size == 0 && paused == 0 && (target != null || table.length > MIN_CAPACITY)) {
                clear(); // nothing left to move: back to the smallest table at once, as when created
            } else if (target == null && table.length > MIN_CAPACITY && size < table.length / 8) {
                startResize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 2));
            }
        }
        return removed;
    }

    private static KeyEntry unlink(KeyEntry[] t, int hash, KeyEntry entry) {
        int index = hash & (t.length - 1);
        KeyEntry previous = null;
        for (KeyEntry e = t[index]; e != null; previous = e, e = e.next) {
            if (e == entry) {
                if (previous == null) {
                    t[index] = e.next;
                } else {
                    previous.next = e.next;
                }
                e.next = null;
                return e;
            }
        }
        return null;
    }

    public void clear() {
        table = new KeyEntry[MIN_CAPACITY];
        target = null;
        rehashIndex = 0;
        size = 0;
    }

    /**
     * A uniformly chosen bucket, then a uniformly chosen entry of its chain. Like Redis's dictGetRandomKey this is
     * slightly biased toward keys in short chains; with a load factor of at most one that bias is small. During a
     * resize the bucket is drawn from the old array's unmoved buckets and the new array together.
     */
    public KeyEntry randomEntry(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        KeyEntry head;
        if (target == null) {
            KeyEntry[] t = table;
            int mask = t.length - 1;
            do {
                head = t[random.nextInt() & mask];
            } while (head == null);
        } else {
            int unmoved = table.length - rehashIndex;
            do {
                int pick = random.nextInt(unmoved + target.length);
                head = pick < unmoved ? table[rehashIndex + pick] : target[pick - unmoved];
            } while (head == null);
        }
        int length = 0;
        for (KeyEntry e = head; e != null; e = e.next) {
            length++;
        }
        int pick = random.nextInt(length);
        KeyEntry e = head;
        while (pick-- > 0) {
            e = e.next;
        }
        return e;
    }

    /**
     * Up to {@code count} entries for eviction sampling, much as Redis's dictGetSomeKeys takes them: from a random
     * bucket on, walking consecutive buckets (one entry of each chain), jumping elsewhere after a run of empty ones.
     * Neighbouring buckets share cache lines, so this costs far fewer cache misses than {@code count} independent
     * {@link #randomEntry} calls on a large table, which is what eviction spends its time on. During a resize each
     * index is looked up in both arrays (the old one's moved buckets are empty). Returns how many it gave {@code
     * sink} (on a large table a jump may land on a bucket already walked: callers ignore repeats).
     */
    public int sampleEntries(int count, RandomGenerator random, Consumer<KeyEntry> sink) {
        if (size == 0 || count <= 0) {
            return 0;
        }
        paused++;
        try {
            if (size <= count) {
                int[] given = {0};
                forEachUnpaused(e -> {
                    sink.accept(e);
                    given[0]++;
                });
                return given[0];
            }
            return sample(count, random, sink);
        } finally {
            paused--;
        }
    }

    private int sample(int count, RandomGenerator random, Consumer<KeyEntry> sink) {
        KeyEntry[] t0 = table;
        KeyEntry[] t1 = target;
        int length = t1 == null ? t0.length : Math.max(t0.length, t1.length);
        int mask = length - 1;
        int index = random.nextInt() & mask;
        int given = 0;
        int emptyRun = 0;
        // On a small table a walk can wrap around: remember the buckets taken so none is taken twice.
        boolean[] seen = length <= count * 10 ? new boolean[length] : null;
        for (int steps = Math.min(count * 10, length); given < count && steps > 0; steps--) {
            if (seen != null && seen[index]) {
                index = (index + 1) & mask;
                continue;
            }
            if (seen != null) {
                seen[index] = true;
            }
            boolean empty = true;
            if (index < t0.length && index >= rehashIndex && t0[index] != null) {
                sink.accept(oneOfChain(t0[index], random));
                given++;
                empty = false;
            }
            if (t1 != null && index < t1.length && t1[index] != null && given < count) {
                sink.accept(oneOfChain(t1[index], random));
                given++;
                empty = false;
            }
            if (empty) {
                if (++emptyRun >= 5 && emptyRun > count) {
                    index = random.nextInt() & mask;
                    emptyRun = 0;
                    continue;
                }
            } else {
                emptyRun = 0;
            }
            index = (index + 1) & mask;
        }
        return given;
    }

    /** One entry of a chain, chosen uniformly, so a key deep in a long chain is reachable too. */
    private static KeyEntry oneOfChain(KeyEntry head, RandomGenerator random) {
        int length = 0;
        for (KeyEntry c = head; c != null; c = c.next) {
            length++;
        }
        KeyEntry e = head;
        for (int skip = length == 1 ? 0 : random.nextInt(length); skip > 0; skip--) {
            e = e.next;
        }
        return e;
    }

    /**
     * Visits the bucket at {@code cursor} (and its chain) and returns the next cursor, 0 when the scan is complete
     * ({@link ScanCursor}: reverse-binary, and over both arrays during a resize).
     */
    public long scan(long cursor, Consumer<KeyEntry> visitor) {
        if (size == 0) {
            return 0;
        }
        paused++; // the visitor may look keys up: no step may move a chain being walked
        try {
            return ScanCursor.step(table, target, cursor, head -> visitChain(head, visitor));
        } finally {
            paused--;
        }
    }

    private static void visitChain(KeyEntry head, Consumer<KeyEntry> visitor) {
        for (KeyEntry e = head; e != null; e = e.next) {
            visitor.accept(e);
        }
    }

    public void forEach(Consumer<KeyEntry> visitor) {
        paused++;
        try {
            forEachUnpaused(visitor);
        } finally {
            paused--;
        }
    }

    private void forEachUnpaused(Consumer<KeyEntry> visitor) {
        KeyEntry[] t0 = table;
        for (int i = rehashIndex; i < t0.length; i++) {
            visitChain(t0[i], visitor);
        }
        KeyEntry[] t1 = target;
        if (t1 != null) {
            for (KeyEntry head : t1) {
                visitChain(head, visitor);
            }
        }
    }

    /**
     * Moves buckets of a resize under way until {@code deadlineNanos} ({@link System#nanoTime}), 100 at a time as
     * Redis's dictRehashMilliseconds does. Returns true when a resize is still under way afterwards.
     */
    public boolean rehashFor(long deadlineNanos) {
        if (paused > 0) {
            return target != null;
        }
        while (target != null) {
            rehash(100);
            if (System.nanoTime() >= deadlineNanos) {
                break;
            }
        }
        return target != null;
    }

    private void startResize(int capacity) {
        target = new KeyEntry[capacity];
        rehashIndex = 0;
    }

    /** One step of a resize under way: a bucket moved, unless an iteration is in progress. */
    private void step() {
        if (paused == 0) {
            rehash(STEP_BUCKETS);
        }
    }

    /**
     * Moves up to {@code buckets} non-empty buckets of the old array into the new one, passing over at most ten empty
     * buckets per bucket asked for; ends the resize when the old array is empty.
     */
    private void rehash(int buckets) {
        KeyEntry[] from = table;
        KeyEntry[] to = target;
        int mask = to.length - 1;
        int emptyVisits = buckets * EMPTY_VISITS_PER_BUCKET;
        int i = rehashIndex;
        while (buckets > 0 && i < from.length) {
            KeyEntry e = from[i];
            if (e == null) {
                i++;
                if (--emptyVisits == 0) {
                    break;
                }
                continue;
            }
            while (e != null) {
                KeyEntry next = e.next;
                int index = e.keyHash() & mask; // computed again: entries keep no hash
                e.next = to[index];
                to[index] = e;
                e = next;
            }
            from[i++] = null;
            buckets--;
        }
        rehashIndex = i;
        if (i >= from.length) {
            table = to;
            target = null;
            rehashIndex = 0;
        }
    }
}
