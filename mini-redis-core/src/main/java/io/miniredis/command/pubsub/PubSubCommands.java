package io.miniredis.command.pubsub;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.Help;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.PubSubRegistry;
import io.miniredis.pubsub.PubSubRegistry.Kind;
import java.util.List;

/**
 * Pub/Sub: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBEs, PUBLISH, SPUBLISH and the PUBSUB
 * introspection subcommands. The registry ({@link PubSubRegistry}) keeps the subscriptions and delivers; the
 * dispatcher restricts a subscribed RESP2 client to these commands, PING, QUIT and RESET.
 */
public final class PubSubCommands implements CommandFamily {

    @Override
    public String group() {
        return "pubsub";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("subscribe", -2, "pubsub noscript loading stale subscribed_ok", c -> subscribe(c, Kind.CHANNEL)),
                command("unsubscribe", -1, "pubsub noscript loading stale subscribed_ok", c -> unsubscribe(c, Kind.CHANNEL)),
                command("psubscribe", -2, "pubsub noscript loading stale subscribed_ok", c -> subscribe(c, Kind.PATTERN)),
                command("punsubscribe", -1, "pubsub noscript loading stale subscribed_ok", c -> unsubscribe(c, Kind.PATTERN)),
                command("publish", 3, "pubsub loading stale fast may_replicate", this::publish),
                container("pubsub", "",
                        command("channels", -2, "pubsub loading stale", c -> channels(c, Kind.CHANNEL)),
                        command("numsub", -2, "pubsub loading stale", c -> numsub(c, Kind.CHANNEL)),
                        command("numpat", 2, "pubsub loading stale",
                                c -> c.reply().integer(c.server().pubsub().patternCount())),
                        command("shardchannels", -2, "pubsub loading stale", c -> channels(c, Kind.SHARD)),
                        command("shardnumsub", -2, "pubsub loading stale", c -> numsub(c, Kind.SHARD)),
                        command("help", 2, "loading stale", this::help)),
                command("ssubscribe", -2, "pubsub noscript loading stale subscribed_ok", 1, -1, 1, c -> subscribe(c, Kind.SHARD)),
                command("sunsubscribe", -1, "pubsub noscript loading stale subscribed_ok", 1, -1, 1, c -> unsubscribe(c, Kind.SHARD)),
                command("spublish", 3, "pubsub loading stale fast may_replicate", 1, 1, 1, this::spublish));
        // spotless:on
    }

    /** One confirmation per name, in argument order (a repeated name is confirmed again). */
    private static void subscribe(CommandCall c, Kind kind) {
        if (c.client().denyBlocking() && !c.client().inMulti()) {
            // a script (DEBUG SET-DISABLE-DENY-SCRIPTS lets it get here) expects one reply per command: Redis refuses
            String name = switch (kind) {
                case CHANNEL -> "SUBSCRIBE";
                case PATTERN -> "PSUBSCRIBE";
                case SHARD -> "SSUBSCRIBE";
            };
            throw new RedisError("ERR " + name + " isn't allowed for a DENY BLOCKING client");
        }
        PubSubRegistry pubsub = c.server().pubsub();
        for (byte[] name : c.args().rest()) {
            pubsub.subscribe(c.client(), kind, name);
        }
    }

    private static void unsubscribe(CommandCall c, Kind kind) {
        PubSubRegistry pubsub = c.server().pubsub();
        byte[][] names = c.args().rest();
        if (names.length == 0) {
            pubsub.unsubscribeAll(c.client(), kind);
            return;
        }
        for (byte[] name : names) {
            pubsub.unsubscribe(c.client(), kind, name);
        }
    }

    private void publish(CommandCall c) {
        Args args = c.args();
        c.reply().integer(c.server().pubsub().publish(args.next(), args.next()));
    }

    private void spublish(CommandCall c) {
        Args args = c.args();
        c.reply().integer(c.server().pubsub().publishShard(args.next(), args.next()));
    }

    /** PUBSUB CHANNELS / SHARDCHANNELS [pattern]. */
    private static void channels(CommandCall c, Kind kind) {
        Args args = c.args();
        byte[] subcommand = args.next();
        if (args.remaining() > 1) {
            throw new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                    + CommandDispatcher.latin1(subcommand) + "'. Try PUBSUB HELP.");
        }
        byte[] pattern = args.hasNext() ? args.next() : null;
        List<byte[]> names = c.server().pubsub().activeChannels(kind, pattern);
        Reply reply = c.reply().array(names.size());
        for (byte[] name : names) {
            reply.bulk(name);
        }
    }

    /** PUBSUB NUMSUB / SHARDNUMSUB: channel, count pairs in argument order (an array, even in RESP3). */
    private static void numsub(CommandCall c, Kind kind) {
        PubSubRegistry pubsub = c.server().pubsub();
        byte[][] channels = c.args(2).rest();
        Reply reply = c.reply().array(channels.length * 2L);
        for (byte[] channel : channels) {
            reply.bulk(channel).integer(pubsub.subscriberCount(kind, channel));
        }
    }

    private void help(CommandCall c) {
        Help.reply(
                c.reply(),
                "PUBSUB",
                "CHANNELS [<pattern>]",
                "    Return the currently active channels matching a <pattern> (default: '*').",
                "NUMPAT",
                "    Return number of subscriptions to patterns.",
                "NUMSUB [<channel> ...]",
                "    Return the number of subscribers for the specified channels, excluding",
                "    pattern subscriptions(default: no channels).",
                "SHARDCHANNELS [<pattern>]",
                "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                "SHARDNUMSUB [<shardchannel> ...]",
                "    Return the number of subscribers for the specified shard level channel(s)");
    }
}
