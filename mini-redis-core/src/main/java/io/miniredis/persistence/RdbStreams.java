package io.miniredis.persistence;

import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamConsumer;
import io.miniredis.store.StreamGroup;
import io.miniredis.store.StreamId;
import io.miniredis.store.StreamNack;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream value in an RDB file or DUMP payload, as Redis 7.0 writes it (type 19, STREAM_LISTPACKS_2) and reads
 * it (19, and 15 from Redis 5 and 6):
 *
 * <ol>
 *   <li>the nodes: their count, then for each its master ID (a 16-byte string: milliseconds and sequence,
 *       big-endian, the key of Redis's radix tree) and its listpack ({@link StreamListpacks});</li>
 *   <li>the length, the last ID; from type 19 on also the first entry's ID, the largest deleted ID and the
 *       entries-added counter (lengths, unsigned 64-bit);</li>
 *   <li>the consumer groups: their count, then each one's name, last delivered ID, (type 19) entries-read
 *       counter, its pending entries (count, then each ID as 16 raw bytes, the delivery time as 8 bytes
 *       little-endian, the delivery count), and its consumers (count, then each one's name, seen-time as 8 bytes
 *       little-endian, and its pending IDs as 16 raw bytes each).</li>
 * </ol>
 *
 * <p>Loading checks what Redis's deep sanitization checks and a little more, since a loaded stream must hold
 * together: nodes in order with well-formed listpacks, the length equal to the live entries, the last ID not
 * below the last entry, no duplicate group, consumer or pending entry, every consumer's pending ID in its group's
 * list and every pending entry owned by exactly one consumer. Every count is bounded by the bytes left.
 */
final class RdbStreams {

    private static final int ID_BYTES = 16;
    /** A pending entry of a group takes at least its ID, its time and a one-byte count. */
    private static final int MIN_GROUP_PENDING_BYTES = ID_BYTES + 8 + 1;
    /** A node takes at least a 16-byte key string and a listpack string. */
    private static final int MIN_NODE_BYTES = 1 + ID_BYTES + 1;
    /** A group: name, ID, pending and consumer counts; a consumer: name, seen-time, count. */
    private static final int MIN_GROUP_BYTES = 5;

    private static final int MIN_CONSUMER_BYTES = 10;

    private RdbStreams() {}

    // ---- writing ------------------------------------------------------------------------------------------------

    static void write(RdbOutput out, RedisStream stream, ListpackBuilder lp) throws IOException {
        out.writeLength(stream.nodeCount());
        StreamListpacks.encode(stream, lp, (master, listpack) -> {
            out.writeString(idBytes(master));
            out.writeString(listpack);
        });
        out.writeLength(stream.length());
        writeId(out, stream.lastId());
        writeId(out, stream.firstId());
        writeId(out, stream.maxDeletedId());
        out.writeLength(stream.entriesAdded());
        out.writeLength(stream.groupCount());
        for (StreamGroup group : stream.groups()) {
            out.writeString(group.name());
            writeId(out, group.lastId());
            out.writeLength(group.entriesRead());
            out.writeLength(group.pending().size());
            for (Map.Entry<StreamId, StreamNack> e : group.pending().entrySet()) {
                out.write(idBytes(e.getKey()));
                out.writeLittleEndian(e.getValue().deliveryTime(), 8);
                out.writeLength(e.getValue().deliveryCount());
            }
            out.writeLength(group.consumerCount());
            for (StreamConsumer consumer : group.consumers()) {
                out.writeString(consumer.name());
                out.writeLittleEndian(consumer.seenTime(), 8);
                out.writeLength(consumer.pendingCount());
                for (StreamId id : consumer.pending().keySet()) {
                    out.write(idBytes(id));
                }
            }
        }
    }

    private static void writeId(RdbOutput out, StreamId id) throws IOException {
        out.writeLength(id.ms());
        out.writeLength(id.seq());
    }

    /** The 16 big-endian bytes of an ID: radix tree keys and pending entries. */
    static byte[] idBytes(StreamId id) {
        byte[] key = new byte[ID_BYTES];
        for (int b = 0; b < 8; b++) {
            key[b] = (byte) (id.ms() >>> (56 - 8 * b));
            key[8 + b] = (byte) (id.seq() >>> (56 - 8 * b));
        }
        return key;
    }

    private static StreamId idOf(byte[] key) {
        long ms = 0;
        long seq = 0;
        for (int b = 0; b < 8; b++) {
            ms = (ms << 8) | (key[b] & 0xff);
            seq = (seq << 8) | (key[8 + b] & 0xff);
        }
        return new StreamId(ms, seq);
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /** A stream of type 15 ({@code version2} false) or 19. Never null: an empty stream is a valid value. */
    static RedisStream read(RdbInput in, boolean version2) throws IOException {
        RedisStream stream = new RedisStream();
        long nodes = in.readCount("a stream's node count", MIN_NODE_BYTES);
        StreamId last = null;
        for (long i = 0; i < nodes; i++) {
            long at = in.offset();
            byte[] key = in.readString("a stream node's master ID");
            if (key.length != ID_BYTES) {
                throw in.corrupt(at, "stream node key of " + key.length + " bytes, not the 16 of an ID");
            }
            long lpAt = in.offset();
            byte[] listpack = in.readString("a stream node");
            try {
                last = StreamListpacks.decode(listpack, idOf(key), last, stream);
            } catch (CorruptBlobException e) {
                throw in.corrupt(lpAt, "corrupt stream node: " + e.getMessage());
            }
        }
        stream.trimToSize();
        long at = in.offset();
        long length = in.readLength("a stream's length");
        if (length != stream.length()) {
            throw in.corrupt(at, "stream length " + length + ", its nodes hold " + stream.length() + " entries");
        }
        at = in.offset();
        StreamId lastId = readId(in, "a stream's last ID");
        if (last != null && lastId.compareTo(last) < 0) {
            throw in.corrupt(at, "stream last ID " + lastId + " below its last entry " + last);
        }
        stream.lastId(lastId);
        if (version2) {
            readId(in, "a stream's first ID"); // the first live entry's, which the stream finds itself
            stream.maxDeletedId(readId(in, "a stream's largest deleted ID"));
            stream.entriesAdded(in.readUnsignedLength("a stream's entries-added counter"));
        } else {
            stream.entriesAdded(length); // as Redis migrates a version 1 stream
        }
        long groups = in.readCount("a stream's group count", MIN_GROUP_BYTES);
        for (long g = 0; g < groups; g++) {
            readGroup(in, stream, version2);
        }
        return stream;
    }

    private static void readGroup(RdbInput in, RedisStream stream, boolean version2) throws IOException {
        long at = in.offset();
        byte[] name = in.readString("a consumer group name");
        StreamId lastDelivered = readId(in, "a consumer group's last delivered ID");
        long entriesRead = version2
                ? in.readUnsignedLength("a consumer group's entries-read counter")
                : stream.entriesReadAt(lastDelivered);
        StreamGroup group = stream.createGroup(name, lastDelivered, entriesRead);
        if (group == null) {
            throw in.corrupt(at, "duplicate consumer group");
        }
        // The group's list comes first, the owners after: kept aside until each pending entry finds its consumer.
        TreeMap<StreamId, long[]> unowned = new TreeMap<>();
        long pending = in.readCount("a consumer group's pending entry count", MIN_GROUP_PENDING_BYTES);
        for (long i = 0; i < pending; i++) {
            long entryAt = in.offset();
            StreamId id = readRawId(in, "a pending entry's ID");
            long time = in.readLittleEndian(8, "a pending entry's delivery time");
            long count = in.readUnsignedLength("a pending entry's delivery count");
            if (unowned.put(id, new long[] {time, count}) != null) {
                throw in.corrupt(entryAt, "duplicate pending entry " + id + " in a consumer group");
            }
        }
        long consumers = in.readCount("a consumer group's consumer count", MIN_CONSUMER_BYTES);
        for (long c = 0; c < consumers; c++) {
            long consumerAt = in.offset();
            byte[] consumerName = in.readString("a consumer name");
            long seenTime = in.readLittleEndian(8, "a consumer's seen-time");
            StreamConsumer consumer = group.createConsumer(consumerName, seenTime);
            if (consumer == null) {
                throw in.corrupt(consumerAt, "duplicate consumer in a consumer group");
            }
            long owned = in.readCount("a consumer's pending entry count", ID_BYTES);
            for (long i = 0; i < owned; i++) {
                long entryAt = in.offset();
                StreamId id = readRawId(in, "a consumer's pending entry ID");
                long[] nack = unowned.remove(id);
                if (nack == null) {
                    throw in.corrupt(
                            entryAt,
                            group.pending(id) != null
                                    ? "pending entry " + id + " owned twice"
                                    : "consumer's pending entry " + id + " not in its group's list");
                }
                group.addPending(id, consumer, nack[0], nack[1]);
            }
        }
        if (!unowned.isEmpty()) {
            throw in.corrupt(at, "pending entry " + unowned.firstKey() + " of a consumer group without a consumer");
        }
    }

    private static StreamId readId(RdbInput in, String what) throws IOException {
        long ms = in.readUnsignedLength(what);
        long seq = in.readUnsignedLength(what);
        return new StreamId(ms, seq);
    }

    private static StreamId readRawId(RdbInput in, String what) throws IOException {
        byte[] raw = new byte[ID_BYTES];
        in.readFully(raw, 0, ID_BYTES, what);
        return idOf(raw);
    }
}
