package io.miniredis.command.stream;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.Help;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
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
 * XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER, HELP), XACK, XPENDING, XCLAIM and XAUTOCLAIM. A group
 * change that is not a key change (an acknowledgement, a claim) counts as a change without telling WATCH, as Redis
 * counts it without signalling the key. Claims propagate as Redis's idempotent XCLAIM ... FORCE JUSTID LASTID.
 */
public final class StreamGroupCommands implements CommandFamily {

    private static final RedisError KEY_REQUIRED = new RedisError(
            "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.");
    private static final RedisError ENTRIES_READ_INVALID =
            new RedisError("ERR value for ENTRIESREAD must be positive or -1");
    private static final RedisError BUSYGROUP = new RedisError("BUSYGROUP Consumer Group name already exists");
    private static final RedisError XCLAIM_MIN_IDLE = new RedisError("ERR Invalid min-idle-time argument for XCLAIM");
    private static final RedisError XAUTOCLAIM_MIN_IDLE =
            new RedisError("ERR Invalid min-idle-time argument for XAUTOCLAIM");
    private static final RedisError XCLAIM_IDLE = new RedisError("ERR Invalid IDLE option argument for XCLAIM");
    private static final RedisError XCLAIM_TIME = new RedisError("ERR Invalid TIME option argument for XCLAIM");
    private static final RedisError XCLAIM_RETRYCOUNT =
            new RedisError("ERR Invalid RETRYCOUNT option argument for XCLAIM");
    private static final RedisError COUNT_POSITIVE = new RedisError("ERR COUNT must be > 0");

    @Override
    public String group() {
        return "stream";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                container("xgroup", "",
                        command("create", -5, "write denyoom", 2, 2, 1, this::create),
                        command("setid", -5, "write", 2, 2, 1, this::setid),
                        command("destroy", 4, "write", 2, 2, 1, this::destroy),
                        command("createconsumer", 5, "write denyoom", 2, 2, 1, this::createConsumer),
                        command("delconsumer", 5, "write", 2, 2, 1, this::delConsumer),
                        command("help", 2, "loading stale", this::help)),
                command("xack", -4, "write fast", 1, 1, 1, this::xack),
                command("xpending", -3, "readonly", 1, 1, 1, this::xpending),
                command("xclaim", -6, "write fast", 1, 1, 1, this::xclaim),
                command("xautoclaim", -6, "write fast", 1, 1, 1, this::xautoclaim));
        // spotless:on
    }

    // ---- XGROUP

    private static RedisError subcommandSyntax(CommandCall c) {
        return new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                + StreamArgs.cText(c.argv()[1]) + "'. Try XGROUP HELP.");
    }

    /** The stream at argv[2] for an XGROUP subcommand: it must exist. */
    private static KeyEntry groupKey(CommandCall c) {
        KeyEntry entry = c.db().lookupWrite(c.argv()[2]);
        if (entry != null) {
            StreamArgs.streamOf(entry); // WRONGTYPE
            return entry;
        }
        throw KEY_REQUIRED;
    }

    private static StreamGroup existingGroup(CommandCall c, RedisStream stream) {
        StreamGroup group = stream.group(c.argv()[3]);
        if (group == null) {
            throw StreamArgs.noGroupForKey(c.argv()[3], c.argv()[2]);
        }
        return group;
    }

    private static long entriesRead(byte[] arg) {
        long value = Args.toLong(arg);
        if (value < 0 && value != StreamGroup.ENTRIES_READ_UNKNOWN) {
            throw ENTRIES_READ_INVALID;
        }
        return value;
    }

    /** XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]: options first, then the key, then the ID. */
    private void create(CommandCall c) {
        byte[][] argv = c.argv();
        if (argv.length > 8) {
            throw subcommandSyntax(c);
        }
        boolean mkStream = false;
        long entriesRead = StreamGroup.ENTRIES_READ_UNKNOWN;
        for (int i = 5; i < argv.length; ) {
            if (Args.is(argv[i], "MKSTREAM")) {
                mkStream = true;
                i++;
            } else if (Args.is(argv[i], "ENTRIESREAD") && i + 1 < argv.length) {
                entriesRead = entriesRead(argv[i + 1]);
                i += 2;
            } else {
                throw subcommandSyntax(c);
            }
        }
        Database db = c.db();
        byte[] key = argv[2];
        KeyEntry entry = db.lookupWrite(key);
        RedisStream stream = StreamArgs.streamOf(entry);
        if (stream == null && !mkStream) {
            throw KEY_REQUIRED;
        }
        StreamId id;
        if (StreamArgs.isText(argv[4], "$")) {
            id = stream == null ? StreamId.MIN : stream.lastId();
        } else {
            id = StreamArgs.strict(argv[4]);
        }
        boolean created = stream == null;
        if (created) {
            stream = new RedisStream();
            entry = db.add(key, stream); // counts the one change Redis counts for MKSTREAM and the group together
        }
        if (stream.createGroup(argv[3], id, entriesRead) == null) {
            throw BUSYGROUP;
        }
        db.resized(entry);
        if (!created) {
            c.keyspace().addDirty(1);
        }
        c.reply().ok();
        c.notify(NotifyType.STREAM, "xgroup-create", key);
    }

    /** XGROUP SETID key group id|$ [ENTRIESREAD n]: the argument count and ENTRIESREAD are checked first. */
    private void setid(CommandCall c) {
        byte[][] argv = c.argv();
        long entriesRead = StreamGroup.ENTRIES_READ_UNKNOWN;
        if (argv.length == 7 && Args.is(argv[5], "ENTRIESREAD")) {
            entriesRead = entriesRead(argv[6]);
        } else if (argv.length != 5) {
            throw subcommandSyntax(c);
        }
        KeyEntry entry = groupKey(c);
        RedisStream stream = StreamArgs.streamOf(entry);
        StreamGroup group = existingGroup(c, stream);
        StreamId id = StreamArgs.isText(argv[4], "$") ? stream.lastId() : StreamArgs.lenient(argv[4], 0);
        group.lastId(id);
        group.entriesRead(entriesRead);
        c.keyspace().addDirty(1);
        c.reply().ok();
        c.notify(NotifyType.STREAM, "xgroup-setid", argv[2]);
    }

    private void destroy(CommandCall c) {
        byte[][] argv = c.argv();
        KeyEntry entry = groupKey(c);
        RedisStream stream = StreamArgs.streamOf(entry);
        if (!stream.destroyGroup(argv[3])) {
            c.reply().integer(0);
            return;
        }
        c.db().resized(entry);
        c.keyspace().addDirty(1);
        c.reply().integer(1);
        c.notify(NotifyType.STREAM, "xgroup-destroy", argv[2]);
        // XREADGROUP clients waiting on the key learn that their group is gone
        c.server().blockedClients().keyModified(c.db(), argv[2]);
    }

    private void createConsumer(CommandCall c) {
        byte[][] argv = c.argv();
        KeyEntry entry = groupKey(c);
        StreamGroup group = existingGroup(c, StreamArgs.streamOf(entry));
        StreamConsumer created = createConsumer(c, group, argv[4], argv[2], true);
        c.db().resized(entry);
        c.reply().integer(created != null ? 1 : 0);
    }

    /** Creates a consumer as Redis's streamCreateConsumer: counted as a change, with its event when {@code notify}. */
    static StreamConsumer createConsumer(CommandCall c, StreamGroup group, byte[] name, byte[] key, boolean notify) {
        StreamConsumer created = group.createConsumer(name, c.keyspace().now());
        if (created != null) {
            c.keyspace().addDirty(1);
            if (notify) {
                c.notify(NotifyType.STREAM, "xgroup-createconsumer", key);
            }
        }
        return created;
    }

    /** The consumer {@code name}, seen now; created (with its event) when it does not exist. */
    static StreamConsumer seenOrCreated(CommandCall c, StreamGroup group, byte[] name, byte[] key) {
        StreamConsumer consumer = group.consumer(name);
        if (consumer != null) {
            consumer.seenTime(c.keyspace().now());
            return consumer;
        }
        return createConsumer(c, group, name, key, true);
    }

    private void delConsumer(CommandCall c) {
        byte[][] argv = c.argv();
        KeyEntry entry = groupKey(c);
        StreamGroup group = existingGroup(c, StreamArgs.streamOf(entry));
        long pending = group.deleteConsumer(argv[4]);
        if (pending < 0) {
            c.reply().integer(0);
            return;
        }
        c.db().resized(entry);
        c.keyspace().addDirty(1);
        c.notify(NotifyType.STREAM, "xgroup-delconsumer", argv[2]); // before the reply, as Redis
        c.reply().integer(pending);
    }

    private void help(CommandCall c) {
        Help.reply(
                c.reply(),
                "XGROUP",
                "CREATE <key> <groupname> <id|$> [option]",
                "    Create a new consumer group. Options are:",
                "    * MKSTREAM",
                "      Create the empty stream if it does not exist.",
                "    * ENTRIESREAD entries_read",
                "      Set the group's entries_read counter (internal use).",
                "CREATECONSUMER <key> <groupname> <consumer>",
                "    Create a new consumer in the specified group.",
                "DELCONSUMER <key> <groupname> <consumer>",
                "    Remove the specified consumer.",
                "DESTROY <key> <groupname>",
                "    Remove the specified group.",
                "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                "    Set the current group ID and entries_read counter.");
    }

    // ---- XACK

    /** A missing key or group acknowledges nothing; otherwise every ID is checked before any is acknowledged. */
    private void xack(CommandCall c) {
        byte[][] argv = c.argv();
        KeyEntry entry = c.db().lookupReadForChange(argv[1]);
        RedisStream stream = StreamArgs.streamOf(entry);
        StreamGroup group = stream == null ? null : stream.group(argv[2]);
        if (group == null) {
            c.reply().integer(0);
            return;
        }
        long acknowledged = 0;
        for (StreamId id : StreamArgs.strictIds(argv, 3)) {
            if (group.ack(id)) {
                acknowledged++;
            }
        }
        if (acknowledged > 0) {
            c.db().resized(entry);
            c.keyspace().addDirty(acknowledged);
        }
        c.reply().integer(acknowledged);
    }

    // ---- XPENDING

    private void xpending(CommandCall c) {
        byte[][] argv = c.argv();
        boolean summary = argv.length == 3;
        if (argv.length != 3 && (argv.length < 6 || argv.length > 9)) {
            throw RedisError.SYNTAX;
        }
        long minIdle = 0;
        long count = 0;
        StreamId start = null;
        StreamId end = null;
        byte[] consumerName = null;
        if (argv.length >= 6) {
            int startIndex = 3;
            if (Args.is(argv[3], "IDLE")) {
                minIdle = Args.toLong(argv[4]);
                if (argv.length < 8) {
                    throw RedisError.SYNTAX;
                }
                startIndex += 2;
            }
            count = Args.toLong(argv[startIndex + 2]);
            if (count < 0) {
                count = 0;
            }
            start = StreamArgs.rangeStart(argv[startIndex]);
            end = StreamArgs.rangeEnd(argv[startIndex + 1]);
            if (startIndex + 3 < argv.length) {
                consumerName = argv[startIndex + 3];
            }
        }
        RedisStream stream = StreamArgs.streamOf(c.db().lookupRead(argv[1]));
        StreamGroup group = stream == null ? null : stream.group(argv[2]);
        if (group == null) {
            throw StreamArgs.noKeyOrGroup(argv[1], argv[2]);
        }
        Reply reply = c.reply();
        if (summary) {
            Map<StreamId, StreamNack> pel = group.pending();
            reply.array(4);
            reply.integer(pel.size());
            if (pel.isEmpty()) {
                reply.nullBulk();
                reply.nullBulk();
                reply.nullArray();
                return;
            }
            StreamArgs.id(reply, group.pending().firstKey());
            StreamArgs.id(reply, group.pending().lastKey());
            List<StreamConsumer> withPending = new ArrayList<>();
            for (StreamConsumer consumer : group.consumers()) {
                if (consumer.pendingCount() > 0) {
                    withPending.add(consumer);
                }
            }
            reply.array(withPending.size());
            for (StreamConsumer consumer : withPending) {
                reply.array(2);
                reply.bulk(consumer.name());
                reply.bulk(Long.toString(consumer.pendingCount()));
            }
            return;
        }
        java.util.NavigableMap<StreamId, StreamNack> pel;
        if (consumerName != null) {
            StreamConsumer consumer = group.consumer(consumerName);
            if (consumer == null) {
                reply.array(0);
                return;
            }
            pel = consumer.pending();
        } else {
            pel = group.pending();
        }
        long now = c.keyspace().now();
        List<Map.Entry<StreamId, StreamNack>> out = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, StreamNack> e :
                    pel.subMap(start, true, end, true).entrySet()) {
                if (count == 0) {
                    break;
                }
                if (minIdle != 0 && now - e.getValue().deliveryTime() < minIdle) {
                    continue;
                }
                out.add(e);
                count--;
            }
        }
        reply.array(out.size());
        for (Map.Entry<StreamId, StreamNack> e : out) {
            StreamNack nack = e.getValue();
            reply.array(4);
            StreamArgs.id(reply, e.getKey());
            reply.bulk(nack.consumer().name());
            reply.integer(Math.max(0, now - nack.deliveryTime()));
            reply.integer(nack.deliveryCount());
        }
    }

    // ---- XCLAIM

    private static final byte[] XCLAIM = "XCLAIM".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ZERO = {'0'};
    private static final byte[] TIME = "TIME".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] RETRYCOUNT = "RETRYCOUNT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] FORCE = "FORCE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] JUSTID = "JUSTID".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] LASTID = "LASTID".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Redis's idempotent form of a delivery or claim: XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID LASTID id. */
    static void propagateClaim(
            CommandCall c, byte[] key, byte[] groupName, StreamGroup group, StreamId id, StreamNack nack) {
        if (!c.propagating()) {
            c.propagateNothing(); // one XCLAIM per entry delivered: not built for nobody (a tenth of an XREADGROUP)
            return;
        }
        c.propagateAs(
                XCLAIM,
                key,
                groupName,
                nack.consumer().name(),
                ZERO,
                id.toBytes(),
                TIME,
                Long.toString(nack.deliveryTime()).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                RETRYCOUNT,
                Long.toString(nack.deliveryCount()).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                FORCE,
                JUSTID,
                LASTID,
                group.lastId().toBytes());
    }

    private static final byte[] XGROUP = "XGROUP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] SETID = "SETID".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ENTRIESREAD = "ENTRIESREAD".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CREATECONSUMER = "CREATECONSUMER".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** XGROUP SETID key group last-id ENTRIESREAD n: the group's position when no XCLAIM carries it. */
    static void propagateGroupId(CommandCall c, byte[] key, byte[] groupName, StreamGroup group) {
        c.propagateAs(
                XGROUP,
                SETID,
                key,
                groupName,
                group.lastId().toBytes(),
                ENTRIESREAD,
                Long.toString(group.entriesRead()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    static void propagateConsumerCreation(CommandCall c, byte[] key, byte[] groupName, byte[] consumer) {
        c.propagateAs(XGROUP, CREATECONSUMER, key, groupName, consumer);
    }

    /** The whole claimed entry, or a null array when it is gone (it cannot be: claims check it exists). */
    private static void claimedEntry(Reply reply, RedisStream stream, StreamId id) {
        byte[][] fieldValues = stream.get(id);
        if (fieldValues == null) {
            reply.nullBulk();
        } else {
            StreamArgs.entry(reply, id, fieldValues);
        }
    }

    private void xclaim(CommandCall c) {
        byte[][] argv = c.argv();
        KeyEntry entry = c.db().lookupReadForChange(argv[1]);
        RedisStream stream = StreamArgs.streamOf(entry);
        StreamGroup group = stream == null ? null : stream.group(argv[2]);
        if (group == null) {
            throw StreamArgs.noKeyOrGroup(argv[1], argv[2]);
        }
        long minIdle = Args.toLong(argv[4], XCLAIM_MIN_IDLE);
        if (minIdle < 0) {
            minIdle = 0;
        }
        int j = 5;
        while (j < argv.length && StreamArgs.strictOrNull(argv[j]) != null) {
            j++;
        }
        int lastIdArg = j - 1;
        long now = c.keyspace().now();
        boolean force = false;
        boolean justId = false;
        long deliveryTime = -1;
        long retryCount = -1;
        StreamId lastId = StreamId.MIN;
        for (; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            byte[] opt = argv[j];
            if (Args.is(opt, "FORCE")) {
                force = true;
            } else if (Args.is(opt, "JUSTID")) {
                justId = true;
            } else if (Args.is(opt, "IDLE") && more > 0) {
                deliveryTime = now - Args.toLong(argv[++j], XCLAIM_IDLE);
            } else if (Args.is(opt, "TIME") && more > 0) {
                deliveryTime = Args.toLong(argv[++j], XCLAIM_TIME);
            } else if (Args.is(opt, "RETRYCOUNT") && more > 0) {
                retryCount = Args.toLong(argv[++j], XCLAIM_RETRYCOUNT);
            } else if (Args.is(opt, "LASTID") && more > 0) {
                lastId = StreamArgs.strict(argv[++j]);
            } else {
                throw new RedisError("ERR Unrecognized XCLAIM option '" + StreamArgs.cText(opt) + "'");
            }
        }
        boolean propagateLastId = false;
        if (lastId.compareTo(group.lastId()) > 0) {
            group.lastId(lastId);
            propagateLastId = true;
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now;
            }
        } else {
            deliveryTime = now;
        }
        c.propagateNothing();
        // First what each ID will do, so that the reply's length is written before a consumer is created (its
        // event reaches a RESP3 client after the length, as Redis writes a deferred length first).
        List<StreamId> drops = new ArrayList<>();
        List<Object[]> actions = new ArrayList<>(); // {id, Boolean claim (false: drop the pending entry)}
        java.util.Map<StreamId, Long> claimedAt = new java.util.HashMap<>();
        java.util.Set<StreamId> dropped = new java.util.HashSet<>();
        int claims = 0;
        for (int k = 5; k <= lastIdArg; k++) {
            StreamId id = StreamArgs.strict(argv[k]);
            StreamNack nack = dropped.contains(id) ? null : group.pending(id);
            boolean pending = nack != null || claimedAt.containsKey(id);
            if (!stream.contains(id)) {
                if (pending) {
                    actions.add(new Object[] {id, Boolean.FALSE});
                    dropped.add(id);
                }
                continue;
            }
            if (!pending && !force) {
                continue;
            }
            if (pending && minIdle != 0) {
                long delivered = claimedAt.containsKey(id) ? claimedAt.get(id) : nack.deliveryTime();
                if (now - delivered < minIdle) {
                    continue;
                }
            }
            claimedAt.put(id, deliveryTime);
            dropped.remove(id);
            actions.add(new Object[] {id, Boolean.TRUE});
            claims++;
        }
        Reply reply = c.reply();
        reply.array(claims);
        StreamConsumer consumer = null;
        long changes = 0;
        for (Object[] action : actions) {
            StreamId id = (StreamId) action[0];
            StreamNack nack = group.pending(id);
            if (!(Boolean) action[1]) {
                propagateClaim(c, argv[1], argv[2], group, id, nack);
                propagateLastId = false;
                changes++;
                group.ack(id);
                continue;
            }
            if (consumer == null) {
                consumer = seenOrCreated(c, group, argv[3], argv[1]);
            }
            long previousCount = nack == null ? 1 : nack.deliveryCount(); // FORCE makes a NACK delivered once
            long newCount = retryCount >= 0 ? retryCount : justId ? previousCount : previousCount + 1;
            nack = group.addPending(id, consumer, deliveryTime, newCount);
            if (justId) {
                StreamArgs.id(reply, id);
            } else {
                claimedEntry(reply, stream, id);
            }
            propagateClaim(c, argv[1], argv[2], group, id, nack);
            propagateLastId = false;
            changes++;
        }
        if (propagateLastId) {
            propagateGroupId(c, argv[1], argv[2], group);
            changes++;
        }
        if (changes > 0) {
            c.keyspace().addDirty(changes);
        }
        c.db().resized(entry);
    }

    // ---- XAUTOCLAIM

    private void xautoclaim(CommandCall c) {
        byte[][] argv = c.argv();
        long minIdle = Args.toLong(argv[4], XAUTOCLAIM_MIN_IDLE);
        if (minIdle < 0) {
            minIdle = 0;
        }
        StreamId start = StreamArgs.rangeStart(argv[5]);
        long count = 100;
        boolean justId = false;
        long maxCount = Long.MAX_VALUE / 16;
        for (int j = 6; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (Args.is(argv[j], "COUNT") && more > 0) {
                count = Args.toLong(argv[j + 1], COUNT_POSITIVE);
                if (count < 1 || count > maxCount) {
                    throw COUNT_POSITIVE;
                }
                j++;
            } else if (Args.is(argv[j], "JUSTID")) {
                justId = true;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        KeyEntry entry = c.db().lookupReadForChange(argv[1]);
        RedisStream stream = StreamArgs.streamOf(entry);
        StreamGroup group = stream == null ? null : stream.group(argv[2]);
        if (group == null) {
            throw StreamArgs.noKeyOrGroup(argv[1], argv[2]);
        }
        c.propagateNothing();
        // First which pending entries go (deleted from the stream) and which are claimed, then the reply's head
        // (cursor and count, which Redis writes as deferred lengths before any consumer's creation event), then
        // the changes.
        long attempts = count * 10;
        long now = c.keyspace().now();
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        List<StreamId> order = new ArrayList<>();
        StreamId cursor = group.pending().ceilingKey(start);
        while (attempts-- > 0 && count > 0 && cursor != null) {
            StreamId id = cursor;
            cursor = group.pending().higherKey(id);
            if (!stream.contains(id)) {
                deleted.add(id);
                order.add(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - group.pending(id).deliveryTime() < minIdle) {
                continue;
            }
            claimed.add(id);
            order.add(id);
            count--;
        }
        Reply reply = c.reply();
        reply.array(3);
        StreamArgs.id(reply, cursor == null ? StreamId.MIN : cursor);
        reply.array(claimed.size());
        StreamConsumer consumer = null;
        long changes = 0;
        java.util.Set<StreamId> gone = new java.util.HashSet<>(deleted);
        for (StreamId id : order) {
            StreamNack nack = group.pending(id);
            if (gone.contains(id)) {
                propagateClaim(c, argv[1], argv[2], group, id, nack);
                changes++;
                group.ack(id);
                continue;
            }
            if (consumer == null) {
                consumer = seenOrCreated(c, group, argv[3], argv[1]);
            }
            nack = group.addPending(id, consumer, now, justId ? nack.deliveryCount() : nack.deliveryCount() + 1);
            if (justId) {
                StreamArgs.id(reply, id);
            } else {
                claimedEntry(reply, stream, id);
            }
            propagateClaim(c, argv[1], argv[2], group, id, nack);
            changes++;
        }
        reply.array(deleted.size());
        for (StreamId id : deleted) {
            StreamArgs.id(reply, id);
        }
        if (changes > 0) {
            c.keyspace().addDirty(changes);
        }
        c.db().resized(entry);
    }
}
