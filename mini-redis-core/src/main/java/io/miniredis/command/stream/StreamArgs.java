package io.miniredis.command.stream;

import io.miniredis.command.CollectionKeys;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the stream families share: ID arguments with Redis's texts, the NOGROUP errors, entry replies. */
final class StreamArgs {

    static final RedisError INVALID_ID = new RedisError("ERR Invalid stream ID specified as stream command argument");
    static final RedisError INVALID_START = new RedisError("ERR invalid start ID for the interval");
    static final RedisError INVALID_END = new RedisError("ERR invalid end ID for the interval");
    static final RedisError NO_SUCH_KEY = new RedisError("ERR no such key");

    private StreamArgs() {}

    /** The stream at {@code entry}, null for a missing key, WRONGTYPE for another type. */
    static RedisStream streamOf(KeyEntry entry) {
        return CollectionKeys.valueOf(entry, RedisStream.class);
    }

    /** An ID where {@code -} and {@code +} are not allowed; a missing sequence is 0. */
    static StreamId strict(byte[] arg) {
        StreamId id = StreamId.parse(arg, 0, true);
        if (id == null) {
            throw INVALID_ID;
        }
        return id;
    }

    /** An ID where {@code -} and {@code +} are the smallest and largest; a missing sequence is {@code missingSeq}. */
    static StreamId lenient(byte[] arg, long missingSeq) {
        StreamId id = StreamId.parse(arg, missingSeq, false);
        if (id == null) {
            throw INVALID_ID;
        }
        return id;
    }

    /** The IDs from argument {@code from} to the end, all checked before any is used (XDEL, XACK: all or nothing). */
    static StreamId[] strictIds(byte[][] argv, int from) {
        StreamId[] ids = new StreamId[argv.length - from];
        for (int j = from; j < argv.length; j++) {
            ids[j - from] = strict(argv[j]);
        }
        return ids;
    }

    /** {@link #strict} without throwing: null when {@code arg} is not an ID. */
    static StreamId strictOrNull(byte[] arg) {
        return StreamId.parse(arg, 0, true);
    }

    /** The start of a range: {@code (id} excludes it (the next ID up), a missing sequence is 0. */
    static StreamId rangeStart(byte[] arg) {
        if (arg.length > 1 && arg[0] == '(') {
            StreamId id = StreamId.parse(java.util.Arrays.copyOfRange(arg, 1, arg.length), 0, true);
            if (id == null) {
                throw INVALID_ID;
            }
            StreamId next = id.next();
            if (next == null) {
                throw INVALID_START;
            }
            return next;
        }
        return lenient(arg, 0);
    }

    /** The end of a range: {@code (id} excludes it (the next ID down), a missing sequence is the largest. */
    static StreamId rangeEnd(byte[] arg) {
        if (arg.length > 1 && arg[0] == '(') {
            StreamId id = StreamId.parse(java.util.Arrays.copyOfRange(arg, 1, arg.length), -1L, true);
            if (id == null) {
                throw INVALID_ID;
            }
            StreamId previous = id.previous();
            if (previous == null) {
                throw INVALID_END;
            }
            return previous;
        }
        return lenient(arg, -1L);
    }

    static boolean isText(byte[] arg, String text) {
        return new String(arg, StandardCharsets.ISO_8859_1).equals(text);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The C-string form Redis prints with %s: up to the first NUL. */
    static String cText(byte[] bytes) {
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    static RedisError noGroupForKey(byte[] group, byte[] key) {
        return new RedisError(
                "NOGROUP No such consumer group '" + cText(group) + "' for key name '" + cText(key) + "'");
    }

    static RedisError noKeyOrGroup(byte[] key, byte[] group) {
        return new RedisError("NOGROUP No such key '" + cText(key) + "' or consumer group '" + cText(group) + "'");
    }

    // ---- replies

    static void id(Reply reply, StreamId id) {
        reply.bulk(id.toBytes());
    }

    /** One entry: its ID and its fields and values. */
    static void entry(Reply reply, StreamId id, byte[][] fieldValues) {
        reply.array(2);
        id(reply, id);
        reply.array(fieldValues.length);
        for (byte[] element : fieldValues) {
            reply.bulk(element);
        }
    }

    /** An entry read from the stream (ID and fields), kept until the reply's length is known. */
    record Entry(StreamId id, byte[][] fieldValues) {}

    static void entries(Reply reply, List<Entry> entries) {
        reply.array(entries.size());
        for (Entry e : entries) {
            entry(reply, e.id(), e.fieldValues());
        }
    }

    /** The live entries in {@code [start, end]}, at most {@code count} ({@code <= 0}: all). */
    static List<Entry> range(RedisStream stream, StreamId start, StreamId end, long count, boolean reverse) {
        List<Entry> out = new java.util.ArrayList<>();
        stream.range(start, end, count, reverse, (id, fieldValues) -> out.add(new Entry(id, fieldValues)));
        return out;
    }
}
