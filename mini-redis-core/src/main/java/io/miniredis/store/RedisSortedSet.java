package io.miniredis.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A sorted set: members ordered by (score, member bytes compared unsigned), each member once.
 *
 * <p>Two structures share one node per member, as in Redis: a skip list whose forward links carry spans (how many
 * nodes each link jumps), so the rank of a node and the node at a rank take O(log n); and a hash from member to
 * node ({@link MemberIndex}, chained through the nodes) for O(1) score look-ups and for ZSCAN's cursor.
 *
 * <p>Redis keeps a small sorted set in a listpack and converts it, once and for good, to a skip list when it grows
 * past {@code zset-max-listpack-entries} members or takes a member longer than {@code zset-max-listpack-value}.
 * Here the structure is always the skip list; what the encoding changes is what a client can observe of it: the
 * name OBJECT ENCODING reports, ZSCAN returning everything in one call, a listpack storing {@code -0} as the integer
 * 0, and lexicographic ranges being found by a walk from the ends rather than by the skip list's descent (the two
 * differ only when scores differ, where Redis leaves the result to the encoding).
 *
 * <p>Scores are never NaN (commands refuse them) and compare with primitive operators, so {@code -0 == 0}.
 */
public final class RedisSortedSet implements RedisValue {

    private static final int MAX_LEVEL = 32;

    /**
     * One member: its place in the skip list and in the member index. Levels 0 and 1 are fields, higher levels in
     * arrays: three nodes in four have level 1 and three in sixteen level 2 (p = 1/4), so arrays are rare, and a walk
     * down the list reads a node's lower links without a second object (an array beside it) to load.
     */
    public static final class Node {
        final byte[] member;
        final int hash;
        double score;
        Node backward;
        Node hashNext;
        /** Level 0: the next node and the link's span. */
        Node next0;

        int span0;
        /** Level 1, when the node has it ({@link #level} >= 2). */
        Node next1;

        int span1;
        /** Levels 2 and up ({@code upper[i - 2]} is level i); null below level 3. */
        Node[] upper;

        int[] upperSpan;
        /** 1 to {@link #MAX_LEVEL}. */
        byte level;

        Node(byte[] member, int hash, double score, int level) {
            this.member = member;
            this.hash = hash;
            this.score = score;
            this.level = (byte) level;
            if (level > 2) {
                this.upper = new Node[level - 2];
                this.upperSpan = new int[level - 2];
            }
        }

        int level() {
            return level;
        }

        Node forward(int i) {
            return i == 0 ? next0 : i == 1 ? next1 : upper[i - 2];
        }

        void forward(int i, Node node) {
            if (i == 0) {
                next0 = node;
            } else if (i == 1) {
                next1 = node;
            } else {
                upper[i - 2] = node;
            }
        }

        int span(int i) {
            return i == 0 ? span0 : i == 1 ? span1 : upperSpan[i - 2];
        }

        void span(int i, int span) {
            if (i == 0) {
                span0 = span;
            } else if (i == 1) {
                span1 = span;
            } else {
                upperSpan[i - 2] = span;
            }
        }

        /** Drops every link and span and gives the node {@code levels} levels (its arrays kept when they fit). */
        void resetTo(int levels) {
            next0 = null;
            span0 = 0;
            next1 = null;
            span1 = 0;
            if (levels <= 2) {
                upper = null;
                upperSpan = null;
            } else if (upper != null && upper.length == levels - 2) {
                Arrays.fill(upper, null);
                Arrays.fill(upperSpan, 0);
            } else {
                upper = new Node[levels - 2];
                upperSpan = new int[levels - 2];
            }
            level = (byte) levels;
        }

        /** The header's levels grow with the list's. */
        void growTo(int levels) {
            if (levels > 2) {
                upper = upper == null ? new Node[levels - 2] : Arrays.copyOf(upper, levels - 2);
                upperSpan = upperSpan == null ? new int[levels - 2] : Arrays.copyOf(upperSpan, levels - 2);
            }
            level = (byte) levels;
        }

        public byte[] member() {
            return member;
        }

        public double score() {
            return score;
        }

        /** The next node in ascending order, or null after the last. */
        public Node next() {
            return next0;
        }

        /** The previous node, or null before the first. */
        public Node previous() {
            return backward;
        }
    }

    /** The head of every level; its arrays grow with the list's level, so a small set stays small. */
    private final Node header = new Node(null, 0, 0, 1);

    private Node tail;
    private int level = 1;
    private int size;
    private final MemberIndex index;
    private boolean listpack = true;

    public RedisSortedSet() {
        this.index = new MemberIndex();
    }

    private RedisSortedSet(int expectedSize) {
        this.index = new MemberIndex(expectedSize);
    }

    /**
     * An empty set in the skip-list encoding: how Redis builds the results of ZUNION, ZINTER, ZDIFF and
     * ZRANGESTORE before deciding their encoding ({@link #encodeForStore}), so a {@code -0} score survives in them.
     */
    public static RedisSortedSet skipList() {
        RedisSortedSet set = new RedisSortedSet();
        set.listpack = false;
        return set;
    }

    /** A skip-list encoded set of the nodes already in {@code index}, linked in order here. */
    static RedisSortedSet ofIndexed(MemberIndex index) {
        RedisSortedSet set = new RedisSortedSet(index);
        set.listpack = false;
        index.forEach(set::link);
        return set;
    }

    private RedisSortedSet(MemberIndex index) {
        this.index = index;
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public String encoding() {
        return listpack ? "listpack" : "skiplist";
    }

    public boolean isListpack() {
        return listpack;
    }

    private static final int SHELL = MemoryEstimates.object(3, 4 + 4 + 1);

    @Override
    public long estimatedBytes() {
        return SHELL + MemberIndex.linksBytes(header) + index.estimatedBytes();
    }

    @Override
    public RedisSortedSet copy() {
        RedisSortedSet copy = new RedisSortedSet(size);
        copy.listpack = listpack;
        for (Node n = first(); n != null; n = n.next()) {
            copy.insert(n.member, n.score);
        }
        return copy;
    }

    public int size() {
        return size;
    }

    public Node first() {
        return header.forward(0);
    }

    public Node last() {
        return tail;
    }

    /** The node of {@code member}, or null. */
    public Node find(byte[] member) {
        return index.get(member, KeyHash.hash(member));
    }

    // ---- encoding --------------------------------------------------------------------------------------------

    /**
     * Adds a member that is not in the set, converting a listpack to a skip list first when the set would outgrow
     * {@code limits} (Redis checks before each insertion of a new member, never on a score update).
     */
    public Node add(byte[] member, double score, ListpackLimits limits) {
        if (listpack && (size + 1L > limits.maxEntries() || member.length > limits.maxValueLength())) {
            toSkipList();
        }
        return insert(member, score);
    }

    /**
     * Converts a listpack to the skip-list encoding, one way, as Redis 7.0's SORT does to any sorted set it sorts
     * (only OBJECT ENCODING and ZSCAN see the difference).
     */
    public void convertToSkipList() {
        toSkipList();
    }

    /**
     * Leaves the listpack encoding: the members, inserted at level 1 while a listpack (a sorted linked list is all a
     * set that small needs, and a level-1 node has no arrays), get the levels a skip list draws and are linked again,
     * in order. O(n log n), once.
     */
    private void toSkipList() {
        if (!listpack) {
            return;
        }
        listpack = false;
        Node n = first();
        header.resetTo(1);
        level = 1;
        size = 0;
        tail = null;
        long grown = 0;
        while (n != null) {
            Node next = n.next0;
            n.backward = null;
            long before = MemberIndex.linksBytes(n);
            // a listpack's nodes have one level: each draws its own now, as a node added to a skip list does
            n.resetTo(n.level() == 1 ? randomLevel() : n.level());
            grown += MemberIndex.linksBytes(n) - before;
            link(n);
            n = next;
        }
        index.nodesGrew(grown);
    }

    /**
     * For a set built by a store command (ZUNIONSTORE, ZRANGESTORE...): Redis builds the result as a skip list and
     * converts it to a listpack when it fits {@code limits}.
     */
    public void encodeForStore(ListpackLimits limits) {
        toSkipList();
        if (size > limits.maxEntries()) {
            return;
        }
        int longest = 0;
        for (Node n = first(); n != null; n = n.next()) {
            longest = Math.max(longest, n.member.length);
        }
        if (limits.fit(size, longest)) {
            listpack = true;
            for (Node n = first(); n != null; n = n.next()) {
                n.score = listpackScore(n.score);
            }
        }
    }

    /** A listpack stores an integral score as an integer, which turns {@code -0} into 0. */
    private double listpackScore(double score) {
        return listpack && score == 0 ? 0.0 : score;
    }

    // ---- updates ---------------------------------------------------------------------------------------------

    /** Inserts a member known to be absent, without any encoding check. */
    public Node insert(byte[] member, double score) {
        Node node = new Node(member, KeyHash.hash(member), listpackScore(score), listpack ? 1 : randomLevel());
        link(node);
        index.add(node);
        return node;
    }

    /** Gives a node a new score, moving it if its place in the order changes. */
    public void updateScore(Node node, double score) {
        score = listpackScore(score);
        Node before = node.backward;
        Node after = node.forward(0);
        // Still between its neighbours (compared by score alone, to stay on the safe side): update in place.
        if ((before == null || before.score < score) && (after == null || after.score > score)) {
            node.score = score;
            return;
        }
        unlink(node, pathTo(node.score, node.member));
        node.score = score;
        link(node);
    }

    /** Removes {@code member}; false when it is not in the set. */
    public boolean remove(byte[] member) {
        Node node = find(member);
        if (node == null) {
            return false;
        }
        remove(node);
        return true;
    }

    public void remove(Node node) {
        unlink(node, pathTo(node.score, node.member));
        index.remove(node);
    }

    /** Removes the members at ranks {@code start..end} (0-based, inclusive, within the set); returns how many. */
    public int removeRangeByRank(long start, long end) {
        Node[] update = new Node[level];
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && traversed + x.span(i) <= start) {
                traversed += x.span(i);
                x = x.forward(i);
            }
            update[i] = x;
        }
        long toRemove = end - start + 1;
        return removeWhile(update, x.forward(0), new Predicate<>() {
            long left = toRemove;

            @Override
            public boolean test(Node node) {
                return left-- > 0;
            }
        });
    }

    /** Removes the members with a score in {@code range}; returns how many. */
    public int removeRange(ScoreRange range) {
        Node[] update = new Node[level];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !range.aboveMin(x.forward(i).score)) {
                x = x.forward(i);
            }
            update[i] = x;
        }
        return removeWhile(update, x.forward(0), node -> range.belowMax(node.score));
    }

    /** Removes the members in {@code range} (see the class comment for a listpack's walk); returns how many. */
    public int removeRange(LexRange range) {
        Node start;
        Node[] update;
        if (listpack) {
            start = firstIn(range);
            if (start == null) {
                return 0;
            }
            update = pathTo(start.score, start.member);
        } else {
            update = new Node[level];
            Node x = header;
            for (int i = level - 1; i >= 0; i--) {
                while (x.forward(i) != null && !range.aboveMin(x.forward(i).member)) {
                    x = x.forward(i);
                }
                update[i] = x;
            }
            start = x.forward(0);
        }
        return removeWhile(update, start, node -> range.belowMax(node.member));
    }

    /** Removes nodes from {@code x} on while {@code keep} holds; {@code update} is the path to {@code x}. */
    private int removeWhile(Node[] update, Node x, Predicate<Node> inRange) {
        int removed = 0;
        while (x != null && inRange.test(x)) {
            Node next = x.forward(0);
            unlink(x, update);
            index.remove(x);
            removed++;
            x = next;
        }
        return removed;
    }

    // ---- ranks -----------------------------------------------------------------------------------------------

    /** The 0-based rank of a node of this set, in ascending order. */
    public long rank(Node node) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node next;
            while ((next = x.forward(i)) != null && notAfter(next, node.score, node.member)) {
                rank += x.span(i);
                x = next;
            }
            if (x == node) {
                return rank - 1;
            }
        }
        throw new IllegalStateException("node not in this set");
    }

    /** The node at a 0-based rank, or null outside {@code 0..size-1}. */
    public Node byRank(long rank) {
        if (rank < 0 || rank >= size) {
            return null;
        }
        long target = rank + 1;
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && traversed + x.span(i) <= target) {
                traversed += x.span(i);
                x = x.forward(i);
            }
            if (traversed == target) {
                return x;
            }
        }
        return null;
    }

    // ---- score ranges ----------------------------------------------------------------------------------------

    /** True when some member may have a score in {@code range}: it is not empty and overlaps the set's scores. */
    public boolean overlaps(ScoreRange range) {
        return !range.isEmpty()
                && tail != null
                && range.aboveMin(tail.score)
                && range.belowMax(header.forward(0).score);
    }

    /** The lowest node with a score in {@code range}, or null. */
    public Node firstIn(ScoreRange range) {
        if (!overlaps(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !range.aboveMin(x.forward(i).score)) {
                x = x.forward(i);
            }
        }
        x = x.forward(0);
        return range.belowMax(x.score) ? x : null;
    }

    /** The highest node with a score in {@code range}, or null. */
    public Node lastIn(ScoreRange range) {
        if (!overlaps(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && range.belowMax(x.forward(i).score)) {
                x = x.forward(i);
            }
        }
        return range.aboveMin(x.score) ? x : null;
    }

    /** How many members have a score in {@code range}, in O(log n). */
    public long count(ScoreRange range) {
        Node first = firstIn(range);
        if (first == null) {
            return 0;
        }
        return rank(lastIn(range)) - rank(first) + 1;
    }

    // ---- lexicographic ranges --------------------------------------------------------------------------------

    public boolean overlaps(LexRange range) {
        return !range.isEmpty()
                && tail != null
                && range.aboveMin(tail.member)
                && range.belowMax(header.forward(0).member);
    }

    /** The first node in {@code range}, or null: a walk from the head in a listpack, a descent in a skip list. */
    public Node firstIn(LexRange range) {
        if (!overlaps(range)) {
            return null;
        }
        if (listpack) {
            for (Node n = first(); n != null; n = n.forward(0)) {
                if (range.aboveMin(n.member)) {
                    return range.belowMax(n.member) ? n : null;
                }
            }
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !range.aboveMin(x.forward(i).member)) {
                x = x.forward(i);
            }
        }
        x = x.forward(0);
        return x != null && range.belowMax(x.member) ? x : null;
    }

    /** The last node in {@code range}, or null: a walk from the tail in a listpack, a descent in a skip list. */
    public Node lastIn(LexRange range) {
        if (!overlaps(range)) {
            return null;
        }
        if (listpack) {
            for (Node n = tail; n != null; n = n.backward) {
                if (range.belowMax(n.member)) {
                    return range.aboveMin(n.member) ? n : null;
                }
            }
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && range.belowMax(x.forward(i).member)) {
                x = x.forward(i);
            }
        }
        return x != header && range.aboveMin(x.member) ? x : null;
    }

    /** ZLEXCOUNT: a listpack counts by walking from the first member in range, a skip list by ranks. */
    public long count(LexRange range) {
        Node first = firstIn(range);
        if (first == null) {
            return 0;
        }
        if (listpack) {
            long count = 0;
            for (Node n = first; n != null && range.belowMax(n.member); n = n.forward(0)) {
                count++;
            }
            return count;
        }
        long count = size - rank(first);
        Node last = lastIn(range);
        if (last != null) {
            count -= size - 1 - rank(last);
        }
        return count;
    }

    // ---- scanning --------------------------------------------------------------------------------------------

    /**
     * One step of ZSCAN over the member index (see {@link Dict#scan}); the caller handles a listpack, which Redis
     * returns whole in one call.
     */
    /** True while the member index is being resized (tests). */
    boolean indexRehashing() {
        return index.rehashing();
    }

    public long scan(long cursor, Consumer<Node> visitor) {
        return index.scan(cursor, visitor);
    }

    // ---- the skip list ---------------------------------------------------------------------------------------

    static int randomLevel() {
        int level = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (level < MAX_LEVEL && (random.nextInt() & 0xFFFF) < 0x4000) { // p = 1/4, as Redis
            level++;
        }
        return level;
    }

    /** True when {@code n} sorts before (score, member). */
    private static boolean before(Node n, double score, byte[] member) {
        return n.score < score || (n.score == score && Arrays.compareUnsigned(n.member, member) < 0);
    }

    /** True when {@code n} sorts before (score, member) or is that member. */
    private static boolean notAfter(Node n, double score, byte[] member) {
        return n.score < score || (n.score == score && Arrays.compareUnsigned(n.member, member) <= 0);
    }

    /** For each level, the last node before (score, member): where a node with that key is linked. */
    private Node[] pathTo(double score, byte[] member) {
        Node[] update = new Node[level];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node next;
            while ((next = x.forward(i)) != null && before(next, score, member)) {
                x = next;
            }
            update[i] = x;
        }
        return update;
    }

    /** Links a node (its level given by its arrays) at the place of its score and member. */
    private void link(Node node) {
        int nodeLevel = node.level();
        int top = Math.max(level, nodeLevel);
        Node[] update = new Node[top];
        int[] rank = new int[top];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            Node next;
            while ((next = x.forward(i)) != null && before(next, node.score, node.member)) {
                rank[i] += x.span(i);
                x = next;
            }
            update[i] = x;
        }
        if (nodeLevel > level) {
            if (header.level() < nodeLevel) {
                header.growTo(Math.min(MAX_LEVEL, Math.max(nodeLevel, header.level() * 2)));
            }
            for (int i = level; i < nodeLevel; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span(i, size);
            }
            level = nodeLevel;
        }
        for (int i = 0; i < nodeLevel; i++) {
            node.forward(i, update[i].forward(i));
            update[i].forward(i, node);
            node.span(i, update[i].span(i) - (rank[0] - rank[i]));
            update[i].span(i, (rank[0] - rank[i]) + 1);
        }
        for (int i = nodeLevel; i < level; i++) {
            update[i].span(i, update[i].span(i) + 1);
        }
        node.backward = update[0] == header ? null : update[0];
        if (node.forward(0) != null) {
            node.forward(0).backward = node;
        } else {
            tail = node;
        }
        size++;
    }

    /** Unlinks {@code x}, given the path to it. */
    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward(i) == x) {
                update[i].span(i, update[i].span(i) + x.span(i) - 1);
                update[i].forward(i, x.forward(i));
            } else {
                update[i].span(i, update[i].span(i) - 1);
            }
        }
        if (x.forward(0) != null) {
            x.forward(0).backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward(level - 1) == null) {
            level--;
        }
        size--;
    }

    /**
     * Checks every structural invariant (order, back links, spans, size, index), for tests; throws on the first
     * violation.
     */
    void verify() {
        if (index.size() != size) {
            throw new IllegalStateException("index size " + index.size() + " != " + size);
        }
        java.util.IdentityHashMap<Node, Long> ranks = new java.util.IdentityHashMap<>();
        long r = 0;
        Node previous = null;
        for (Node n = first(); n != null; n = n.forward(0)) {
            r++;
            ranks.put(n, r);
            if (n.backward != previous) {
                throw new IllegalStateException("bad backward link at rank " + r);
            }
            if (previous != null && !before(previous, n.score, n.member)) {
                throw new IllegalStateException("out of order at rank " + r);
            }
            if (find(n.member) != n) {
                throw new IllegalStateException("not indexed at rank " + r);
            }
            previous = n;
        }
        if (r != size || tail != previous) {
            throw new IllegalStateException("size or tail wrong");
        }
        long nodeBytes = 0;
        for (Node n = first(); n != null; n = n.next0) {
            nodeBytes += MemberIndex.nodeBytes(n);
        }
        if (nodeBytes != index.nodeBytesCounted()) {
            throw new IllegalStateException("node bytes " + index.nodeBytesCounted() + " != " + nodeBytes);
        }
        for (int i = 0; i < level; i++) {
            long at = 0;
            Node x = header;
            while (x.forward(i) != null) {
                Node next = x.forward(i);
                if (next.level() <= i) {
                    throw new IllegalStateException("node linked above its level");
                }
                long nextRank = ranks.get(next);
                if (nextRank - at != x.span(i)) {
                    throw new IllegalStateException("span at level " + i + " rank " + at + " is " + x.span(i)
                            + ", expected " + (nextRank - at));
                }
                at = nextRank;
                x = next;
            }
        }
        if (level > 1 && header.forward(level - 1) == null) {
            throw new IllegalStateException("empty top level");
        }
    }
}
