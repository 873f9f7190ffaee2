package io.miniredis.sample.feed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listens on the feed's channel for this instance ({@link FeedChannelConfiguration}): each message, a
 * {@link FeedEvent} as JSON, goes to the {@link FeedBroadcaster}.
 *
 * <p>Pub/sub does not replay what was published while a subscriber was away (the connection dropped, Redis
 * restarted, the client resubscribed): when the channel is subscribed again the streams are restarted, and the
 * browsers get what they missed from the history when they reconnect. The first subscription, at startup, comes
 * before the web server takes requests, so it has no streams to restart.
 */
@Component
class FeedChannelListener implements MessageListener, SubscriptionListener {

    private static final Logger log = LoggerFactory.getLogger(FeedChannelListener.class);

    private final FeedBroadcaster broadcaster;
    private final JsonMapper json;

    FeedChannelListener(FeedBroadcaster broadcaster, JsonMapper json) {
        this.broadcaster = broadcaster;
        this.json = json;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        FeedEvent event;
        try {
            event = json.readValue(message.getBody(), FeedEvent.class);
        } catch (JacksonException e) {
            log.warn("Ignored a message on {} that is not a feed event: {}", FeedLog.CHANNEL, e.getOriginalMessage());
            return;
        }
        broadcaster.broadcast(event);
    }

    @Override
    public void onChannelSubscribed(byte[] channel, long count) {
        broadcaster.restartStreams();
    }
}
