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
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamConsumer;
import io.miniredis.store.StreamGroup;
import io.miniredis.store.StreamId;
import io.miniredis.store.StreamNack;
import java.util.List;
import java.util.Map;

/** XINFO STREAM [FULL [COUNT n]], GROUPS, CONSUMERS and HELP, with the fields Redis 7.0 reports, in its order. */
public final class StreamInfoCommands implements CommandFamily {

    @Override
    public String group() {
        return "stream";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                container("xinfo", "",
                        command("stream", -3, "readonly", 2, 2, 1, this::stream),
                        command("groups", 3, "readonly", 2, 2, 1, this::groups),
                        command("consumers", 4, "readonly", 2, 2, 1, this::consumers),
                        command("help", 2, "loading stale", this::help)));
        // spotless:on
    }

    private static RedisStream streamAt(CommandCall c) {
        KeyEntry entry = c.db().lookupRead(c.argv()[2]);
        if (entry == null) {
            throw StreamArgs.NO_SUCH_KEY;
        }
        return StreamArgs.streamOf(entry);
    }

    private void consumers(CommandCall c) {
        RedisStream stream = streamAt(c);
        StreamGroup group = stream.group(c.argv()[3]);
        if (group == null) {
            throw StreamArgs.noGroupForKey(c.argv()[3], c.argv()[2]);
        }
        Reply reply = c.reply();
        long now = c.keyspace().now();
        reply.array(group.consumerCount());
        for (StreamConsumer consumer : group.consumers()) {
            reply.map(3);
            reply.bulk("name");
            reply.bulk(consumer.name());
            reply.bulk("pending");
            reply.integer(consumer.pendingCount());
            reply.bulk("idle");
            reply.integer(Math.max(0, now - consumer.seenTime()));
        }
    }

    private void groups(CommandCall c) {
        RedisStream stream = streamAt(c);
        Reply reply = c.reply();
        reply.array(stream.groupCount());
        for (StreamGroup group : stream.groups()) {
            reply.map(6);
            reply.bulk("name");
            reply.bulk(group.name());
            reply.bulk("consumers");
            reply.integer(group.consumerCount());
            reply.bulk("pending");
            reply.integer(group.pending().size());
            reply.bulk("last-delivered-id");
            StreamArgs.id(reply, group.lastId());
            reply.bulk("entries-read");
            entriesRead(reply, group);
            reply.bulk("lag");
            lag(reply, stream, group);
        }
    }

    private static void entriesRead(Reply reply, StreamGroup group) {
        if (group.entriesRead() == StreamGroup.ENTRIES_READ_UNKNOWN) {
            reply.nullBulk();
        } else {
            reply.integer(group.entriesRead());
        }
    }

    private static void lag(Reply reply, RedisStream stream, StreamGroup group) {
        Long lag = stream.lag(group);
        if (lag == null) {
            reply.nullBulk();
        } else {
            reply.integer(lag);
        }
    }

    /** XINFO STREAM key [FULL [COUNT n]]: any other shape is Redis's subcommand error. */
    private void stream(CommandCall c) {
        byte[][] argv = c.argv();
        int options = argv.length - 3;
        boolean full = true;
        long count = 10;
        if (options == 0) {
            full = false;
        } else if (options == 1 || options == 3) {
            if (!Args.is(argv[3], "FULL")) {
                throw subcommandSyntax(c);
            }
            if (options == 3) {
                if (!Args.is(argv[4], "COUNT")) {
                    throw subcommandSyntax(c);
                }
                count = Args.toLong(argv[5]);
                if (count < 0) {
                    count = 10;
                }
            }
        } else {
            throw subcommandSyntax(c);
        }
        RedisStream stream = streamAt(c);
        Reply reply = c.reply();
        reply.map(full ? 9 : 10);
        reply.bulk("length");
        reply.integer(stream.length());
        reply.bulk("radix-tree-keys");
        reply.integer(stream.nodeCount());
        reply.bulk("radix-tree-nodes");
        reply.integer(stream.radixTreeNodes());
        reply.bulk("last-generated-id");
        StreamArgs.id(reply, stream.lastId());
        reply.bulk("max-deleted-entry-id");
        StreamArgs.id(reply, stream.maxDeletedId());
        reply.bulk("entries-added");
        reply.integer(stream.entriesAdded());
        reply.bulk("recorded-first-entry-id");
        StreamArgs.id(reply, stream.firstId());
        if (!full) {
            reply.bulk("groups");
            reply.integer(stream.groupCount());
            reply.bulk("first-entry");
            edgeEntry(reply, stream, false);
            reply.bulk("last-entry");
            edgeEntry(reply, stream, true);
            return;
        }
        reply.bulk("entries");
        StreamArgs.entries(reply, StreamArgs.range(stream, StreamId.MIN, StreamId.MAX, count, false));
        reply.bulk("groups");
        reply.array(stream.groupCount());
        for (StreamGroup group : stream.groups()) {
            reply.map(7);
            reply.bulk("name");
            reply.bulk(group.name());
            reply.bulk("last-delivered-id");
            StreamArgs.id(reply, group.lastId());
            reply.bulk("entries-read");
            entriesRead(reply, group);
            reply.bulk("lag");
            lag(reply, stream, group);
            reply.bulk("pel-count");
            reply.integer(group.pending().size());
            reply.bulk("pending");
            List<Map.Entry<StreamId, StreamNack>> pel = first(group.pending(), count);
            reply.array(pel.size());
            for (Map.Entry<StreamId, StreamNack> e : pel) {
                reply.array(4);
                StreamArgs.id(reply, e.getKey());
                reply.bulk(e.getValue().consumer().name());
                reply.integer(e.getValue().deliveryTime());
                reply.integer(e.getValue().deliveryCount());
            }
            reply.bulk("consumers");
            reply.array(group.consumerCount());
            for (StreamConsumer consumer : group.consumers()) {
                reply.map(4);
                reply.bulk("name");
                reply.bulk(consumer.name());
                reply.bulk("seen-time");
                reply.integer(consumer.seenTime());
                reply.bulk("pel-count");
                reply.integer(consumer.pendingCount());
                reply.bulk("pending");
                List<Map.Entry<StreamId, StreamNack>> own = first(consumer.pending(), count);
                reply.array(own.size());
                for (Map.Entry<StreamId, StreamNack> e : own) {
                    reply.array(3);
                    StreamArgs.id(reply, e.getKey());
                    reply.integer(e.getValue().deliveryTime());
                    reply.integer(e.getValue().deliveryCount());
                }
            }
        }
    }

    private static List<Map.Entry<StreamId, StreamNack>> first(
            java.util.NavigableMap<StreamId, StreamNack> pel, long count) {
        List<Map.Entry<StreamId, StreamNack>> out = new java.util.ArrayList<>();
        for (Map.Entry<StreamId, StreamNack> e : pel.entrySet()) {
            if (count != 0 && out.size() >= count) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    private static void edgeEntry(Reply reply, RedisStream stream, boolean last) {
        List<StreamArgs.Entry> edge = StreamArgs.range(stream, StreamId.MIN, StreamId.MAX, 1, last);
        if (edge.isEmpty()) {
            reply.nullBulk();
        } else {
            StreamArgs.entry(reply, edge.get(0).id(), edge.get(0).fieldValues());
        }
    }

    private static RedisError subcommandSyntax(CommandCall c) {
        return new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                + StreamArgs.cText(c.argv()[1]) + "'. Try XINFO HELP.");
    }

    private void help(CommandCall c) {
        Help.reply(
                c.reply(),
                "XINFO",
                "CONSUMERS <key> <groupname>",
                "    Show consumers of <groupname>.",
                "GROUPS <key>",
                "    Show the stream consumer groups.",
                "STREAM <key> [FULL [COUNT <count>]",
                "    Show information about the stream.");
    }
}
