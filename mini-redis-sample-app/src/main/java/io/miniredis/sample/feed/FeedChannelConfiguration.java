package io.miniredis.sample.feed;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * This instance's one subscription to the feed's channel, on the auto-configured connection factory (the embedded
 * server or, in the {@code external} profile, the other Redis): a pub/sub connection of its own, however many
 * browsers are connected.
 */
@Configuration(proxyBeanMethods = false)
class FeedChannelConfiguration {

    /**
     * Just before the web server: every stream is opened on a live subscription, so what its history read misses
     * arrives on the channel; and the subscription ends only after the web server has stopped.
     */
    static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;

    @Bean
    RedisMessageListenerContainer feedListenerContainer(
            RedisConnectionFactory connectionFactory, FeedChannelListener listener) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        // The listener only decodes and hands over to the broadcaster's thread: run it as each message arrives, in
        // order (the default executor starts a thread per message, which may reorder them).
        container.setTaskExecutor(new SyncTaskExecutor());
        container.addMessageListener(listener, new ChannelTopic(FeedLog.CHANNEL));
        container.setPhase(PHASE);
        return container;
    }
}
