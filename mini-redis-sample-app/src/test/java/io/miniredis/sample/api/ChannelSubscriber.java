package io.miniredis.sample.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain Redis client subscribed to one channel, outside the application: what another instance sees. */
final class ChannelSubscriber implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    ChannelSubscriber(int port, String channel) {
        client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                messages.add(message);
            }
        });
        connection.sync().subscribe(channel);
    }

    /** The next message, which must come within a few seconds. */
    String next() throws InterruptedException {
        String message = messages.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message on the channel").isNotNull();
        return message;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
