package io.miniredis.store;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The keys of one database that have a time to live, as a dense array so the active expiry cycle (and the
 * volatile-* eviction policies) can sample them uniformly in O(1). Each entry knows its slot, so removal is a
 * swap with the last element.
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

    void add(KeyEntry entry) {
        if (entry.expiringSlot >= 0) {
            return;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entry.expiringSlot = size;
        entries[size++] = entry;
    }

    void remove(KeyEntry entry) {
        int slot = entry.expiringSlot;
        if (slot < 0) {
            return;
        }
        KeyEntry last = entries[--size];
        entries[slot] = last;
        last.expiringSlot = slot;
        entries[size] = null;
        entry.expiringSlot = -1;
        if (entries.length > 16 && size < entries.length / 4) {
            entries = Arrays.copyOf(entries, entries.length / 2);
        }
    }

    KeyEntry random(RandomGenerator random) {
        return size == 0 ? null : entries[random.nextInt(size)];
    }

    void clear() {
        entries = new KeyEntry[16];
        size = 0;
    }
}
