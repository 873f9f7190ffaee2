package io.miniredis.pubsub;

import io.miniredis.protocol.Reply;
import io.miniredis.stats.ServerStats;
import io.miniredis.util.Glob;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who listens to what: channels, patterns and shard channels, each to its subscribers in subscription order, and
 * the delivery of messages to them. Keyspace thread only, like everything that runs commands; the counts are also
 * published in volatile fields for monitoring from other threads.
 *
 * <p>A message is written where Redis would have it in the subscriber's output: into the running reply when the
 * subscriber is the client whose command publishes (or is being served), otherwise queued and flushed at the end of
 * the current keyspace task (see {@link ClientPushes}). Each queued message checks the subscriber's output buffer
 * limit, so a subscriber that does not read is disconnected instead of growing the server's memory.
 */
public final class PubSubRegistry {

    /** What a client subscribes to; each kind has its own namespace and its own confirmation words. */
    public enum Kind {
        CHANNEL("subscribe", "unsubscribe"),
        PATTERN("psubscribe", "punsubscribe"),
        SHARD("ssubscribe", "sunsubscribe");

        final byte[] subscribeWord;
        final byte[] unsubscribeWord;

        Kind(String subscribe, String unsubscribe) {
            this.subscribeWord = subscribe.getBytes(StandardCharsets.US_ASCII);
            this.unsubscribeWord = unsubscribe.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SMESSAGE = "smessage".getBytes(StandardCharsets.US_ASCII);

    private final Map<ChannelName, LinkedHashSet<ClientSubscriptions>> channels = new HashMap<>();
    /** Insertion-ordered so that a subscriber of several matching patterns gets them in a stable order. */
    private final Map<ChannelName, LinkedHashSet<ClientSubscriptions>> patterns = new LinkedHashMap<>();

    private final Map<ChannelName, LinkedHashSet<ClientSubscriptions>> shardChannels = new HashMap<>();
    private final Supplier<EventExecutor> keyspaceThread;
    private final ServerStats stats;
    private final InstantSource clock;
    /** Subscribers with queued pushes, flushed together at the end of the current keyspace task. */
    private final List<ClientSubscriptions> toFlush = new ArrayList<>();

    private final Runnable flushTask = this::flush;
    private boolean flushScheduled;
    private volatile int channelCount;
    private volatile int patternCount;
    private volatile int shardChannelCount;

    public PubSubRegistry(Supplier<EventExecutor> keyspaceThread, ServerStats stats, InstantSource clock) {
        this.keyspaceThread = keyspaceThread;
        this.stats = stats;
        this.clock = clock;
    }

    // ---- subscriptions ----------------------------------------------------------------------------------------

    /** Subscribes {@code client} to {@code name} (again is a no-op) and confirms it with a push, as Redis does. */
    public void subscribe(Subscriber client, Kind kind, byte[] name) {
        ClientSubscriptions mine = subscriptionsOf(client);
        ChannelName key = new ChannelName(name);
        if (own(mine, kind).add(key)) {
            registry(kind).computeIfAbsent(key, k -> new LinkedHashSet<>()).add(mine);
            updateCounts();
        }
        client.subscribed(true);
        confirm(client, kind.subscribeWord, name, count(mine, kind));
    }

    /** Unsubscribes {@code client} from {@code name}, confirming it even when it was not subscribed. */
    public void unsubscribe(Subscriber client, Kind kind, byte[] name) {
        ClientSubscriptions mine = subscriptionsOf(client);
        remove(client, mine, kind, new ChannelName(name));
        client.subscribed(mine.any());
        confirm(client, kind.unsubscribeWord, name, count(mine, kind));
    }

    /** A bare UNSUBSCRIBE (or P/S): one confirmation per subscription, or one with a null name when there is none. */
    public void unsubscribeAll(Subscriber client, Kind kind) {
        ClientSubscriptions mine = subscriptionsOf(client);
        LinkedHashSet<ChannelName> own = own(mine, kind);
        if (own.isEmpty()) {
            confirm(client, kind.unsubscribeWord, null, count(mine, kind));
            return;
        }
        for (ChannelName name : own.toArray(ChannelName[]::new)) {
            remove(client, mine, kind, name);
            client.subscribed(mine.any());
            confirm(client, kind.unsubscribeWord, name.bytes(), count(mine, kind));
        }
    }

    /** RESET or a closed connection: every subscription goes, without confirmations; queued pushes are dropped. */
    public void forget(Subscriber client) {
        ClientSubscriptions mine = client.subscriptions();
        if (mine == null) {
            return;
        }
        for (Kind kind : Kind.values()) {
            for (ChannelName name : own(mine, kind).toArray(ChannelName[]::new)) {
                remove(client, mine, kind, name);
            }
        }
        client.subscribed(false);
        if (!client.channel().isActive()) {
            mine.pushes.release();
        }
    }

    private void remove(Subscriber client, ClientSubscriptions mine, Kind kind, ChannelName name) {
        if (!own(mine, kind).remove(name)) {
            return;
        }
        Map<ChannelName, LinkedHashSet<ClientSubscriptions>> registry = registry(kind);
        LinkedHashSet<ClientSubscriptions> subscribers = registry.get(name);
        if (subscribers != null) {
            subscribers.remove(mine);
            if (subscribers.isEmpty()) {
                registry.remove(name);
            }
        }
        updateCounts();
    }

    private static ClientSubscriptions subscriptionsOf(Subscriber client) {
        ClientSubscriptions mine = client.subscriptions();
        if (mine == null) {
            mine = new ClientSubscriptions(client);
            client.subscriptions(mine);
        }
        return mine;
    }

    private static LinkedHashSet<ChannelName> own(ClientSubscriptions mine, Kind kind) {
        return switch (kind) {
            case CHANNEL -> mine.channels;
            case PATTERN -> mine.patterns;
            case SHARD -> mine.shardChannels;
        };
    }

    private Map<ChannelName, LinkedHashSet<ClientSubscriptions>> registry(Kind kind) {
        return switch (kind) {
            case CHANNEL -> channels;
            case PATTERN -> patterns;
            case SHARD -> shardChannels;
        };
    }

    /** The count a confirmation carries: channels and patterns together, shard channels on their own. */
    private static int count(ClientSubscriptions mine, Kind kind) {
        return kind == Kind.SHARD ? mine.shardChannelCount() : mine.channelsAndPatterns();
    }

    private void updateCounts() {
        channelCount = channels.size();
        patternCount = patterns.size();
        shardChannelCount = shardChannels.size();
    }

    // ---- publishing -------------------------------------------------------------------------------------------

    /**
     * PUBLISH: delivers to the channel's subscribers, then to the subscribers of every matching pattern (one message
     * per matching pattern). Returns the number of messages delivered.
     */
    public int publish(byte[] channel, byte[] message) {
        int receivers = 0;
        if (!channels.isEmpty()) {
            LinkedHashSet<ClientSubscriptions> subscribers = channels.get(new ChannelName(channel));
            if (subscribers != null) {
                for (ClientSubscriptions subscriber : subscribers) {
                    deliver(subscriber, MESSAGE, null, channel, message);
                    receivers++;
                }
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<ChannelName, LinkedHashSet<ClientSubscriptions>> entry : patterns.entrySet()) {
                byte[] pattern = entry.getKey().bytes();
                if (Glob.matches(pattern, channel, false)) {
                    for (ClientSubscriptions subscriber : entry.getValue()) {
                        deliver(subscriber, PMESSAGE, pattern, channel, message);
                        receivers++;
                    }
                }
            }
        }
        return receivers;
    }

    /** SPUBLISH: shard channel subscribers only (patterns never see shard messages). */
    public int publishShard(byte[] channel, byte[] message) {
        LinkedHashSet<ClientSubscriptions> subscribers =
                shardChannels.isEmpty() ? null : shardChannels.get(new ChannelName(channel));
        if (subscribers == null) {
            return 0;
        }
        for (ClientSubscriptions subscriber : subscribers) {
            deliver(subscriber, SMESSAGE, null, channel, message);
        }
        return subscribers.size();
    }

    /** Whether anyone listens at all: keyspace notifications skip building channel names when nobody does. */
    public boolean hasSubscribers() {
        return !channels.isEmpty() || !patterns.isEmpty();
    }

    private void confirm(Subscriber client, byte[] word, byte[] name, long count) {
        Reply reply = client.reply();
        ByteBuf running = reply.buffer();
        if (running == null) {
            return; // not from a command of this client: cannot happen, but never write into nothing
        }
        int start = running.writerIndex();
        reply.push(3).bulk(word);
        if (name == null) {
            reply.nullBulk();
        } else {
            reply.bulk(name);
        }
        reply.integer(count);
        client.subscriptions().pushes.recordInReply(running, start, running.writerIndex());
    }

    private void deliver(
            ClientSubscriptions subscriptions, byte[] kind, byte[] pattern, byte[] channel, byte[] payload) {
        Subscriber to = subscriptions.owner;
        ClientPushes pushes = subscriptions.pushes;
        Reply reply = to.reply();
        ByteBuf running = reply.buffer();
        if (running != null) {
            int start = running.writerIndex();
            writeMessage(reply, kind, pattern, channel, payload);
            pushes.recordInReply(running, start, running.writerIndex());
            return;
        }
        Channel connection = to.channel();
        if (pushes.closing() || !connection.isActive()) {
            return;
        }
        ByteBuf pending = pushes.pending(connection.alloc());
        reply.target(pending);
        try {
            writeMessage(reply, kind, pattern, channel, payload);
        } finally {
            reply.target(null);
        }
        if (to.outputLimitExceeded(pending.readableBytes(), clock.millis())) {
            pushes.close();
            connection.close();
            return;
        }
        if (!pushes.flushQueued) {
            pushes.flushQueued = true;
            toFlush.add(subscriptions);
            if (!flushScheduled) {
                flushScheduled = true;
                keyspaceThread.get().execute(flushTask);
            }
        }
    }

    private static void writeMessage(Reply reply, byte[] kind, byte[] pattern, byte[] channel, byte[] payload) {
        reply.push(pattern == null ? 3 : 4).bulk(kind);
        if (pattern != null) {
            reply.bulk(pattern);
        }
        reply.bulk(channel).bulk(payload);
    }

    /** Writes every queued push out, one write and flush per subscriber. */
    private void flush() {
        flushScheduled = false;
        for (ClientSubscriptions subscriptions : toFlush) {
            Subscriber client = subscriptions.owner;
            ClientPushes pushes = subscriptions.pushes;
            pushes.flushQueued = false;
            ByteBuf out = pushes.takePending();
            if (out == null) {
                continue;
            }
            if (client.channel().isActive()) {
                stats.bytesOut(out.readableBytes());
                client.channel().writeAndFlush(out, client.channel().voidPromise());
            } else {
                out.release();
            }
        }
        toFlush.clear();
    }

    // ---- introspection ----------------------------------------------------------------------------------------

    /** PUBSUB CHANNELS / SHARDCHANNELS: active channels matching {@code pattern} (all when null). */
    public List<byte[]> activeChannels(Kind kind, byte[] pattern) {
        List<byte[]> names = new ArrayList<>();
        for (ChannelName name : registry(kind).keySet()) {
            if (pattern == null || Glob.matches(pattern, name.bytes(), false)) {
                names.add(name.bytes());
            }
        }
        return names;
    }

    /** PUBSUB NUMSUB / SHARDNUMSUB: the subscribers of one channel (pattern subscribers not counted). */
    public int subscriberCount(Kind kind, byte[] channel) {
        LinkedHashSet<ClientSubscriptions> subscribers = registry(kind).get(new ChannelName(channel));
        return subscribers == null ? 0 : subscribers.size();
    }

    /** Channels with at least one subscriber: INFO pubsub_channels. Any thread. */
    public int channelCount() {
        return channelCount;
    }

    /** Distinct patterns subscribed to: INFO pubsub_patterns and PUBSUB NUMPAT. Any thread. */
    public int patternCount() {
        return patternCount;
    }

    /** Shard channels with at least one subscriber: INFO pubsubshard_channels. Any thread. */
    public int shardChannelCount() {
        return shardChannelCount;
    }
}
