package io.miniredis.pubsub;

import io.netty.buffer.ByteBuf;
import java.util.LinkedHashSet;

/**
 * One client's side of pub/sub: the channels, patterns and shard channels it is subscribed to (in subscription
 * order, which is the order a bare UNSUBSCRIBE reports them in), and its queue of push messages. The registry keys
 * subscribers by this object, which points back to its {@link Subscriber}. Created on the client's first
 * subscription; keyspace thread only.
 */
public final class ClientSubscriptions {

    final LinkedHashSet<ChannelName> channels = new LinkedHashSet<>();
    final LinkedHashSet<ChannelName> patterns = new LinkedHashSet<>();
    final LinkedHashSet<ChannelName> shardChannels = new LinkedHashSet<>();
    final ClientPushes pushes = new ClientPushes();
    /** The client these are, for delivering to it. */
    final Subscriber owner;

    ClientSubscriptions(Subscriber owner) {
        this.owner = owner;
    }

    /** CLIENT LIST {@code sub=}. */
    public int channelCount() {
        return channels.size();
    }

    /** CLIENT LIST {@code psub=}. */
    public int patternCount() {
        return patterns.size();
    }

    /** CLIENT LIST {@code ssub=}. */
    public int shardChannelCount() {
        return shardChannels.size();
    }

    /** The count SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE and PUNSUBSCRIBE reply with. */
    int channelsAndPatterns() {
        return channels.size() + patterns.size();
    }

    /** Whether the client is in pub/sub mode: any subscription, shard channels included. */
    boolean any() {
        return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
    }

    /** Out-of-band pushes waiting to be written, in bytes (part of the client's output buffer). */
    public int pendingPushBytes() {
        return pushes.pendingBytes();
    }

    /**
     * The pushes queued for this client, to be written before a reply batch (ownership passes to the caller); null
     * when there are none.
     */
    public ByteBuf takePendingPushes() {
        return pushes.takePending();
    }

    /** CLIENT REPLY OFF/SKIP: cuts the reply back to {@code mark} but keeps the pushes written since. */
    public void dropRepliesSince(ByteBuf out, int mark) {
        pushes.dropRepliesSince(out, mark);
    }
}
