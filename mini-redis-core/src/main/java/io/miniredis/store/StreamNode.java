package io.miniredis.store;

import java.util.Arrays;

/**
 * One node of a stream: up to {@code stream-node-max-entries} entries packed in one byte array, as Redis packs them
 * in one listpack under one key of its radix tree. The node is found by its master ID, the ID of the first entry
 * ever added to it; the master fields are that entry's field names, and an entry with the same names stores only
 * its values. Deleted entries stay in the node, flagged, as Redis leaves them in the listpack until the node empties.
 *
 * <p>The packing is our own (an entry: a flag byte, the ID as deltas from the master ID in variable-length integers,
 * the fields and values as length-prefixed bytes); beside it the node keeps the size Redis's listpack would have,
 * {@link #listpackBytes()}, because Redis closes a node by that size ({@code stream-node-max-bytes}), and the node
 * boundaries decide what an approximate trim removes.
 */
final class StreamNode {

    static final int DELETED = 1;
    static final int SAME_FIELDS = 2;

    private static final byte[][] NO_FIELDS = new byte[0][];
    /** The node object, its master ID and the tree entry that holds it. */
    static final int SHELL =
            MemoryEstimates.object(4, 4 * 4 + 8) + MemoryEstimates.object(0, 16) + MemoryEstimates.object(5, 1);

    final StreamId master;
    final byte[][] masterFields;
    private byte[] data;
    private int used;
    /** Where each entry starts in {@link #data}, deleted ones included. */
    private int[] offsets;

    private int total;
    private int live;
    private int deleted;
    private long listpackBytes;

    private StreamNode(StreamId master, byte[][] masterFields, int expectedBytes) {
        this.master = master;
        this.masterFields = masterFields;
        this.data = new byte[Math.max(16, expectedBytes)];
        this.offsets = new int[4];
        long bytes = ListpackSizes.EMPTY
                + ListpackSizes.integer(0) // live count, set by the first append
                + ListpackSizes.integer(0) // deleted count
                + ListpackSizes.integer(masterFields.length)
                + ListpackSizes.integer(0); // the master entry's terminator
        for (byte[] field : masterFields) {
            bytes += ListpackSizes.element(field);
        }
        this.listpackBytes = bytes;
    }

    /** A new node whose master entry takes its field names from {@code fieldValues} (field, value, field, ...). */
    static StreamNode forFirstEntry(StreamId id, byte[][] fieldValues) {
        byte[][] fields = new byte[fieldValues.length / 2][];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fieldValues[2 * i];
        }
        return new StreamNode(id, fields, 32);
    }

    /** An empty node with the given master entry (for a loader that rebuilds nodes as they were). */
    static StreamNode withMaster(StreamId master, byte[][] masterFields) {
        return new StreamNode(master, masterFields == null ? NO_FIELDS : masterFields, 32);
    }

    int total() {
        return total;
    }

    int live() {
        return live;
    }

    int deleted() {
        return deleted;
    }

    /** The size of Redis's listpack for this node, header and master entry included. */
    long listpackBytes() {
        return listpackBytes;
    }

    /**
     * Redis's test before appending to the tail node: a node is full when its listpack plus the new entry's raw
     * field and value bytes reach {@code maxBytes} (0: 1 GB), or when it holds {@code maxEntries} entries, deleted
     * ones included (0: no limit).
     */
    boolean full(long newEntryBytes, long maxBytes, long maxEntries) {
        long limit = maxBytes <= 0 || maxBytes > (1L << 30) ? 1L << 30 : maxBytes;
        if (listpackBytes + newEntryBytes >= limit) {
            return true;
        }
        return maxEntries > 0 && (long) live + deleted >= maxEntries;
    }

    /** Appends an entry (its ID above every ID in the node); {@code deleted} only when a loader rebuilds a node. */
    void append(StreamId id, byte[][] fieldValues, boolean deleted) {
        int pairs = fieldValues.length / 2;
        boolean same = pairs == masterFields.length;
        for (int i = 0; same && i < pairs; i++) {
            same = Arrays.equals(fieldValues[2 * i], masterFields[i]);
        }
        int flags = (same ? SAME_FIELDS : 0) | (deleted ? DELETED : 0);
        long msDelta = id.ms() - master.ms();
        long seqDelta = id.seq() - master.seq();

        int needed = 1 + 10 + 10 + 5;
        for (int i = same ? 1 : 0; i < fieldValues.length; i += same ? 2 : 1) {
            needed += 5 + fieldValues[i].length;
        }
        ensure(needed);
        if (total == offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[total++] = used;
        data[used++] = (byte) flags;
        used = putVarint(data, used, msDelta);
        used = putVarint(data, used, (seqDelta << 1) ^ (seqDelta >> 63));
        if (!same) {
            used = putVarint(data, used, pairs);
        }
        long entryBytes = ListpackSizes.integer(flags)
                + ListpackSizes.integer(msDelta)
                + ListpackSizes.integer(seqDelta)
                + ListpackSizes.integer(same ? pairs + 3 : 2L * pairs + 4);
        if (!same) {
            entryBytes += ListpackSizes.integer(pairs);
        }
        for (int i = 0; i < fieldValues.length; i++) {
            if (same && i % 2 == 0) {
                continue;
            }
            byte[] element = fieldValues[i];
            used = putVarint(data, used, element.length);
            System.arraycopy(element, 0, data, used, element.length);
            used += element.length;
            entryBytes += ListpackSizes.element(element);
        }
        listpackBytes += entryBytes;
        if (deleted) {
            setCounts(live, this.deleted + 1);
        } else {
            setCounts(live + 1, this.deleted);
        }
    }

    /** Marks entry {@code index} deleted; false when it was already. */
    boolean delete(int index) {
        int at = offsets[index];
        if ((data[at] & DELETED) != 0) {
            return false;
        }
        data[at] |= DELETED;
        setCounts(live - 1, deleted + 1);
        return true;
    }

    boolean isDeleted(int index) {
        return (data[offsets[index]] & DELETED) != 0;
    }

    boolean sameFields(int index) {
        return (data[offsets[index]] & SAME_FIELDS) != 0;
    }

    StreamId id(int index) {
        int[] at = {offsets[index] + 1};
        long msDelta = getVarint(data, at);
        long zigzag = getVarint(data, at);
        long seqDelta = (zigzag >>> 1) ^ -(zigzag & 1);
        return new StreamId(master.ms() + msDelta, master.seq() + seqDelta);
    }

    /** The fields and values of entry {@code index}: field, value, field, value... */
    byte[][] fieldValues(int index) {
        int start = offsets[index];
        boolean same = (data[start] & SAME_FIELDS) != 0;
        int[] at = {start + 1};
        getVarint(data, at);
        getVarint(data, at);
        int pairs = same ? masterFields.length : (int) getVarint(data, at);
        byte[][] result = new byte[2 * pairs][];
        for (int i = 0; i < result.length; i++) {
            if (same && i % 2 == 0) {
                result[i] = masterFields[i / 2];
                continue;
            }
            int length = (int) getVarint(data, at);
            result[i] = Arrays.copyOfRange(data, at[0], at[0] + length);
            at[0] += length;
        }
        return result;
    }

    /** The first index whose ID is at least {@code id} (deleted entries included), {@link #total()} if none. */
    int lowerBound(StreamId id) {
        int lo = 0;
        int hi = total;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (id(mid).compareTo(id) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the entry with ID {@code id}, deleted or not, or -1. */
    int indexOf(StreamId id) {
        int index = lowerBound(id);
        return index < total && id(index).equals(id) ? index : -1;
    }

    /** The last entry's ID, deleted or not (what Redis reads at the end of the listpack). */
    StreamId lastId() {
        return id(total - 1);
    }

    /** Gives back the growth room, as Redis shrinks a listpack to fit once its node is closed. */
    void shrinkToFit() {
        if (data.length != used) {
            data = Arrays.copyOf(data, used);
        }
        if (offsets.length != total) {
            offsets = Arrays.copyOf(offsets, Math.max(1, total));
        }
    }

    /** What the node takes on the heap, its tree entry and key included. */
    long estimatedBytes() {
        long bytes = SHELL + MemoryEstimates.bytes(data.length) + MemoryEstimates.intArray(offsets.length);
        bytes += MemoryEstimates.refArray(masterFields.length);
        for (byte[] field : masterFields) {
            bytes += MemoryEstimates.bytes(field);
        }
        return bytes;
    }

    StreamNode copy() {
        StreamNode copy = new StreamNode(master, masterFields, 0);
        copy.data = Arrays.copyOf(data, data.length);
        copy.used = used;
        copy.offsets = Arrays.copyOf(offsets, offsets.length);
        copy.total = total;
        copy.live = live;
        copy.deleted = deleted;
        copy.listpackBytes = listpackBytes;
        return copy;
    }

    /** Updates the master entry's two counters, and the listpack size with the width of their encodings. */
    private void setCounts(int newLive, int newDeleted) {
        listpackBytes += ListpackSizes.integer(newLive) - ListpackSizes.integer(live);
        listpackBytes += ListpackSizes.integer(newDeleted) - ListpackSizes.integer(deleted);
        live = newLive;
        deleted = newDeleted;
    }

    private void ensure(int more) {
        if (used + more > data.length) {
            long wanted = Math.max(used + more, data.length + (data.length >> 1));
            data = Arrays.copyOf(data, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
        }
    }

    private static int putVarint(byte[] into, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            into[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        into[at++] = (byte) value;
        return at;
    }

    private static long getVarint(byte[] from, int[] at) {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = from[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
            shift += 7;
        }
    }
}
