package io.miniredis.store;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The keys of one database that have a time to live, as a dense array so the active expiry cycle (and the
 * volatile-* eviction policies) can sample them uniformly in O(1). Each key's {@link KeyEntry.Expiry} knows its
 * slot, so removal is a swap with the last element.
 */
final class ExpiringKeys {

    private KeyEntry[] entries = new KeyEntry[16];
    private int size;

    int size() {
        return size;
    }

    /** Slots in the array, for memory accounting. */
    int capacity() {
        return entries.length;
    }

    /** Adds an entry that has an expiry (no-op when already in). */
    void add(KeyEntry entry) {
        KeyEntry.Expiry expiry = entry.expiry();
        if (expiry.slot >= 0) {
            return;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        expiry.slot = size;
        entries[size++] = entry;
    }

    /** Removes the entry whose expiry holder is {@code expiry} (the entry may have dropped it already). */
    void remove(KeyEntry.Expiry expiry) {
        int slot = expiry.slot;
        if (slot < 0) {
            return;
        }
        KeyEntry last = entries[--size];
        if (slot != size) {
            entries[slot] = last;
            last.expiry().slot = slot;
        }
        entries[size] = null;
        expiry.slot = -1;
        if (entries.length > 16 && size < entries.length / 4) {
            entries = Arrays.copyOf(entries, entries.length / 2);
        }
    }

    /** The entry in {@code slot}, 0 to size - 1 (the order changes as entries come and go). */
    KeyEntry at(int slot) {
        return entries[slot];
    }

    KeyEntry random(RandomGenerator random) {
        return size == 0 ? null : entries[random.nextInt(size)];
    }

    void clear() {
        entries = new KeyEntry[16];
        size = 0;
    }
}
