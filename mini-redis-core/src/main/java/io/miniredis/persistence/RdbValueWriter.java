package io.miniredis.persistence;

import io.miniredis.protocol.Numbers;
import io.miniredis.store.FieldTable;
import io.miniredis.store.RedisHash;
import io.miniredis.store.RedisList;
import io.miniredis.store.RedisSet;
import io.miniredis.store.RedisSortedSet;
import io.miniredis.store.RedisStream;
import io.miniredis.store.Values;
import java.io.IOException;
import java.util.Arrays;

/**
 * Writes one value as Redis 7.0 writes it into an RDB file or a DUMP payload: its type byte, then its encoding,
 * chosen as Redis chooses it from the value's current encoding:
 * <ul>
 *   <li>string: an integer encoding, LZF, or raw ({@link RdbOutput#writeString});</li>
 *   <li>list: QUICKLIST_2, the nodes cut where Redis's quicklist cuts them when the list is built by appending
 *       ({@code list-max-listpack-size}), each a listpack (or an element of its own, plain, from the packed
 *       threshold on); with {@code list-compress-depth}, inner nodes LZF-compressed as Redis keeps them;</li>
 *   <li>set: INTSET while it is an intset, else SET;</li>
 *   <li>hash: LISTPACK (fields and values alternating, in order) while it is a listpack, else HASH;</li>
 *   <li>sorted set: LISTPACK (member, score, ascending) while it is a listpack, else ZSET_2 (highest score first,
 *       binary doubles);</li>
 *   <li>stream: STREAM_LISTPACKS_2, its nodes as Redis's listpacks, its metadata and consumer groups
 *       ({@link RdbStreams}).</li>
 * </ul>
 * A list that was built otherwise (LPUSH, LINSERT) was cut differently by Redis; the content is the same.
 */
public final class RdbValueWriter {

    /** Bytes of a node per negative {@code list-max-listpack-size}, -1 to -5. */
    private static final int[] NODE_BYTES = {4096, 8192, 16384, 32768, 65536};
    /** A positive fill still never makes a node larger than this. */
    private static final int SAFETY_LIMIT = 8192;

    private static final int FILL_MAX = (1 << 15) - 1;
    /** What Redis adds to an element's length to estimate its entry's size when deciding whether a node takes it. */
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;
    /** Redis compresses a list node only from this size, and keeps it compressed only when it saves 8 bytes. */
    private static final int MIN_COMPRESS_BYTES = 48;

    private static final int MIN_COMPRESS_IMPROVE = 8;

    /** The largest magnitude of a score a listpack stores as an integer (Redis: LLONG_MAX / 2, as a double). */
    private static final double LISTPACK_INTEGER_SCORE = 0x1p62;

    private final RdbWriteOptions options;
    private final ListpackBuilder listpack = new ListpackBuilder(8192);
    private byte[] compressed = new byte[8192];

    public RdbValueWriter(RdbWriteOptions options) {
        this.options = options;
    }

    /** The RDB type byte of {@code value} as this writer encodes it. */
    public static int typeOf(Object value) {
        if (Values.isString(value)) {
            return RdbFormat.TYPE_STRING;
        }
        if (value instanceof RedisList) {
            return RdbFormat.TYPE_LIST_QUICKLIST_2;
        }
        if (value instanceof RedisSet set) {
            return set.isIntset() ? RdbFormat.TYPE_SET_INTSET : RdbFormat.TYPE_SET;
        }
        if (value instanceof RedisHash hash) {
            return hash.isListpack() ? RdbFormat.TYPE_HASH_LISTPACK : RdbFormat.TYPE_HASH;
        }
        if (value instanceof RedisSortedSet zset) {
            return zset.isListpack() ? RdbFormat.TYPE_ZSET_LISTPACK : RdbFormat.TYPE_ZSET_2;
        }
        if (value instanceof RedisStream) {
            return RdbFormat.TYPE_STREAM_LISTPACKS_2;
        }
        throw new IllegalArgumentException(
                "no RDB encoding for a value of type " + Values.type(value).wireName());
    }

    /** The type byte and the value (a DUMP payload's body). */
    public void write(RdbOutput out, Object value) throws IOException {
        out.writeByte(typeOf(value));
        writeBody(out, value);
    }

    /** The value without its type byte (in a file, the key stands between the two). */
    public void writeBody(RdbOutput out, Object value) throws IOException {
        switch (typeOf(value)) {
            case RdbFormat.TYPE_STRING -> writeStringValue(out, value);
            case RdbFormat.TYPE_LIST_QUICKLIST_2 -> writeList(out, (RedisList) value);
            case RdbFormat.TYPE_SET_INTSET -> writeIntset(out, (RedisSet) value);
            case RdbFormat.TYPE_SET -> writeSet(out, (RedisSet) value);
            case RdbFormat.TYPE_HASH_LISTPACK -> writeHashListpack(out, (RedisHash) value);
            case RdbFormat.TYPE_HASH -> writeHash(out, (RedisHash) value);
            case RdbFormat.TYPE_ZSET_LISTPACK -> writeZsetListpack(out, (RedisSortedSet) value);
            case RdbFormat.TYPE_STREAM_LISTPACKS_2 -> RdbStreams.write(out, (RedisStream) value, listpack);
            default -> writeZset(out, (RedisSortedSet) value);
        }
    }

    private static void writeStringValue(RdbOutput out, Object value) throws IOException {
        if (value instanceof byte[] bytes) {
            out.writeString(bytes);
        } else {
            io.miniredis.store.AppendableString s = (io.miniredis.store.AppendableString) value;
            out.writeString(s.buffer(), 0, s.length());
        }
    }

    // ---- lists --------------------------------------------------------------------------------------------------

    private void writeList(RdbOutput out, RedisList list) throws IOException {
        int[] starts = nodeStarts(list);
        int nodes = starts.length - 1;
        out.writeLength(nodes);
        int depth = options.listCompressDepth();
        for (int node = 0; node < nodes; node++) {
            int from = starts[node];
            int to = starts[node + 1];
            boolean compressible = depth > 0 && node >= depth && node < nodes - depth;
            byte[] element = list.get(from);
            if (to - from == 1 && element.length >= options.listPackedThreshold()) {
                out.writeLength(RdbFormat.CONTAINER_PLAIN);
                writeNode(out, element, compressible);
                continue;
            }
            listpack.clear();
            for (int i = from; i < to; i++) {
                listpack.add(list.get(i));
            }
            out.writeLength(RdbFormat.CONTAINER_PACKED);
            writeNode(out, listpack.toBytes(), compressible);
        }
    }

    /** A node's bytes: compressed as Redis keeps an inner node under list-compress-depth, else as a string. */
    private void writeNode(RdbOutput out, byte[] node, boolean compressible) throws IOException {
        if (compressible && node.length >= MIN_COMPRESS_BYTES) {
            if (compressed.length < node.length) {
                compressed = new byte[node.length];
            }
            int length = out.lzf().compress(node, 0, node.length, compressed, node.length);
            if (length != 0 && length + MIN_COMPRESS_IMPROVE < node.length) {
                out.writeCompressedBlob(compressed, length, node.length);
                return;
            }
        }
        out.writeString(node);
    }

    /**
     * Where Redis's quicklist starts each node of a list appended element by element: a node takes the next
     * element while its listpack, grown by the element's length and 8 bytes (Redis's deliberate overestimate of an
     * entry's overhead), stays within the fill's byte limit; for a positive fill, while it holds fewer elements than
     * the fill and stays within 8 KB. An element from the packed threshold on is a node by itself. Returns the
     * start index of each node, and the list's size at the end.
     */
    int[] nodeStarts(RedisList list) {
        int fill = Math.min(options.listMaxListpackSize(), FILL_MAX);
        long byteLimit = fill < 0 ? NODE_BYTES[Math.min(-fill, NODE_BYTES.length) - 1] : SAFETY_LIMIT;
        long countLimit = fill < 0 ? Long.MAX_VALUE : Math.max(fill, 1);
        int[] starts = new int[16];
        int nodes = 0;
        long nodeBytes = 0;
        int nodeCount = 0;
        boolean nodeIsPlain = true; // no node yet: the first element opens one
        for (int i = 0; i < list.size(); i++) {
            byte[] element = list.get(i);
            boolean large = element.length >= options.listPackedThreshold();
            boolean fits = !nodeIsPlain
                    && !large
                    && nodeBytes + element.length + SIZE_ESTIMATE_OVERHEAD <= byteLimit
                    && nodeCount + 1 <= countLimit;
            if (!fits) {
                if (nodes + 1 >= starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[nodes++] = i;
                nodeBytes = ListpackBuilder.HEADER_SIZE + 1;
                nodeCount = 0;
                nodeIsPlain = large;
            }
            nodeBytes += ListpackBuilder.entrySize(element);
            nodeCount++;
        }
        starts[nodes] = list.size();
        return Arrays.copyOf(starts, nodes + 1);
    }

    // ---- sets ---------------------------------------------------------------------------------------------------

    private static void writeIntset(RdbOutput out, RedisSet set) throws IOException {
        int n = set.size();
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = Numbers.parseLong(set.member(i));
        }
        out.writeString(Intset.encode(values, n));
    }

    private static void writeSet(RdbOutput out, RedisSet set) throws IOException {
        out.writeLength(set.size());
        for (int position = 0; position < set.limit(); position++) {
            if (set.isMember(position)) {
                out.writeString(set.member(position));
            }
        }
    }

    // ---- hashes -------------------------------------------------------------------------------------------------

    private void writeHashListpack(RdbOutput out, RedisHash hash) throws IOException {
        FieldTable table = hash.table();
        listpack.clear();
        for (int slot = 0; slot < table.limit(); slot++) {
            byte[] field = table.key(slot);
            if (field != null) {
                listpack.add(field);
                listpack.add(table.value(slot));
            }
        }
        out.writeString(listpack.toBytes());
    }

    private static void writeHash(RdbOutput out, RedisHash hash) throws IOException {
        FieldTable table = hash.table();
        out.writeLength(table.size());
        for (int slot = 0; slot < table.limit(); slot++) {
            byte[] field = table.key(slot);
            if (field != null) {
                out.writeString(field);
                out.writeString(table.value(slot));
            }
        }
    }

    // ---- sorted sets --------------------------------------------------------------------------------------------

    private void writeZsetListpack(RdbOutput out, RedisSortedSet zset) throws IOException {
        listpack.clear();
        for (RedisSortedSet.Node node = zset.first(); node != null; node = node.next()) {
            listpack.add(node.member());
            double score = node.score();
            // Redis stores a whole score within +-2^62 as an integer (-0 included, as 0), any other as its %.17g
            // text.
            if (score >= -LISTPACK_INTEGER_SCORE && score <= LISTPACK_INTEGER_SCORE && score == Math.rint(score)) {
                listpack.addInteger((long) score);
            } else {
                listpack.addString(Numbers.formatDouble(score).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        out.writeString(listpack.toBytes());
    }

    private static void writeZset(RdbOutput out, RedisSortedSet zset) throws IOException {
        out.writeLength(zset.size());
        // Highest first: loading then inserts every member at the head of the skip list, without a search.
        for (RedisSortedSet.Node node = zset.last(); node != null; node = node.previous()) {
            out.writeString(node.member());
            out.writeBinaryDouble(node.score());
        }
    }
}
