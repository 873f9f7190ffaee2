package io.miniredis.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream value: entries in {@link StreamNode}s found by their master ID through a sorted map (Redis: listpacks
 * in a radix tree), so a range read is O(log N + page) and a million small entries take a few bytes each; the
 * stream's metadata (last ID, entries added, the largest deleted ID); and the consumer groups.
 *
 * <p>Nodes fill and close exactly as Redis's ({@code stream-node-max-bytes} against the size Redis's listpack
 * would have, {@code stream-node-max-entries} counting deleted entries), since an approximate trim removes whole
 * nodes only and its result must be Redis's. Deleted entries stay flagged inside their node until it empties.
 *
 * <p>The API is what the commands and the persistence code need: append with Redis's node placement (XADD) or
 * rebuild nodes as they were ({@link #loadNode}, {@link #loadEntry}); read ranges, one entry, or every node as it
 * is stored ({@link #forEachNode}); delete and trim; set the metadata; create groups, consumers and pending entries
 * with explicit times.
 */
public final class RedisStream implements RedisValue {

    private static final int SHELL =
            MemoryEstimates.object(6, 8 * 2) + MemoryEstimates.object(3, 8) + 3 * MemoryEstimates.object(0, 16);

    /** A visitor of entries; returns false to stop. */
    @FunctionalInterface
    public interface EntryVisitor {
        boolean accept(StreamId id, byte[][] fieldValues);
    }

    /** A visitor of the stored nodes, for writing them out as Redis's listpacks. */
    public interface NodeVisitor {
        /** A node: its master ID and fields, and its live and deleted entry counts. */
        void node(StreamId master, byte[][] masterFields, int live, int deleted);

        /** An entry of the last node given, deleted ones included, in order. */
        void entry(StreamId id, byte[][] fieldValues, boolean deleted, boolean sameFields);
    }

    private final TreeMap<StreamId, StreamNode> nodes = new TreeMap<>();
    private long length;
    private StreamId lastId = StreamId.MIN;
    private StreamId maxDeletedId = StreamId.MIN;
    private long entriesAdded;
    private TreeMap<byte[], StreamGroup> groups;
    private long nodeBytes;
    private long groupBytes;
    /** Counts the changes Redis signals to blocked readers (XADD, a group destroyed): see {@link #readySignals}. */
    private long readySignals;
    /**
     * The last live entry's ID as {@link #lastEntryId} found it, or null when not known: every XREAD and XREADGROUP
     * asks, and finding it walks the tree and decodes a node. Set by an append, forgotten by anything else that
     * changes the entries (a delete, a trim, a load).
     */
    private StreamId lastEntryIdCache;

    public RedisStream() {}

    @Override
    public ValueType type() {
        return ValueType.STREAM;
    }

    @Override
    public String encoding() {
        return "stream";
    }

    @Override
    public long estimatedBytes() {
        return SHELL + nodeBytes + groupBytes;
    }

    @Override
    public RedisStream copy() {
        RedisStream copy = new RedisStream();
        for (StreamNode node : nodes.values()) {
            copy.nodes.put(node.master, node.copy());
        }
        copy.length = length;
        copy.lastId = lastId;
        copy.maxDeletedId = maxDeletedId;
        copy.entriesAdded = entriesAdded;
        copy.nodeBytes = nodeBytes;
        if (groups != null) {
            copy.groups = new TreeMap<>(Arrays::compareUnsigned);
            for (StreamGroup group : groups.values()) {
                copy.groups.put(group.name(), group.copy(copy));
            }
        }
        copy.groupBytes = groupBytes;
        return copy;
    }

    // ---- metadata

    /** Live entries. */
    public long length() {
        return length;
    }

    public StreamId lastId() {
        return lastId;
    }

    public void lastId(StreamId lastId) {
        this.lastId = lastId;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    public void entriesAdded(long entriesAdded) {
        this.entriesAdded = entriesAdded;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public void maxDeletedId(StreamId maxDeletedId) {
        this.maxDeletedId = maxDeletedId;
    }

    /** The first live entry's ID, 0-0 when the stream is empty (Redis's {@code recorded-first-entry-id}). */
    public StreamId firstId() {
        StreamId[] first = {StreamId.MIN};
        range(StreamId.MIN, StreamId.MAX, 1, false, (id, fv) -> {
            first[0] = id;
            return false;
        });
        return first[0];
    }

    /**
     * The first stored entry's ID, deleted or not, {@link StreamId#MAX} when there is none: what Redis writes in an
     * approximate MINID trim it propagates.
     */
    public StreamId firstStoredId() {
        Map.Entry<StreamId, StreamNode> first = nodes.firstEntry();
        return first == null ? StreamId.MAX : first.getValue().id(0);
    }

    /** Nodes (Redis's {@code radix-tree-keys}). */
    public int nodeCount() {
        return nodes.size();
    }

    /**
     * The nodes Redis's radix tree would have for these node keys (XINFO's {@code radix-tree-nodes}): the tree over
     * the 16-byte big-endian keys, chains of single children compressed into one node, each key ending in a leaf.
     */
    public long radixTreeNodes() {
        byte[][] keys = new byte[nodes.size()][];
        int i = 0;
        for (StreamId id : nodes.keySet()) {
            keys[i++] = radixKey(id);
        }
        return keys.length == 0 ? 1 : radixNodes(keys, 0, keys.length, 0);
    }

    private static byte[] radixKey(StreamId id) {
        byte[] key = new byte[16];
        for (int b = 0; b < 8; b++) {
            key[b] = (byte) (id.ms() >>> (56 - 8 * b));
            key[8 + b] = (byte) (id.seq() >>> (56 - 8 * b));
        }
        return key;
    }

    private static long radixNodes(byte[][] keys, int from, int to, int depth) {
        if (depth == 16) {
            return 1; // the key's leaf
        }
        byte[] first = keys[from];
        byte[] last = keys[to - 1];
        if (first[depth] == last[depth]) {
            int common = depth;
            while (common < 16 && first[common] == last[common]) {
                common++;
            }
            return 1 + radixNodes(keys, from, to, common); // a compressed chain, then what follows it
        }
        long count = 1; // a branching node, one child per distinct byte
        int start = from;
        for (int i = from + 1; i <= to; i++) {
            if (i == to || keys[i][depth] != keys[start][depth]) {
                count += radixNodes(keys, start, i, depth + 1);
                start = i;
            }
        }
        return count;
    }

    // ---- appending

    /**
     * XADD's append of entry {@code id} (above {@link #lastId()}) with {@code fieldValues} (field, value, ...): to
     * the tail node, or to a new node when the tail is full by Redis's test. Updates the length, the last ID and
     * the entries-added counter.
     */
    public void append(StreamId id, byte[][] fieldValues, long nodeMaxBytes, long nodeMaxEntries) {
        Map.Entry<StreamId, StreamNode> tailEntry = nodes.lastEntry();
        StreamNode tail = tailEntry == null ? null : tailEntry.getValue();
        if (tail != null) {
            long rawBytes = 0;
            for (byte[] element : fieldValues) {
                rawBytes += element.length;
            }
            if (tail.full(rawBytes, nodeMaxBytes, nodeMaxEntries)) {
                long before = tail.estimatedBytes();
                tail.shrinkToFit();
                nodeBytes += tail.estimatedBytes() - before;
                tail = null;
            }
        }
        if (tail == null) {
            tail = StreamNode.forFirstEntry(id, fieldValues);
            nodes.put(id, tail);
            nodeBytes += tail.estimatedBytes();
        }
        long before = tail.estimatedBytes();
        tail.append(id, fieldValues, false);
        nodeBytes += tail.estimatedBytes() - before;
        length++;
        lastId = id;
        lastEntryIdCache = id;
        entriesAdded++;
        readySignals++;
    }

    /**
     * How many times this stream signalled its blocked readers: Redis wakes them on XADD and when a group is
     * destroyed, not on other changes (XSETID, XDEL, a trim), and a woken reader is served when the last ID passed
     * its own, even if no entry is left past it. Readers compare this count with the one they saw.
     */
    public long readySignals() {
        return readySignals;
    }

    /**
     * Starts a node with this master entry, for a loader rebuilding the nodes as they were stored; the entries
     * follow through {@link #loadEntry}. Metadata is set separately.
     */
    public void loadNode(StreamId master, byte[][] masterFields) {
        StreamNode node = StreamNode.withMaster(master, masterFields);
        lastEntryIdCache = null;
        nodes.put(master, node);
        nodeBytes += node.estimatedBytes();
    }

    /** Appends an entry to the node last started by {@link #loadNode}, deleted (a tombstone) or live. */
    public void loadEntry(StreamId id, byte[][] fieldValues, boolean deleted) {
        StreamNode node = nodes.lastEntry().getValue();
        lastEntryIdCache = null;
        long before = node.estimatedBytes();
        node.append(id, fieldValues, deleted);
        nodeBytes += node.estimatedBytes() - before;
        if (!deleted) {
            length++;
        }
    }

    /** Closes the loaded nodes: gives back their growth room (after a load). */
    public void trimToSize() {
        for (StreamNode node : nodes.values()) {
            long before = node.estimatedBytes();
            node.shrinkToFit();
            nodeBytes += node.estimatedBytes() - before;
        }
    }

    // ---- reading

    /** The fields and values of live entry {@code id}, or null. */
    public byte[][] get(StreamId id) {
        Map.Entry<StreamId, StreamNode> floor = nodes.floorEntry(id);
        if (floor == null) {
            return null;
        }
        StreamNode node = floor.getValue();
        int index = node.indexOf(id);
        return index < 0 || node.isDeleted(index) ? null : node.fieldValues(index);
    }

    /** True when {@code id} is a live entry. */
    public boolean contains(StreamId id) {
        Map.Entry<StreamId, StreamNode> floor = nodes.floorEntry(id);
        if (floor == null) {
            return false;
        }
        int index = floor.getValue().indexOf(id);
        return index >= 0 && !floor.getValue().isDeleted(index);
    }

    /**
     * Visits the live entries with IDs in {@code [start, end]}, ascending or (with {@code reverse}) descending, at
     * most {@code count} of them ({@code count <= 0}: all), until the visitor returns false. Returns how many it
     * visited.
     */
    public long range(StreamId start, StreamId end, long count, boolean reverse, EntryVisitor visitor) {
        if (start.compareTo(end) > 0 || nodes.isEmpty()) {
            return 0;
        }
        long limit = count <= 0 ? Long.MAX_VALUE : count;
        long visited = 0;
        if (!reverse) {
            // one tree walk to the first node; the rest of the tree only when the range goes past that node (a
            // page of XRANGE or XREADGROUP mostly ends inside it)
            Map.Entry<StreamId, StreamNode> floor = nodes.floorEntry(start);
            StreamNode first = floor == null ? nodes.firstEntry().getValue() : floor.getValue();
            Iterator<StreamNode> rest = null;
            int i = first.lowerBound(start);
            for (StreamNode node = first; node != null; i = 0) {
                if (node.master.compareTo(end) > 0) {
                    break;
                }
                for (; i < node.total(); i++) {
                    if (node.isDeleted(i)) {
                        continue;
                    }
                    StreamId id = node.id(i);
                    if (id.compareTo(end) > 0) {
                        return visited;
                    }
                    visited++;
                    if (!visitor.accept(id, node.fieldValues(i)) || visited >= limit) {
                        return visited;
                    }
                }
                if (rest == null) {
                    rest = nodes.tailMap(first.master, false).values().iterator();
                }
                node = rest.hasNext() ? rest.next() : null;
            }
            return visited;
        }
        StreamId from = nodes.floorKey(end);
        if (from == null) {
            return 0;
        }
        boolean firstNode = true;
        for (StreamNode node : nodes.headMap(from, true).descendingMap().values()) {
            int i = node.total() - 1;
            if (firstNode) {
                int bound = node.lowerBound(end);
                i = bound < node.total() && node.id(bound).equals(end) ? bound : bound - 1;
                firstNode = false;
            }
            for (; i >= 0; i--) {
                if (node.isDeleted(i)) {
                    continue;
                }
                StreamId id = node.id(i);
                if (id.compareTo(start) < 0) {
                    return visited;
                }
                visited++;
                if (!visitor.accept(id, node.fieldValues(i)) || visited >= limit) {
                    return visited;
                }
            }
        }
        return visited;
    }

    /** The last live entry's ID, or null when the stream is empty. */
    public StreamId lastEntryId() {
        if (lastEntryIdCache == null && length > 0) {
            range(StreamId.MIN, StreamId.MAX, 1, true, (id, fv) -> {
                lastEntryIdCache = id;
                return false;
            });
        }
        return length == 0 ? null : lastEntryIdCache;
    }

    /** Visits every node as stored, with all its entries, deleted ones included (RDB, DUMP, DEBUG DIGEST). */
    public void forEachNode(NodeVisitor visitor) {
        for (StreamNode node : nodes.values()) {
            visitor.node(node.master, node.masterFields, node.live(), node.deleted());
            for (int i = 0; i < node.total(); i++) {
                visitor.entry(node.id(i), node.fieldValues(i), node.isDeleted(i), node.sameFields(i));
            }
        }
    }

    // ---- removing

    /** Deletes live entry {@code id} (XDEL); a node left without live entries goes. False when there is none. */
    public boolean delete(StreamId id) {
        Map.Entry<StreamId, StreamNode> floor = nodes.floorEntry(id);
        if (floor == null) {
            return false;
        }
        StreamNode node = floor.getValue();
        int index = node.indexOf(id);
        if (index < 0 || !node.delete(index)) {
            return false;
        }
        lastEntryIdCache = null;
        length--;
        if (node.live() == 0) {
            nodes.remove(node.master);
            nodeBytes -= node.estimatedBytes();
        }
        return true;
    }

    /**
     * Trims to {@code maxLen} live entries (MAXLEN), as Redis: whole nodes from the head while they can go
     * entirely; then, unless {@code approx}, entries flagged deleted inside the next node. With {@code limit} > 0 it
     * stops before a node that would take the count of removed entries past it. Returns how many went.
     */
    public long trimMaxLen(long maxLen, boolean approx, long limit) {
        return trim(maxLen, null, approx, limit);
    }

    /** Trims the entries below {@code minId} (MINID), by the same rules as {@link #trimMaxLen}. */
    public long trimMinId(StreamId minId, boolean approx, long limit) {
        return trim(0, minId, approx, limit);
    }

    private long trim(long maxLen, StreamId minId, boolean approx, long limit) {
        lastEntryIdCache = null;
        long removed = 0;
        Iterator<StreamNode> it = nodes.values().iterator();
        while (it.hasNext()) {
            if (minId == null && length <= maxLen) {
                break;
            }
            StreamNode node = it.next();
            int entries = node.live();
            if (limit > 0 && removed + entries > limit) {
                break;
            }
            boolean wholeNode =
                    minId == null ? length - entries >= maxLen : node.lastId().compareTo(minId) < 0;
            if (wholeNode) {
                it.remove();
                nodeBytes -= node.estimatedBytes();
                length -= entries;
                removed += entries;
                continue;
            }
            if (approx) {
                break;
            }
            for (int i = 0; i < node.total(); i++) {
                boolean stop = minId == null ? length <= maxLen : node.id(i).compareTo(minId) >= 0;
                if (stop) {
                    break;
                }
                if (node.delete(i)) {
                    length--;
                    removed++;
                }
            }
            break;
        }
        return removed;
    }

    // ---- consumer groups

    /** Creates group {@code name}; null when it exists already. */
    public StreamGroup createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        if (groups == null) {
            groups = new TreeMap<>(Arrays::compareUnsigned);
        }
        if (groups.containsKey(name)) {
            return null;
        }
        StreamGroup group = new StreamGroup(this, name, lastDelivered, entriesRead);
        groups.put(name, group);
        groupBytes += group.estimatedBytes();
        return group;
    }

    public StreamGroup group(byte[] name) {
        return groups == null ? null : groups.get(name);
    }

    /** Destroys group {@code name}; false when there is none. */
    public boolean destroyGroup(byte[] name) {
        StreamGroup group = groups == null ? null : groups.remove(name);
        if (group == null) {
            return false;
        }
        groupBytes -= group.estimatedBytes();
        readySignals++;
        return true;
    }

    /** The groups in name order (read-only). */
    public Collection<StreamGroup> groups() {
        return groups == null ? List.of() : Collections.unmodifiableCollection(groups.values());
    }

    public int groupCount() {
        return groups == null ? 0 : groups.size();
    }

    void adjustGroupBytes(long delta) {
        groupBytes += delta;
    }

    // ---- the logical read counter (entries-read, lag), as Redis 7.0 estimates it

    /**
     * True when a deleted entry may lie in {@code [start, end]} (null: open ends): the largest deleted ID is in the
     * range and not before the first entry.
     */
    public boolean rangeHasTombstones(StreamId start, StreamId end) {
        if (length == 0 || maxDeletedId.isZero()) {
            return false;
        }
        if (firstId().compareTo(maxDeletedId) > 0) {
            return false;
        }
        StreamId from = start == null ? StreamId.MIN : start;
        StreamId to = end == null ? StreamId.MAX : end;
        return from.compareTo(maxDeletedId) <= 0 && maxDeletedId.compareTo(to) <= 0;
    }

    /**
     * How many entries were added up to and including {@code id} (its logical read counter), when that can be
     * told; {@link StreamGroup#ENTRIES_READ_UNKNOWN} otherwise.
     */
    public long entriesReadAt(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (length == 0 && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int toLast = id.compareTo(lastId);
        if (toLast == 0) {
            return entriesAdded;
        } else if (toLast > 0) {
            return StreamGroup.ENTRIES_READ_UNKNOWN;
        }
        StreamId first = firstId();
        int toFirst = id.compareTo(first);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(first) < 0) {
            if (toFirst < 0) {
                return entriesAdded - length;
            } else if (toFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return StreamGroup.ENTRIES_READ_UNKNOWN;
    }

    /** A group's lag (entries not yet delivered to it), or null when it cannot be told. */
    public Long lag(StreamGroup group) {
        if (entriesAdded == 0) {
            return 0L;
        }
        if (group.entriesRead() != StreamGroup.ENTRIES_READ_UNKNOWN && !rangeHasTombstones(group.lastId(), null)) {
            return entriesAdded - group.entriesRead();
        }
        long read = entriesReadAt(group.lastId());
        return read == StreamGroup.ENTRIES_READ_UNKNOWN ? null : entriesAdded - read;
    }
}
