package io.miniredis.store;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The key table of one database: chained buckets over a power-of-two array, keyed by {@code byte[]} compared by
 * content.
 *
 * <p>Written here rather than using {@link java.util.HashMap} for three things a Redis keyspace needs and a map
 * cannot give: lookups by raw {@code byte[]} without a wrapper object per call; a random key in O(1) expected time
 * (RANDOMKEY, eviction sampling); and SCAN's guarantee. Its cursor walks bucket indexes in reverse-binary order,
 * so every key present for the whole scan is returned even when the table grows or shrinks between calls.
 */
public final class Dict {

    private static final int MIN_CAPACITY = 4;

    private KeyEntry[] table = new KeyEntry[MIN_CAPACITY];
    private int size;

    public int size() {
        return size;
    }

    /** Buckets in the table, for memory accounting. */
    public int capacity() {
        return table.length;
    }

    public KeyEntry get(byte[] key) {
        return get(key, KeyHash.hash(key));
    }

    /** Looks up with a hash the caller already computed ({@link KeyHash#hash}), to hash a key once per command. */
    public KeyEntry get(byte[] key, int hash) {
        for (KeyEntry e = table[hash & (table.length - 1)]; e != null; e = e.next) {
            if (e.keyEquals(key)) {
                return e;
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
        if (size >= table.length) {
            resize(table.length * 2);
        }
        int index = hash & (table.length - 1);
        entry.next = table[index];
        table[index] = entry;
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
        int index = entry.keyHash() & (table.length - 1);
        KeyEntry previous = null;
        for (KeyEntry e = table[index]; e != null; previous = e, e = e.next) {
            if (e == entry) {
                if (previous == null) {
                    table[index] = e.next;
                } else {
                    previous.next = e.next;
                }
                e.next = null;
                size--;
                if (table.length > MIN_CAPACITY && size < table.length / 8) {
                    resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 2));
                }
                return e;
            }
        }
        return null;
    }

    public void clear() {
        table = new KeyEntry[MIN_CAPACITY];
        size = 0;
    }

    /**
     * A uniformly chosen bucket, then a uniformly chosen entry of its chain. Like Redis's dictGetRandomKey this is
     * slightly biased toward keys in short chains; with a load factor of at most one that bias is small.
     */
    public KeyEntry randomEntry(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        KeyEntry[] t = table;
        int mask = t.length - 1;
        KeyEntry head;
        do {
            head = t[random.nextInt() & mask];
        } while (head == null);
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
     * {@link #randomEntry} calls on a large table, which is what eviction spends its time on. Returns how many it
     * gave {@code sink} (on a large table a jump may land on a bucket already walked: callers ignore repeats).
     */
    public int sampleEntries(int count, RandomGenerator random, Consumer<KeyEntry> sink) {
        if (size == 0 || count <= 0) {
            return 0;
        }
        KeyEntry[] t = table;
        int mask = t.length - 1;
        if (size <= count) {
            int given = 0;
            for (KeyEntry head : t) {
                for (KeyEntry e = head; e != null; e = e.next) {
                    sink.accept(e);
                    given++;
                }
            }
            return given;
        }
        int index = random.nextInt() & mask;
        int given = 0;
        int emptyRun = 0;
        // On a small table a walk can wrap around: remember the buckets taken so none is taken twice.
        boolean[] seen = t.length <= count * 10 ? new boolean[t.length] : null;
        for (int steps = Math.min(count * 10, t.length); given < count && steps > 0; steps--) {
            if (seen != null && seen[index]) {
                index = (index + 1) & mask;
                continue;
            }
            if (seen != null) {
                seen[index] = true;
            }
            KeyEntry e = t[index];
            if (e == null) {
                if (++emptyRun >= 5 && emptyRun > count) {
                    index = random.nextInt() & mask;
                    emptyRun = 0;
                    continue;
                }
            } else {
                // one entry of the chain, chosen uniformly, so a key deep in a long chain is reachable too
                emptyRun = 0;
                int length = 0;
                for (KeyEntry c = e; c != null; c = c.next) {
                    length++;
                }
                for (int skip = length == 1 ? 0 : random.nextInt(length); skip > 0; skip--) {
                    e = e.next;
                }
                sink.accept(e);
                given++;
            }
            index = (index + 1) & mask;
        }
        return given;
    }

    /**
     * Visits the bucket at {@code cursor} (and its chain) and returns the next cursor, 0 when the scan is complete.
     * The cursor counts with its bits reversed, so buckets that split or merge on a resize are never skipped.
     */
    public long scan(long cursor, Consumer<KeyEntry> visitor) {
        if (size == 0) {
            return 0;
        }
        KeyEntry[] t = table;
        long mask = t.length - 1;
        for (KeyEntry e = t[(int) (cursor & mask)]; e != null; e = e.next) {
            visitor.accept(e);
        }
        // Set the unmasked high bits so the increment of the reversed cursor carries into the masked bits only.
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v;
    }

    public void forEach(Consumer<KeyEntry> visitor) {
        for (KeyEntry head : table) {
            for (KeyEntry e = head; e != null; e = e.next) {
                visitor.accept(e);
            }
        }
    }

    private void resize(int capacity) {
        KeyEntry[] old = table;
        KeyEntry[] fresh = new KeyEntry[capacity];
        int mask = capacity - 1;
        for (KeyEntry head : old) {
            KeyEntry e = head;
            while (e != null) {
                KeyEntry next = e.next;
                int index = e.keyHash() & mask; // computed again: entries keep no hash
                e.next = fresh[index];
                fresh[index] = e;
                e = next;
            }
        }
        table = fresh;
    }
}
