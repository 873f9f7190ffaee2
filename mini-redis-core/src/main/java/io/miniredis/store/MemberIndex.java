package io.miniredis.store;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The member-to-node hash of a {@link RedisSortedSet}: chained buckets over a power-of-two array, the chains running
 * through the skip-list nodes themselves ({@link RedisSortedSet.Node#hashNext}), so a member costs no entry object
 * of its own. Lookups take the raw {@code byte[]}, hashed with the keyspace's seeded {@link KeyHash}.
 *
 * <p>Its {@link #scan} is {@link Dict#scan}'s reverse-binary cursor: ZSCAN returns every member present for the
 * whole iteration, even when the table grows or shrinks between calls. A resize is incremental, as the key table's:
 * a new array, into which each add, remove and lookup moves one bucket of the old one, lookups searching both; a
 * sorted set of millions of members grows without a pause for a whole-table copy.
 */
final class MemberIndex {

    private static final int MIN_CAPACITY = 4;

    private RedisSortedSet.Node[] table = new RedisSortedSet.Node[MIN_CAPACITY];
    /** The array being filled during a resize, else null (resizes are incremental, as {@link Dict}'s). */
    private RedisSortedSet.Node[] target;
    /** During a resize: the buckets of {@link #table} below this index are moved already. */
    private int rehashIndex;
    /** Iterations in progress: no step moves a chain under them. */
    private int paused;

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

    private static final int SHELL = MemoryEstimates.object(2, 4 + 4 + 4 + 8);

    /** The index and every node in it, in bytes ({@link MemoryEstimates}). */
    long estimatedBytes() {
        return SHELL
                + MemoryEstimates.refArray(table.length)
                + (target == null ? 0 : MemoryEstimates.refArray(target.length))
                + nodeBytes;
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

    /**
     * The node of {@code member}. Unlike Redis's dictFind, a lookup moves no bucket: a resize ends by adds and
     * removes, which are always followed by a memory charge, whereas a read's step could drop the old array without
     * one and leave used_memory off by its size (MemoryCommandsDifferentialTest caught it).
     */
    RedisSortedSet.Node get(byte[] member, int hash) {
        RedisSortedSet.Node[] t = table;
        int index = hash & (t.length - 1);
        if (index >= rehashIndex) { // below it the old array's buckets are moved already
            RedisSortedSet.Node n = find(t[index], member, hash);
            if (n != null) {
                return n;
            }
        }
        return target == null ? null : find(target[hash & (target.length - 1)], member, hash);
    }

    private static RedisSortedSet.Node find(RedisSortedSet.Node head, byte[] member, int hash) {
        for (RedisSortedSet.Node n = head; n != null; n = n.hashNext) {
            if (n.hash == hash && Arrays.equals(n.member, member)) {
                return n;
            }
        }
        return null;
    }

    /** Adds a node whose member is not in the table. */
    void add(RedisSortedSet.Node node) {
        if (target != null) {
            step();
        } else if (size >= table.length) {
            target = new RedisSortedSet.Node[table.length * 2];
        }
        RedisSortedSet.Node[] t = target != null ? target : table; // during a resize new members go to the new array
        int index = node.hash & (t.length - 1);
        node.hashNext = t[index];
        t[index] = node;
        size++;
        nodeBytes += nodeBytes(node);
    }

    /** Removes a node that is in the table. */
    void remove(RedisSortedSet.Node node) {
        if (target != null) {
            step();
        }
        if (!unlink(table, node) && (target == null || !unlink(target, node))) {
            throw new IllegalStateException("member not indexed");
        }
        size--;
        nodeBytes -= nodeBytes(node);
        if (size == 0 && paused == 0 && (target != null || table.length > MIN_CAPACITY)) {
            clear(); // nothing left to move: back to the smallest table at once
        } else if (target == null && table.length > MIN_CAPACITY && size < table.length / 8) {
            target = new RedisSortedSet.Node[Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 2)];
        }
    }

    private static boolean unlink(RedisSortedSet.Node[] t, RedisSortedSet.Node node) {
        int index = node.hash & (t.length - 1);
        RedisSortedSet.Node previous = null;
        for (RedisSortedSet.Node n = t[index]; n != null; previous = n, n = n.hashNext) {
            if (n == node) {
                if (previous == null) {
                    t[index] = n.hashNext;
                } else {
                    previous.hashNext = n.hashNext;
                }
                n.hashNext = null;
                return true;
            }
        }
        return false;
    }

    void forEach(Consumer<RedisSortedSet.Node> visitor) {
        paused++;
        try {
            for (int i = rehashIndex; i < table.length; i++) {
                visitChain(table[i], visitor);
            }
            if (target != null) {
                for (RedisSortedSet.Node head : target) {
                    visitChain(head, visitor);
                }
            }
        } finally {
            paused--;
        }
    }

    void clear() {
        table = new RedisSortedSet.Node[MIN_CAPACITY];
        target = null;
        rehashIndex = 0;
        size = 0;
        nodeBytes = 0;
    }

    /**
     * Visits the bucket at {@code cursor} and returns the next cursor, 0 at the end (see {@link Dict#scan}, whose
     * walk of both arrays during a resize this repeats).
     */
    long scan(long cursor, Consumer<RedisSortedSet.Node> visitor) {
        if (size == 0) {
            return 0;
        }
        paused++;
        try {
            return ScanCursor.step(table, target, cursor, head -> visitChain(head, visitor));
        } finally {
            paused--;
        }
    }

    private static void visitChain(RedisSortedSet.Node head, Consumer<RedisSortedSet.Node> visitor) {
        for (RedisSortedSet.Node n = head; n != null; n = n.hashNext) {
            visitor.accept(n);
        }
    }

    /** True while a resize is moving buckets to the new array. */
    boolean rehashing() {
        return target != null;
    }

    /**
     * One step of a resize under way, as {@link Dict}'s: one non-empty bucket moved (or ten empty ones passed),
     * unless an iteration is in progress; the resize ends when the old array is empty.
     */
    private void step() {
        if (paused > 0) {
            return;
        }
        RedisSortedSet.Node[] from = table;
        RedisSortedSet.Node[] to = target;
        int mask = to.length - 1;
        int i = rehashIndex;
        for (int emptyVisits = 10; i < from.length; ) {
            RedisSortedSet.Node n = from[i];
            if (n == null) {
                i++;
                if (--emptyVisits == 0) {
                    break;
                }
                continue;
            }
            while (n != null) {
                RedisSortedSet.Node next = n.hashNext;
                int index = n.hash & mask;
                n.hashNext = to[index];
                to[index] = n;
                n = next;
            }
            from[i++] = null;
            break;
        }
        rehashIndex = i;
        if (i >= from.length) {
            table = to;
            target = null;
            rehashIndex = 0;
        }
    }
}
