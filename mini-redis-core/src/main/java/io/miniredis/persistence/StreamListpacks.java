package io.miniredis.persistence;

import io.miniredis.protocol.Numbers;
import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stream node as the listpack Redis keeps it in (and writes into RDB files and DUMP payloads), both ways.
 *
 * <p>The layout, from Redis's documentation of its stream internals: a master entry (live count, deleted count,
 * the number of master fields, the fields, a 0), then each entry as flags (1 deleted, 2 same fields as the
 * master), the ID as its difference from the node's master ID (milliseconds, then sequence, both signed 64-bit
 * integers), the field count and fields with their values or, with the same-fields flag, the values alone, and
 * last the number of listpack elements the entry took before this one (so the node can be walked backwards).
 */
final class StreamListpacks {

    static final int FLAG_DELETED = 1;
    static final int FLAG_SAME_FIELDS = 2;

    private StreamListpacks() {}

    /** Where {@link #encode} sends each node: its master ID and its listpack. */
    interface NodeSink {
        void node(StreamId master, byte[] listpack) throws IOException;
    }

    /** Encodes every node of {@code stream} in order, each as the listpack Redis would hold. */
    static void encode(RedisStream stream, ListpackBuilder lp, NodeSink sink) throws IOException {
        try {
            stream.forEachNode(new RedisStream.NodeVisitor() {
                private StreamId master;
                private int entriesLeft;

                @Override
                public void node(StreamId id, byte[][] masterFields, int live, int deleted) {
                    master = id;
                    entriesLeft = live + deleted;
                    lp.clear();
                    lp.addInteger(live);
                    lp.addInteger(deleted);
                    lp.addInteger(masterFields.length);
                    for (byte[] field : masterFields) {
                        lp.add(field);
                    }
                    lp.addInteger(0);
                }

                @Override
                public void entry(StreamId id, byte[][] fieldValues, boolean deleted, boolean sameFields) {
                    int pairs = fieldValues.length / 2;
                    lp.addInteger((deleted ? FLAG_DELETED : 0) | (sameFields ? FLAG_SAME_FIELDS : 0));
                    lp.addInteger(id.ms() - master.ms());
                    lp.addInteger(id.seq() - master.seq());
                    if (!sameFields) {
                        lp.addInteger(pairs);
                    }
                    for (int i = sameFields ? 1 : 0; i < fieldValues.length; i += sameFields ? 2 : 1) {
                        lp.add(fieldValues[i]);
                    }
                    lp.addInteger(sameFields ? pairs + 3 : 2L * pairs + 4);
                    if (--entriesLeft == 0) {
                        try {
                            sink.node(master, lp.toBytes());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Decodes one node's listpack into {@code stream} ({@link RedisStream#loadNode}, {@link RedisStream#loadEntry}),
     * checking everything Redis's deep integrity check does and what mini-redis relies on besides: the master entry
     * and its terminator, every entry's shape and element count, the counts of live and deleted entries, the first
     * entry's ID being the master ID (Redis names a node by its first entry, deleted or not), IDs strictly
     * ascending, and above {@code after} (the previous node's last ID, or null).
     * Returns the node's last ID.
     *
     * @throws CorruptBlobException when the listpack is not a well-formed stream node
     */
    static StreamId decode(byte[] blob, StreamId master, StreamId after, RedisStream stream)
            throws CorruptBlobException {
        Reader in = new Reader(new ListpackParser(blob));
        long live = in.count("the live count");
        long deleted = in.count("the deleted count");
        long masterFieldCount = in.count("the master field count");
        if (masterFieldCount > blob.length) {
            throw in.bad("master entry of " + masterFieldCount + " fields");
        }
        byte[][] masterFields = new byte[(int) masterFieldCount][];
        for (int i = 0; i < masterFields.length; i++) {
            masterFields[i] = in.element("a master field");
        }
        if (in.integer("the master entry's terminator") != 0) {
            throw in.bad("the master entry does not end with 0");
        }
        if (!in.hasNext()) {
            throw in.bad("a stream node without entries");
        }
        // The entries are checked whole before the node is built, so a refused node leaves nothing behind.
        List<Object[]> entries = new ArrayList<>();
        long seenLive = 0;
        long seenDeleted = 0;
        if (after != null && master.compareTo(after) <= 0) {
            throw in.bad("node " + master + " does not follow the previous node's last entry " + after);
        }
        StreamId previous = after;
        while (in.hasNext()) {
            long flags = in.integer("an entry's flags");
            if ((flags & ~(long) (FLAG_DELETED | FLAG_SAME_FIELDS)) != 0) {
                throw in.bad("entry flags " + flags);
            }
            boolean same = (flags & FLAG_SAME_FIELDS) != 0;
            StreamId id = new StreamId(
                    master.ms() + in.integer("an entry's ms difference"),
                    master.seq() + in.integer("an entry's sequence difference"));
            if (entries.isEmpty() ? !id.equals(master) : id.compareTo(previous) <= 0) {
                throw in.bad(
                        entries.isEmpty()
                                ? "the first entry " + id + " is not the node's master ID " + master
                                : "entry ID " + id + " out of order");
            }
            previous = id;
            long pairs = same ? masterFields.length : in.count("an entry's field count");
            if (pairs > blob.length) {
                throw in.bad("entry of " + pairs + " fields");
            }
            byte[][] fieldValues = new byte[(int) (2 * pairs)][];
            for (int i = 0; i < pairs; i++) {
                fieldValues[2 * i] = same ? masterFields[i] : in.element("a field");
                fieldValues[2 * i + 1] = in.element("a value");
            }
            long expected = same ? pairs + 3 : 2 * pairs + 4;
            if (in.integer("an entry's element count") != expected) {
                throw in.bad("entry " + id + " has a wrong element count");
            }
            if (same && !sameAs(fieldValues, masterFields)) {
                throw in.bad("entry " + id + " is flagged with the master's fields but has others");
            }
            boolean isDeleted = (flags & FLAG_DELETED) != 0;
            if (isDeleted) {
                seenDeleted++;
            } else {
                seenLive++;
            }
            entries.add(new Object[] {id, fieldValues, isDeleted});
        }
        if (seenLive != live || seenDeleted != deleted) {
            throw in.bad("the master entry counts " + live + " live and " + deleted + " deleted entries, the node has "
                    + seenLive + " and " + seenDeleted);
        }
        stream.loadNode(master, masterFields);
        for (Object[] entry : entries) {
            stream.loadEntry((StreamId) entry[0], (byte[][]) entry[1], (Boolean) entry[2]);
        }
        return previous;
    }

    private static boolean sameAs(byte[][] fieldValues, byte[][] masterFields) {
        for (int i = 0; i < masterFields.length; i++) {
            if (!Arrays.equals(fieldValues[2 * i], masterFields[i])) {
                return false;
            }
        }
        return true;
    }

    /** Elements of a stream node: integers where the layout wants them, strings (or integers) as data. */
    private static final class Reader {
        private final ListpackParser parser;

        Reader(ListpackParser parser) {
            this.parser = parser;
        }

        boolean hasNext() throws CorruptBlobException {
            return parser.hasNext();
        }

        byte[] element(String what) throws CorruptBlobException {
            if (!parser.hasNext()) {
                throw bad("the node ends before " + what);
            }
            return parser.next();
        }

        /** An integer element (stored as a string, it must be the canonical text of one, as Redis reads it). */
        long integer(String what) throws CorruptBlobException {
            byte[] element = element(what);
            if (parser.lastWasInteger()) {
                return parser.lastInteger();
            }
            if (!Numbers.isLong(element)) {
                throw bad(what + " is not an integer");
            }
            return Numbers.parseLong(element);
        }

        /** A non-negative integer within an int. */
        long count(String what) throws CorruptBlobException {
            long v = integer(what);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw bad(what + " is " + v);
            }
            return v;
        }

        CorruptBlobException bad(String problem) {
            return new CorruptBlobException("stream listpack", parser.position(), problem);
        }
    }
}
