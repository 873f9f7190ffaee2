package io.miniredis.store;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The member-to-node hash of a {@link RedisSortedSet}: chained buckets over a power-of-two array, the chains running
 * through the skip-list nodes themselves ({@link RedisSortedSet.Node#hashNext}), so a member costs no entry object
 * of its own. Lookups take the raw {@code byte[]}, hashed with the keyspace's seeded {@link KeyHash}.
 *
 * <p>Its {@link #scan} is {@link Dict#scan}'s reverse-binary cursor: ZSCAN returns every member present for the
 * whole iteration, even when the table grows or shrinks between calls.
 */
final class MemberIndex {

    private static final int MIN_CAPACITY = 4;

    private RedisSortedSet.Node[] table = new RedisSortedSet.Node[MIN_CAPACITY];
    private int size;
    /** The indexed nodes with their arrays and members: a node is indexed for exactly as long as it is in its set. */
    private long nodeBytes;

    MemberIndex() {}

    /** A table sized for {@code expected} members at once (COPY, store commands), no resize on the way. */
    MemberIndex(int expected) {
        int capacity = MIN_CAPACITY;
        while (capacity < expected) {
            capacity <<= 1;
        }
        table = new RedisSortedSet.Node[capacity];
    }

    int size() {
        return size;
    }

    private static final int SHELL = MemoryEstimates.object(1, 4 + 8);

    /** The index and every node in it, in bytes ({@link MemoryEstimates}). */
    long estimatedBytes() {
        return SHELL + MemoryEstimates.refArray(table.length) + nodeBytes;
    }

    /** The running total of the indexed nodes' bytes, for {@link RedisSortedSet#verify}. */
    long nodeBytesCounted() {
        return nodeBytes;
    }

    /** Nodes already indexed were given arrays for more levels: {@code bytes} more in all. */
    void nodesGrew(long bytes) {
        nodeBytes += bytes;
    }

    static long nodeBytes(RedisSortedSet.Node node) {
        return linksBytes(node) + MemoryEstimates.bytes(node.member);
    }

    /** A node without its member: the object, and its arrays of the levels above the first when it has any. */
    static long linksBytes(RedisSortedSet.Node node) {
        return node.upper == null
                ? NODE
                : NODE + MemoryEstimates.refArray(node.upper.length) + MemoryEstimates.intArray(node.upperSpan.length);
    }

    /**
     * A skip-list node without its arrays and member: eight references, a hash, levels 0 and 1's spans, a score and
     * its level.
     */
    private static final int NODE = MemoryEstimates.object(8, 4 + 4 + 4 + 8 + 1);

    RedisSortedSet.Node get(byte[] member, int hash) {
        for (RedisSortedSet.Node n = table[hash & (table.length - 1)]; n != null; n = n.hashNext) {
            if (n.hash == hash && Arrays.equals(n.member, member)) {
                return n;
            }
        }
        return null;
    }

    /** Adds a node whose member is not in the table. */
    void add(RedisSortedSet.Node node) {
        if (size >= table.length) {
            resize(table.length * 2);
        }
        int index = node.hash & (table.length - 1);
        node.hashNext = table[index];
        table[index] = node;
        size++;
        nodeBytes += nodeBytes(node);
    }

    /** Removes a node that is in the table. */
    void remove(RedisSortedSet.Node node) {
        int index = node.hash & (table.length - 1);
        RedisSortedSet.Node previous = null;
        for (RedisSortedSet.Node n = table[index]; n != null; previous = n, n = n.hashNext) {
            if (n == node) {
                if (previous == null) {
                    table[index] = n.hashNext;
                } else {
                    previous.hashNext = n.hashNext;
                }
                n.hashNext = null;
                size--;
                nodeBytes -= nodeBytes(n);
                if (table.length > MIN_CAPACITY && size < table.length / 8) {
                    resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 2));
                }
                return;
            }
        }
        throw new IllegalStateException("member not indexed");
    }

    void forEach(Consumer<RedisSortedSet.Node> visitor) {
        for (RedisSortedSet.Node head : table) {
            for (RedisSortedSet.Node n = head; n != null; n = n.hashNext) {
                visitor.accept(n);
            }
        }
    }

    void clear() {
        table = new RedisSortedSet.Node[MIN_CAPACITY];
        size = 0;
        nodeBytes = 0;
    }

    /** Visits the bucket at {@code cursor} and returns the next cursor, 0 at the end (see {@link Dict#scan}). */
    long scan(long cursor, Consumer<RedisSortedSet.Node> visitor) {
        if (size == 0) {
            return 0;
        }
        RedisSortedSet.Node[] t = table;
        long mask = t.length - 1;
        for (RedisSortedSet.Node n = t[(int) (cursor & mask)]; n != null; n = n.hashNext) {
            visitor.accept(n);
        }
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    private void resize(int capacity) {
        RedisSortedSet.Node[] fresh = new RedisSortedSet.Node[capacity];
        int mask = capacity - 1;
        for (RedisSortedSet.Node head : table) {
            RedisSortedSet.Node n = head;
            while (n != null) {
                RedisSortedSet.Node next = n.hashNext;
                int index = n.hash & mask;
                n.hashNext = fresh[index];
                fresh[index] = n;
                n = next;
            }
        }
        table = fresh;
    }
}
