package io.miniredis.command.stream;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.BlockingServe;
import io.miniredis.command.BlockingTimeout;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamConsumer;
import io.miniredis.store.StreamGroup;
import io.miniredis.store.StreamId;
import io.miniredis.store.StreamNack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * XREAD and XREADGROUP, as one parse and one serve, the way Redis has one command behind both. A read serves at once
 * every stream that has something for it; with nothing and BLOCK it waits through {@link BlockingServe#park} (no
 * thread), {@code $} resolved at the call, {@code >} at each attempt to the group's last delivered ID. A waiting
 * XREADGROUP learns with Redis's errors that its group was destroyed or its key deleted. Deliveries to a group
 * propagate as XCLAIM (or XGROUP SETID with NOACK), never as XREADGROUP.
 */
public final class StreamReadCommands implements CommandFamily {

    private static final RedisError GROUP_ONLY =
            new RedisError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
    private static final RedisError NOACK_ONLY =
            new RedisError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
    private static final RedisError MISSING_GROUP = new RedisError("ERR Missing GROUP option for XREADGROUP");
    private static final RedisError DOLLAR_IN_GROUP = new RedisError(
            "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.");
    private static final RedisError GREATER_IN_XREAD = new RedisError(
            "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
    private static final RedisError GROUP_DESTROYED =
            new RedisError("NOGROUP the consumer group this client was blocked on no longer exists");
    private static final RedisError KEY_GONE = new RedisError("UNBLOCKED the stream key no longer exists");
    /** What one wakeup of a blocked read returns at most when it gave no COUNT. */
    private static final long BLOCKED_DEFAULT_COUNT = 1000;

    @Override
    public String group() {
        return "stream";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("xread", -4, "readonly blocking", c -> read(c, false)),
                command("xreadgroup", -7, "write blocking", c -> read(c, true)));
        // spotless:on
    }

    /** The parsed call: BLOCK (-1: none), COUNT (0: all), the group and consumer, NOACK, the keys and their IDs. */
    private record ReadOptions(
            long timeout, long count, byte[] group, byte[] consumer, boolean noAck, byte[][] keys, byte[][] idArgs) {}

    private static ReadOptions parse(CommandCall c, boolean xreadgroup) {
        byte[][] argv = c.argv();
        long timeout = -1;
        long count = 0;
        byte[] group = null;
        byte[] consumer = null;
        boolean noAck = false;
        int streamsArg = 0;
        int streamsCount = 0;
        for (int i = 1; i < argv.length; i++) {
            int more = argv.length - i - 1;
            byte[] o = argv[i];
            if (Args.is(o, "BLOCK") && more > 0) {
                if (c.client().isScriptClient() && !c.client().mustObey()) {
                    throw new RedisError("ERR " + StreamArgs.cText(argv[0])
                            + " command is not allowed with BLOCK option from scripts");
                }
                timeout = BlockingTimeout.parseIntegerMillis(argv[++i]);
            } else if (Args.is(o, "COUNT") && more > 0) {
                count = Args.toLong(argv[++i]);
                if (count < 0) {
                    count = 0;
                }
            } else if (Args.is(o, "STREAMS") && more > 0) {
                streamsArg = i + 1;
                streamsCount = argv.length - streamsArg;
                if (streamsCount % 2 != 0) {
                    throw new RedisError("ERR Unbalanced " + (xreadgroup ? "XREADGROUP" : "XREAD")
                            + " list of streams: for each stream key an ID or '" + (xreadgroup ? '>' : '$')
                            + "' must be specified.");
                }
                streamsCount /= 2;
                break;
            } else if (Args.is(o, "GROUP") && more >= 2) {
                if (!xreadgroup) {
                    throw GROUP_ONLY;
                }
                group = argv[i + 1];
                consumer = argv[i + 2];
                i += 2;
            } else if (Args.is(o, "NOACK")) {
                if (!xreadgroup) {
                    throw NOACK_ONLY;
                }
                noAck = true;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (streamsArg == 0) {
            throw RedisError.SYNTAX;
        }
        if (xreadgroup && group == null) {
            throw MISSING_GROUP;
        }
        byte[][] keys = java.util.Arrays.copyOfRange(argv, streamsArg, streamsArg + streamsCount);
        byte[][] ids = java.util.Arrays.copyOfRange(argv, streamsArg + streamsCount, argv.length);
        return new ReadOptions(timeout, count, group, consumer, noAck, keys, ids);
    }

    private void read(CommandCall c, boolean xreadgroup) {
        ReadOptions options = parse(c, xreadgroup);
        if (xreadgroup) {
            c.propagateNothing(); // deliveries propagate as XCLAIM / XGROUP, never the read itself
        }
        int n = options.keys().length;
        StreamId[] after = new StreamId[n]; // null: '>'
        StreamGroup[] groups = new StreamGroup[n];
        for (int i = 0; i < n; i++) {
            byte[] key = options.keys()[i];
            RedisStream stream = StreamArgs.streamOf(c.db().lookupRead(key));
            if (options.group() != null) {
                StreamGroup group = stream == null ? null : stream.group(options.group());
                if (group == null) {
                    throw new RedisError("NOGROUP No such key '" + StreamArgs.cText(key) + "' or consumer group '"
                            + StreamArgs.cText(options.group()) + "' in XREADGROUP with GROUP option");
                }
                groups[i] = group;
            }
            byte[] idArg = options.idArgs()[i];
            if (StreamArgs.isText(idArg, "$")) {
                if (xreadgroup) {
                    throw DOLLAR_IN_GROUP;
                }
                after[i] = stream == null ? StreamId.MIN : stream.lastId();
            } else if (StreamArgs.isText(idArg, ">")) {
                if (!xreadgroup) {
                    throw GREATER_IN_XREAD;
                }
                after[i] = null;
            } else {
                after[i] = StreamArgs.strict(idArg);
            }
        }
        List<Runnable> served = new ArrayList<>();
        // a key named twice is served twice, the second time past what the first delivered, as Redis's loop does
        Map<StreamGroup, StreamId> delivered =
                new java.util.IdentityHashMap<>(n); // sized for the keys: a default one is 64 slots per call
        for (int i = 0; i < n; i++) {
            byte[] key = options.keys()[i];
            KeyEntry entry = groups[i] == null ? c.db().lookupRead(key) : c.db().lookupReadForChange(key);
            if (entry == null) {
                continue;
            }
            RedisStream stream = (RedisStream) entry.value();
            Runnable serve = syncServe(c, options, key, entry, stream, groups[i], after[i], delivered);
            if (serve != null) {
                served.add(serve);
            }
        }
        Reply reply = c.reply();
        if (!served.isEmpty()) {
            if (reply.resp3()) {
                reply.map(served.size());
            } else {
                reply.array(served.size());
            }
            served.forEach(Runnable::run);
            return;
        }
        if (options.timeout() == -1 || c.client().denyBlocking()) {
            reply.nullArray();
            return;
        }
        long count = options.count() != 0 ? options.count() : BLOCKED_DEFAULT_COUNT;
        Signals seen = new Signals(n);
        for (int i = 0; i < n; i++) {
            KeyEntry entry = c.db().peek(options.keys()[i]);
            seen.saw(i, entry == null ? null : (RedisStream) entry.value());
        }
        BlockingServe.park(c, options.keys(), options.timeout(), xreadgroup, (call, key) -> {
            int index = indexOf(options.keys(), key);
            return serveBlocked(call, options, key, after[index], count, seen, index);
        });
    }

    /**
     * What each waited stream had signalled when the reader last looked (the stream and its {@link
     * RedisStream#readySignals}): a reader is woken, as in Redis, only by a new signal, not by any change.
     */
    private static final class Signals {
        private final RedisStream[] streams;
        private final long[] counts;

        Signals(int n) {
            streams = new RedisStream[n];
            counts = new long[n];
        }

        void saw(int i, RedisStream stream) {
            streams[i] = stream;
            counts[i] = stream == null ? -1 : stream.readySignals();
        }

        /** True when {@code stream} signalled since the last look (another stream at the key counts); records it. */
        boolean signalled(int i, RedisStream stream) {
            boolean changed = stream != streams[i] || stream.readySignals() != counts[i];
            saw(i, stream);
            return changed;
        }
    }

    private static int indexOf(byte[][] keys, byte[] key) {
        for (int i = 0; i < keys.length; i++) {
            if (java.util.Arrays.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What serving {@code stream} at once writes, or null when it has nothing for this read: XREAD, entries past the
     * ID; XREADGROUP with {@code >}, entries past the group's last delivered ID; with an ID, the consumer's history.
     */
    private static Runnable syncServe(
            CommandCall c,
            ReadOptions options,
            byte[] key,
            KeyEntry entry,
            RedisStream stream,
            StreamGroup group,
            StreamId after,
            Map<StreamGroup, StreamId> delivered) {
        if (group == null) {
            if (stream.length() == 0 || stream.lastEntryId().compareTo(after) <= 0) {
                return null;
            }
            return () -> {
                writeKey(c.reply(), key);
                StreamArgs.entries(
                        c.reply(), StreamArgs.range(stream, after.next(), StreamId.MAX, options.count(), false));
            };
        }
        boolean history = after != null;
        StreamId from;
        if (history) {
            from = after;
        } else {
            StreamId last = delivered.getOrDefault(group, group.lastId());
            if (stream.length() == 0 || stream.lastEntryId().compareTo(last) <= 0) {
                return null;
            }
            from = last;
            List<StreamArgs.Entry> next = StreamArgs.range(stream, from.next(), StreamId.MAX, options.count(), false);
            delivered.put(group, next.get(next.size() - 1).id());
        }
        return () -> {
            writeKey(c.reply(), key); // before the consumer's creation event, as a RESP3 client sees it in Redis
            StreamConsumer consumer = consumerFor(c, options, key, group);
            StreamId start = from.next();
            if (history) {
                replyHistory(c, stream, consumer, start, options.count());
            } else {
                deliver(c, key, options.group(), stream, group, consumer, start, options.count(), options.noAck());
            }
            c.db().resized(entry);
        };
    }

    /** The reading consumer, seen now, or created (its event; with NOACK its creation propagates, no XCLAIM will). */
    private static StreamConsumer consumerFor(CommandCall c, ReadOptions options, byte[] key, StreamGroup group) {
        StreamConsumer consumer = group.consumer(options.consumer());
        if (consumer != null) {
            consumer.seenTime(c.keyspace().now());
            return consumer;
        }
        consumer = StreamGroupCommands.createConsumer(c, group, options.consumer(), key, true);
        if (options.noAck()) {
            StreamGroupCommands.propagateConsumerCreation(c, key, options.group(), options.consumer());
        }
        return consumer;
    }

    private static void writeKey(Reply reply, byte[] key) {
        if (!reply.resp3()) {
            reply.array(2);
        }
        reply.bulk(key);
    }

    /**
     * Delivers new entries from {@code start} to a consumer: the group's last ID and read counter move, each entry
     * joins the PEL (taken from another consumer if an XGROUP SETID made it pending there) and propagates as XCLAIM;
     * with NOACK nothing is pending and the group's new position propagates as XGROUP SETID.
     */
    private static void deliver(
            CommandCall c,
            byte[] key,
            byte[] groupName,
            RedisStream stream,
            StreamGroup group,
            StreamConsumer consumer,
            StreamId start,
            long count,
            boolean noAck) {
        List<StreamArgs.Entry> entries = StreamArgs.range(stream, start, StreamId.MAX, count, false);
        long now = c.keyspace().now();
        boolean moved = false;
        c.reply().array(entries.size());
        for (StreamArgs.Entry e : entries) {
            StreamId id = e.id();
            if (id.compareTo(group.lastId()) > 0) {
                if (group.entriesRead() != StreamGroup.ENTRIES_READ_UNKNOWN && !stream.rangeHasTombstones(id, null)) {
                    group.entriesRead(group.entriesRead() + 1);
                } else if (stream.entriesAdded() != 0) {
                    group.entriesRead(stream.entriesReadAt(id));
                }
                group.lastId(id);
                moved = true;
            }
            StreamArgs.entry(c.reply(), id, e.fieldValues());
            if (!noAck) {
                StreamNack nack = group.addPending(id, consumer, now, 1);
                StreamGroupCommands.propagateClaim(c, key, groupName, group, id, nack);
            }
        }
        if (noAck && moved) {
            StreamGroupCommands.propagateGroupId(c, key, groupName, group);
        }
        c.keyspace().addDirty(1);
    }

    /** A consumer's history from {@code start}: its pending entries, a deleted one as its ID and a null array. */
    private static void replyHistory(
            CommandCall c, RedisStream stream, StreamConsumer consumer, StreamId start, long count) {
        List<Map.Entry<StreamId, StreamNack>> pending = new ArrayList<>();
        for (Map.Entry<StreamId, StreamNack> e :
                consumer.pending().tailMap(start, true).entrySet()) {
            if (count != 0 && pending.size() >= count) {
                break;
            }
            pending.add(e);
        }
        Reply reply = c.reply();
        reply.array(pending.size());
        long now = c.keyspace().now();
        for (Map.Entry<StreamId, StreamNack> e : pending) {
            byte[][] fieldValues = stream.get(e.getKey());
            if (fieldValues == null) {
                reply.array(2);
                StreamArgs.id(reply, e.getKey());
                reply.nullArray();
            } else {
                StreamArgs.entry(reply, e.getKey(), fieldValues);
                StreamNack nack = e.getValue();
                nack.deliveryTime(now);
                nack.deliveryCount(nack.deliveryCount() + 1);
            }
        }
        c.keyspace().addDirty(1);
    }

    /**
     * One attempt to serve a waiting read from {@code key}, as Redis serves a client blocked on a stream: XREADGROUP
     * fails when the key is gone or the group destroyed; otherwise, when the stream signalled (an XADD) and its last
     * ID is past the reader's ({@code >}: the group's last delivered ID now), it is served what lies past it, which
     * may be nothing (an XADD whose own MAXLEN removed the entry).
     */
    private static boolean serveBlocked(
            CommandCall c, ReadOptions options, byte[] key, StreamId after, long count, Signals seen, int index) {
        KeyEntry entry = options.group() == null ? c.db().lookupRead(key) : c.db().lookupReadForChange(key);
        boolean isStream = entry != null && entry.value() instanceof RedisStream;
        if (options.group() != null) {
            if (!isStream) {
                throw KEY_GONE;
            }
            RedisStream stream = (RedisStream) entry.value();
            StreamGroup group = stream.group(options.group());
            if (group == null) {
                throw GROUP_DESTROYED;
            }
            StreamId from = group.lastId();
            if (!seen.signalled(index, stream) || stream.lastId().compareTo(from) <= 0) {
                return false;
            }
            writeBlockedHeader(c.reply(), key);
            StreamConsumer consumer = consumerFor(c, options, key, group);
            deliver(c, key, options.group(), stream, group, consumer, from.next(), count, options.noAck());
            c.db().resized(entry);
            return true;
        }
        if (!isStream) {
            return false;
        }
        RedisStream stream = (RedisStream) entry.value();
        if (!seen.signalled(index, stream) || stream.lastId().compareTo(after) <= 0) {
            return false;
        }
        writeBlockedHeader(c.reply(), key);
        StreamArgs.entries(c.reply(), StreamArgs.range(stream, after.next(), StreamId.MAX, count, false));
        return true;
    }

    private static void writeBlockedHeader(Reply reply, byte[] key) {
        if (reply.resp3()) {
            reply.map(1);
        } else {
            reply.array(1);
            reply.array(2);
        }
        reply.bulk(key);
    }
}
