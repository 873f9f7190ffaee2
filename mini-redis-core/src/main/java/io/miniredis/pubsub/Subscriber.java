package io.miniredis.pubsub;

import io.miniredis.protocol.Reply;
import io.netty.channel.Channel;

/**
 * What pub/sub needs of a client (the server's ClientSession is one): where its replies go, its connection, where
 * it keeps its subscriptions, and whether pushes queued for it are past its output buffer limit. Pub/sub keys its
 * subscribers by their {@link ClientSubscriptions}, which point back here; it knows nothing else of a client.
 */
public interface Subscriber {

    /** The client's reply writer: while one of its commands runs, its target is that command's reply buffer. */
    Reply reply();

    /** Its connection. */
    Channel channel();

    /** Its subscriptions, or null before its first subscription. */
    ClientSubscriptions subscriptions();

    void subscriptions(ClientSubscriptions subscriptions);

    /** Pub/sub mode: any subscription at all (a RESP2 client may then only (un)subscribe, PING, QUIT, RESET). */
    void subscribed(boolean subscribed);

    /** Whether {@code pendingBytes} queued for it now are past its output buffer limit (it is then disconnected). */
    boolean outputLimitExceeded(int pendingBytes, long nowMillis);
}
