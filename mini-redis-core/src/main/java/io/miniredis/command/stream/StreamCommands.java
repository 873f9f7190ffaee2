package io.miniredis.command.stream;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.EncodingLimits;
import io.miniredis.protocol.RedisError;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamId;
import java.util.List;

/**
 * XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM and XSETID. Arguments are checked in Redis's order (some commands look
 * the key up before parsing their IDs, as Redis does); trims remove whole nodes when approximate, and propagate
 * with the limit made exact ({@code =} and the resulting length or first ID), as Redis rewrites them.
 */
public final class StreamCommands implements CommandFamily {

    private static final RedisError ID_ZERO = new RedisError("ERR The ID specified in XADD must be greater than 0-0");
    private static final RedisError EXHAUSTED =
            new RedisError("ERR The stream has exhausted the last possible ID, unable to add more items");
    private static final RedisError ID_TOO_SMALL =
            new RedisError("ERR The ID specified in XADD is equal or smaller than the target stream top item");
    private static final RedisError TOO_LARGE = new RedisError("ERR Elements are too large to be stored");
    private static final byte[] EQUALS = {'='};
    /** Redis's bound on a listpack, and so on the fields and values of one entry. */
    private static final long LISTPACK_MAX = 1L << 30;

    private EncodingLimits limits;

    @Override
    public String group() {
        return "stream";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("xadd", -5, "write denyoom fast", 1, 1, 1, this::xadd),
                command("xrange", -4, "readonly", 1, 1, 1, c -> range(c, false)),
                command("xrevrange", -4, "readonly", 1, 1, 1, c -> range(c, true)),
                command("xlen", 2, "readonly fast", 1, 1, 1, this::xlen),
                command("xdel", -3, "write fast", 1, 1, 1, this::xdel),
                command("xtrim", -4, "write", 1, 1, 1, this::xtrim),
                command("xsetid", -3, "write denyoom fast", 1, 1, 1, this::xsetid));
        // spotless:on
    }

    EncodingLimits limits(CommandCall c) {
        EncodingLimits current = EncodingLimits.of(c, limits);
        limits = current;
        return current;
    }

    // ---- XADD

    private void xadd(CommandCall c) {
        byte[][] argv = c.argv();
        EncodingLimits l = limits(c);
        TrimOptions options = TrimOptions.parse(argv, true, c.client().mustObey(), l.streamNodeMaxEntries());
        int fieldPos = options.idPosition() + 1;
        int fieldArgs = argv.length - fieldPos;
        if (fieldArgs < 2 || fieldArgs % 2 == 1) {
            throw new RedisError(CommandDispatcher.wrongArity(c.fullName()));
        }
        if (options.idGiven() && !options.autoSeq() && options.id().isZero()) {
            throw ID_ZERO;
        }
        byte[] key = argv[1];
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisStream stream = StreamArgs.streamOf(entry);
        if (stream == null && options.noMkStream()) {
            c.reply().nullBulk();
            return;
        }
        boolean created = stream == null;
        if (created) {
            stream = new RedisStream();
        }
        if (stream.lastId().equals(StreamId.MAX)) {
            if (created) {
                return; // cannot happen: a new stream's last ID is 0-0
            }
            throw EXHAUSTED;
        }
        StreamId id = nextId(c, stream, options);
        long rawBytes = 0;
        for (int i = fieldPos; i < argv.length; i++) {
            rawBytes += argv[i].length;
        }
        if (rawBytes > LISTPACK_MAX) {
            throw TOO_LARGE;
        }
        byte[][] fieldValues = java.util.Arrays.copyOfRange(argv, fieldPos, argv.length);
        stream.append(id, fieldValues, l.streamNodeMaxBytes(), l.streamNodeMaxEntries());
        if (created) {
            entry = db.add(key, stream);
        } else {
            db.touched(entry);
        }
        byte[] idBytes = id.toBytes();
        c.reply().bulk(idBytes);
        c.notify(NotifyType.STREAM, "xadd", key);
        byte[][] propagated = argv;
        if (options.strategy() != TrimOptions.Strategy.NONE) {
            if (trim(stream, options) > 0) {
                db.resized(entry);
                c.notify(NotifyType.STREAM, "xtrim", key);
            }
            if (options.approx()) {
                propagated = exactTrimArguments(argv.clone(), stream, options);
            }
        }
        if (!options.idGiven() || options.autoSeq()) {
            if (propagated == argv) {
                propagated = argv.clone();
            }
            propagated[options.idPosition()] = idBytes;
        }
        if (propagated != argv) {
            c.propagateAs(propagated);
        }
    }

    /** The ID XADD gives the new entry: {@code *} (time, or the next after the last), {@code <ms>-*}, or given. */
    private static StreamId nextId(CommandCall c, RedisStream stream, TrimOptions options) {
        StreamId last = stream.lastId();
        StreamId id;
        if (!options.idGiven()) {
            long now = c.keyspace().now();
            id = Long.compareUnsigned(now, last.ms()) > 0 ? new StreamId(now, 0) : last.next();
        } else if (options.autoSeq()) {
            if (last.ms() == options.id().ms()) {
                if (last.seq() == -1L) {
                    throw ID_TOO_SMALL;
                }
                id = new StreamId(last.ms(), last.seq() + 1);
            } else {
                id = options.id();
            }
        } else {
            id = options.id();
        }
        if (id.compareTo(last) <= 0) {
            throw ID_TOO_SMALL;
        }
        return id;
    }

    /** Runs the trim the options ask for; how many entries went. */
    static long trim(RedisStream stream, TrimOptions options) {
        return options.strategy() == TrimOptions.Strategy.MAXLEN
                ? stream.trimMaxLen(options.maxLen(), options.approx(), options.limit())
                : stream.trimMinId(options.minId(), options.approx(), options.limit());
    }

    /**
     * An approximate trim propagates as an exact one to where it stopped, as Redis rewrites it: {@code =} for
     * {@code ~}, and the length left (MAXLEN) or the first ID left, deleted entries inside a node included (MINID).
     */
    static byte[][] exactTrimArguments(byte[][] argv, RedisStream stream, TrimOptions options) {
        argv[options.valueIndex() - 1] = EQUALS;
        argv[options.valueIndex()] = options.strategy() == TrimOptions.Strategy.MAXLEN
                ? Long.toString(stream.length()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)
                : stream.firstStoredId().toBytes();
        return argv;
    }

    // ---- XRANGE, XREVRANGE

    private void range(CommandCall c, boolean reverse) {
        byte[][] argv = c.argv();
        byte[] startArg = reverse ? argv[3] : argv[2];
        byte[] endArg = reverse ? argv[2] : argv[3];
        StreamId start = StreamArgs.rangeStart(startArg);
        StreamId end = StreamArgs.rangeEnd(endArg);
        long count = -1;
        for (int j = 4; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            if (Args.is(argv[j], "COUNT") && additional >= 1) {
                count = Args.toLong(argv[j + 1]);
                if (count < 0) {
                    count = 0;
                }
                j++;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        RedisStream stream = StreamArgs.streamOf(c.db().lookupRead(argv[1]));
        if (stream == null) {
            c.reply().array(0);
            return;
        }
        if (count == 0) {
            c.reply().nullArray();
            return;
        }
        StreamArgs.entries(c.reply(), StreamArgs.range(stream, start, end, count, reverse));
    }

    // ---- XLEN

    private void xlen(CommandCall c) {
        RedisStream stream = StreamArgs.streamOf(c.db().lookupRead(c.argv()[1]));
        c.reply().integer(stream == null ? 0 : stream.length());
    }

    // ---- XDEL

    /** The key first (a missing key answers 0 whatever the IDs), then every ID is checked before any is deleted. */
    private void xdel(CommandCall c) {
        byte[][] argv = c.argv();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(argv[1]);
        RedisStream stream = StreamArgs.streamOf(entry);
        if (stream == null) {
            c.reply().integer(0);
            return;
        }
        long deleted = 0;
        for (StreamId id : StreamArgs.strictIds(argv, 2)) {
            if (stream.delete(id)) {
                if (id.compareTo(stream.maxDeletedId()) > 0) {
                    stream.maxDeletedId(id);
                }
                deleted++;
            }
        }
        if (deleted > 0) {
            db.touched(entry);
            c.notify(NotifyType.STREAM, "xdel", argv[1]);
            c.keyspace().addDirty(deleted - 1);
        }
        c.reply().integer(deleted);
    }

    // ---- XTRIM

    private void xtrim(CommandCall c) {
        byte[][] argv = c.argv();
        EncodingLimits l = limits(c);
        TrimOptions options = TrimOptions.parse(argv, false, c.client().mustObey(), l.streamNodeMaxEntries());
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(argv[1]);
        RedisStream stream = StreamArgs.streamOf(entry);
        if (stream == null) {
            c.reply().integer(0);
            return;
        }
        long deleted = trim(stream, options);
        if (deleted > 0) {
            c.notify(NotifyType.STREAM, "xtrim", argv[1]);
            if (options.approx()) {
                c.propagateAs(exactTrimArguments(argv.clone(), stream, options));
            }
            db.touched(entry);
            c.keyspace().addDirty(deleted - 1);
        }
        c.reply().integer(deleted);
    }

    // ---- XSETID

    private static final RedisError ENTRIES_ADDED_NEGATIVE = new RedisError("ERR entries_added must be positive");
    private static final RedisError SMALLER_THAN_GIVEN_MAX_DELETED =
            new RedisError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
    private static final RedisError SMALLER_THAN_TOP =
            new RedisError("ERR The ID specified in XSETID is smaller than the target stream top item");
    private static final RedisError ENTRIES_ADDED_TOO_SMALL =
            new RedisError("ERR The entries_added specified in XSETID is smaller than the target stream length");

    private void xsetid(CommandCall c) {
        byte[][] argv = c.argv();
        StreamId id = StreamArgs.strict(argv[2]);
        long entriesAdded = -1;
        StreamId maxDeleted = StreamId.MIN;
        int i = 3;
        while (i < argv.length) {
            int more = argv.length - 1 - i;
            if (Args.is(argv[i], "ENTRIESADDED") && more > 0) {
                entriesAdded = Args.toLong(argv[i + 1]);
                if (entriesAdded < 0) {
                    throw ENTRIES_ADDED_NEGATIVE;
                }
                i += 2;
            } else if (Args.is(argv[i], "MAXDELETEDID") && more > 0) {
                maxDeleted = StreamArgs.strict(argv[i + 1]);
                if (id.compareTo(maxDeleted) < 0) {
                    throw SMALLER_THAN_GIVEN_MAX_DELETED;
                }
                i += 2;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(argv[1]);
        if (entry == null) {
            throw StreamArgs.NO_SUCH_KEY;
        }
        RedisStream stream = StreamArgs.streamOf(entry);
        if (stream.length() > 0) {
            if (id.compareTo(stream.lastEntryId()) < 0) {
                throw SMALLER_THAN_TOP;
            }
            if (entriesAdded != -1 && stream.length() > entriesAdded) {
                throw ENTRIES_ADDED_TOO_SMALL;
            }
        }
        stream.lastId(id);
        if (entriesAdded != -1) {
            stream.entriesAdded(entriesAdded);
        }
        if (!maxDeleted.isZero()) {
            stream.maxDeletedId(maxDeleted);
        }
        c.reply().ok();
        db.resized(entry); // a change, but not one Redis 7.0 signals to WATCH
        c.keyspace().addDirty(1);
        c.notify(NotifyType.STREAM, "xsetid", argv[1]);
    }
}
