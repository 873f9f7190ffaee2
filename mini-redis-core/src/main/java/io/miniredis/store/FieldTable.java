package io.miniredis.store;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * The table behind hashes (field to value) and large sets (members only): {@code byte[]} keys compared by content,
 * optionally a {@code byte[]} value per key, kept in <em>insertion order</em>.
 *
 * <p>Why not {@link java.util.HashMap}: a map needs a wrapper object per key to compare arrays by content, cannot
 * pick a random entry in O(1), and cannot give HSCAN/SSCAN Redis's guarantee. Here the entries live in parallel
 * arrays indexed by their insertion slot (no object per entry); an index of chained buckets, by hash, points into
 * them. That gives:
 * <ul>
 *   <li>insertion order, which is what a small Redis hash shows (a listpack is a sequence: a new field goes to the
 *       end, an update stays in place, a delete closes the gap);</li>
 *   <li>a uniformly random entry in O(1) expected time: a random slot, retried while it is a hole, and holes are
 *       never more than the live entries;</li>
 *   <li>a scan cursor over buckets in reverse-binary order, as {@link Dict#scan}: an entry present for the whole
 *       scan is returned at least once however the bucket array grows or shrinks between calls. Compaction moves
 *       entries between slots but never between buckets, so it cannot hide one.</li>
 * </ul>
 *
 * <p>Up to {@value #LINEAR_LIMIT} entries there is no index at all: a lookup compares at most that many arrays,
 * which is faster than hashing and saves four small arrays per small hash or set.
 *
 * <p>A table with values can also be <em>packed</em> ({@link #packed()}): every pair in one array ({@link
 * PackedEntries}), what a hash is while Redis would keep it as a listpack. Slots are then the entries' positions
 * (no holes), {@link #key} and {@link #value} return copies, lookups are linear, and changes copy the array; the
 * owner calls {@link #unpack} when the hash outgrows the listpack's limits, for good, as Redis converts it.
 */
public final class FieldTable {

    /** Up to this many entries, lookups are linear and no bucket index exists. */
    static final int LINEAR_LIMIT = 8;
    /** The index is dropped again when a removal leaves this many entries or fewer (hysteresis against thrashing). */
    private static final int UNINDEX_SIZE = LINEAR_LIMIT / 2;

    private static final int MIN_BUCKETS = 16;
    private static final int INITIAL_CAPACITY = 4;
    private static final byte[][] NO_ENTRIES = new byte[0][];

    private byte[][] keys;
    /** Null for a table without values (a set). */
    private byte[][] values;
    /** Per slot: the key's hash; null while the table is linear. */
    private int[] hashes;
    /** Per slot: the next slot of its bucket's chain plus one, 0 at the end; null while linear. */
    private int[] next;
    /** Per bucket: the first slot of its chain plus one, 0 when empty; null while linear. */
    private int[] buckets;
    /** Slots in use, holes included: entries are at {@code [0, used)}. */
    private int used;

    private int size;
    /** The keys' and values' own arrays, summed as they come and go (for {@link #estimatedBytes}). */
    private long payloadBytes;

    /** While packed: every pair ({@link PackedEntries}); {@code keys} and {@code values} are then empty. */
    private byte[] packed;
    /** While packed: the last slot located and its offset in {@code packed}, so a walk over the slots is O(n). */
    private int cachedSlot;

    private int cachedOffset;

    public FieldTable(boolean withValues) {
        this.keys = NO_ENTRIES;
        this.values = withValues ? NO_ENTRIES : null;
    }

    /** An empty packed table with values (a small hash). */
    public static FieldTable packed() {
        FieldTable table = new FieldTable(true);
        table.packed = PackedEntries.EMPTY;
        return table;
    }

    private FieldTable(FieldTable other) {
        this.packed = other.packed == null ? null : other.packed.clone();
        this.keys = other.keys.length == 0 ? NO_ENTRIES : other.keys.clone();
        this.values = other.values == null ? null : other.values.length == 0 ? NO_ENTRIES : other.values.clone();
        this.hashes = other.hashes == null ? null : other.hashes.clone();
        this.next = other.next == null ? null : other.next.clone();
        this.buckets = other.buckets == null ? null : other.buckets.clone();
        this.used = other.used;
        this.size = other.size;
        this.payloadBytes = other.payloadBytes;
    }

    private static final int SHELL = MemoryEstimates.object(6, 4 + 4 + 8 + 4 + 4);

    /** What the table takes on the heap with its keys and values, in O(1) ({@link MemoryEstimates}). */
    public long estimatedBytes() {
        if (packed != null) {
            return SHELL + MemoryEstimates.bytes(packed);
        }
        long bytes = SHELL + MemoryEstimates.refArray(keys.length) + payloadBytes;
        if (values != null) {
            bytes += MemoryEstimates.refArray(values.length);
        }
        if (buckets != null) {
            bytes += MemoryEstimates.intArray(hashes.length)
                    + MemoryEstimates.intArray(next.length)
                    + MemoryEstimates.intArray(buckets.length);
        }
        return bytes;
    }

    /** A copy sharing the key and value arrays, which are never modified in place. */
    public FieldTable copy() {
        return new FieldTable(this);
    }

    public int size() {
        return size;
    }

    /** One past the last slot that may hold an entry; iterate slots {@code [0, limit())} skipping holes. */
    public int limit() {
        return used;
    }

    public boolean isPacked() {
        return packed != null;
    }

    /** The key in {@code slot}, or null for a hole (a copy while packed). */
    public byte[] key(int slot) {
        return packed != null ? PackedEntries.key(packed, offsetOf(slot)) : keys[slot];
    }

    public byte[] value(int slot) {
        return packed != null ? PackedEntries.value(packed, offsetOf(slot)) : values[slot];
    }

    /** While packed: the offset of {@code slot}'s entry, walking on from the last one located when it is before. */
    private int offsetOf(int slot) {
        int s = 0;
        int offset = 0;
        if (slot >= cachedSlot) {
            s = cachedSlot;
            offset = cachedOffset;
        }
        for (; s < slot; s++) {
            offset = PackedEntries.next(packed, offset);
        }
        cachedSlot = slot;
        cachedOffset = offset;
        return offset;
    }

    /** While packed: after a change, the cached position may point anywhere. */
    private void packedChanged(byte[] fresh) {
        packed = fresh;
        cachedSlot = 0;
        cachedOffset = 0;
    }

    /**
     * Turns a packed table into arrays with an index as it grows (Redis's listpack-to-hashtable conversion), keeping
     * the order. A table that is not packed stays as it is.
     */
    public void unpack() {
        byte[] p = packed;
        if (p == null) {
            return;
        }
        int n = size;
        packed = null;
        size = 0;
        used = 0;
        payloadBytes = 0;
        int offset = 0;
        for (int i = 0; i < n; i++) {
            add(PackedEntries.key(p, offset), PackedEntries.value(p, offset));
            offset = PackedEntries.next(p, offset);
        }
    }

    public void setValue(int slot, byte[] value) {
        if (packed != null) {
            packedChanged(PackedEntries.replaceValue(packed, offsetOf(slot), value));
            return;
        }
        payloadBytes += MemoryEstimates.bytes(value) - MemoryEstimates.bytes(values[slot]);
        values[slot] = value;
    }

    /** The slot holding {@code key}, or -1. */
    public int indexOf(byte[] key) {
        if (packed != null) {
            int offset = 0;
            for (int slot = 0; slot < size; slot++) {
                if (PackedEntries.keyEquals(packed, offset, key)) {
                    cachedSlot = slot;
                    cachedOffset = offset;
                    return slot;
                }
                offset = PackedEntries.next(packed, offset);
            }
            return -1;
        }
        if (buckets == null) {
            byte[][] k = keys;
            for (int i = 0; i < used; i++) {
                byte[] candidate = k[i];
                if (candidate.length == key.length && Arrays.equals(candidate, key)) {
                    return i;
                }
            }
            return -1;
        }
        return indexOf(key, KeyHash.hash(key));
    }

    private int indexOf(byte[] key, int hash) {
        for (int e = buckets[hash & (buckets.length - 1)]; e != 0; e = next[e - 1]) {
            int slot = e - 1;
            if (hashes[slot] == hash && Arrays.equals(keys[slot], key)) {
                return slot;
            }
        }
        return -1;
    }

    public byte[] get(byte[] key) {
        int slot = indexOf(key);
        return slot < 0 ? null : value(slot);
    }

    public boolean contains(byte[] key) {
        return indexOf(key) >= 0;
    }

    /**
     * Adds {@code key} with {@code value} unless the key is present: returns the slot of the present key (its value
     * untouched), or -1 after adding. One hash computation either way.
     */
    public int putIfAbsent(byte[] key, byte[] value) {
        if (packed != null) {
            int slot = indexOf(key);
            if (slot < 0) {
                add(key, value);
            }
            return slot;
        }
        if (buckets == null) {
            int slot = indexOf(key);
            if (slot >= 0) {
                return slot;
            }
            append(key, value, 0);
            if (size > LINEAR_LIMIT) {
                index(MIN_BUCKETS);
            }
            return -1;
        }
        int hash = KeyHash.hash(key);
        int slot = indexOf(key, hash);
        if (slot >= 0) {
            return slot;
        }
        append(key, value, hash);
        if (size > buckets.length) {
            rehash(buckets.length * 2);
        }
        return -1;
    }

    /** Adds a key known to be absent. */
    public void add(byte[] key, byte[] value) {
        if (packed != null) {
            packedChanged(PackedEntries.append(packed, key, value));
            used = ++size;
            return;
        }
        if (buckets == null) {
            append(key, value, 0);
            if (size > LINEAR_LIMIT) {
                index(MIN_BUCKETS);
            }
            return;
        }
        append(key, value, KeyHash.hash(key));
        if (size > buckets.length) {
            rehash(buckets.length * 2);
        }
    }

    private void append(byte[] key, byte[] value, int hash) {
        if (used == keys.length) {
            makeRoom();
        }
        int slot = used++;
        keys[slot] = key;
        payloadBytes += MemoryEstimates.bytes(key);
        if (values != null) {
            values[slot] = value;
            payloadBytes += MemoryEstimates.bytes(value);
        }
        if (buckets != null) {
            hashes[slot] = hash;
            int bucket = hash & (buckets.length - 1);
            next[slot] = buckets[bucket];
            buckets[bucket] = slot + 1;
        }
        size++;
    }

    /** Before an append into full arrays: squeeze the holes out when they are many, otherwise grow by half. */
    private void makeRoom() {
        if (used - size > used / 4) {
            compact();
            return;
        }
        int capacity = Math.max(INITIAL_CAPACITY, used + (used >> 1));
        keys = Arrays.copyOf(keys, capacity);
        if (values != null) {
            values = Arrays.copyOf(values, capacity);
        }
        if (hashes != null) {
            hashes = Arrays.copyOf(hashes, capacity);
            next = Arrays.copyOf(next, capacity);
        }
    }

    /** Removes {@code key}; false when absent. */
    public boolean remove(byte[] key) {
        if (packed != null) {
            int slot = indexOf(key);
            if (slot < 0) {
                return false;
            }
            packedChanged(PackedEntries.remove(packed, offsetOf(slot)));
            used = --size;
            return true;
        }
        if (buckets == null) {
            int slot = indexOf(key);
            if (slot < 0) {
                return false;
            }
            // Linear tables have no holes: close the gap, which keeps the order.
            payloadBytes -=
                    MemoryEstimates.bytes(keys[slot]) + (values == null ? 0 : MemoryEstimates.bytes(values[slot]));
            int tail = used - slot - 1;
            System.arraycopy(keys, slot + 1, keys, slot, tail);
            keys[--used] = null;
            if (values != null) {
                System.arraycopy(values, slot + 1, values, slot, tail);
                values[used] = null;
            }
            size--;
            return true;
        }
        int hash = KeyHash.hash(key);
        int bucket = hash & (buckets.length - 1);
        int previous = 0;
        for (int e = buckets[bucket]; e != 0; previous = e, e = next[e - 1]) {
            int slot = e - 1;
            if (hashes[slot] == hash && Arrays.equals(keys[slot], key)) {
                if (previous == 0) {
                    buckets[bucket] = next[slot];
                } else {
                    next[previous - 1] = next[slot];
                }
                payloadBytes -=
                        MemoryEstimates.bytes(keys[slot]) + (values == null ? 0 : MemoryEstimates.bytes(values[slot]));
                keys[slot] = null;
                if (values != null) {
                    values[slot] = null;
                }
                size--;
                if (slot == used - 1) {
                    used--; // no hole at the end
                }
                afterRemove();
                return true;
            }
        }
        return false;
    }

    private void afterRemove() {
        if (size <= UNINDEX_SIZE) {
            compact();
            hashes = null;
            next = null;
            buckets = null;
        } else if (used - size > size) {
            // Holes never outnumber entries: that bounds the retries of randomSlot.
            compact();
        } else if (buckets.length > MIN_BUCKETS && size < buckets.length / 8) {
            rehash(Math.max(MIN_BUCKETS, Integer.highestOneBit(size) * 2));
        }
    }

    /** Moves the entries down over the holes, in order, and rebuilds the chains. */
    private void compact() {
        int to = 0;
        for (int from = 0; from < used; from++) {
            if (keys[from] != null) {
                if (to != from) {
                    keys[to] = keys[from];
                    if (values != null) {
                        values[to] = values[from];
                    }
                    if (hashes != null) {
                        hashes[to] = hashes[from];
                    }
                }
                to++;
            }
        }
        Arrays.fill(keys, to, used, null);
        if (values != null) {
            Arrays.fill(values, to, used, null);
        }
        used = to;
        if (buckets != null) {
            relink();
        }
    }

    private void index(int bucketCount) {
        hashes = new int[keys.length];
        next = new int[keys.length];
        for (int i = 0; i < used; i++) {
            hashes[i] = KeyHash.hash(keys[i]);
        }
        buckets = new int[bucketCount];
        relink();
    }

    private void rehash(int bucketCount) {
        buckets = new int[bucketCount];
        relink();
    }

    private void relink() {
        Arrays.fill(buckets, 0);
        int mask = buckets.length - 1;
        for (int slot = 0; slot < used; slot++) {
            if (keys[slot] != null) {
                int bucket = hashes[slot] & mask;
                next[slot] = buckets[bucket];
                buckets[bucket] = slot + 1;
            }
        }
    }

    /** A uniformly chosen slot holding an entry; the table must not be empty. */
    public int randomSlot(RandomGenerator random) {
        if (packed != null) {
            return random.nextInt(size);
        }
        int slot;
        do {
            slot = random.nextInt(used);
        } while (keys[slot] == null);
        return slot;
    }

    /**
     * Visits the entries of the bucket at {@code cursor} and returns the next cursor, 0 when the scan is complete.
     * A table without an index is one bucket: it is visited whole and the scan ends.
     */
    public long scan(long cursor, IntConsumer visitor) {
        if (buckets == null) { // linear or packed: one bucket
            for (int slot = 0; slot < used; slot++) {
                visitor.accept(slot);
            }
            return 0;
        }
        long mask = buckets.length - 1;
        for (int e = buckets[(int) (cursor & mask)]; e != 0; e = next[e - 1]) {
            visitor.accept(e - 1);
        }
        // The reversed cursor is incremented: set the unmasked high bits so the carry stays in the masked ones.
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }
}
