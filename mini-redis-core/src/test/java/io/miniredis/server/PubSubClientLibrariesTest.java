package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import io.miniredis.support.LocalServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Pub/Sub through real client libraries, unchanged: Jedis's subscriber loop (RESP2), Lettuce's pub/sub connections
 * in RESP2 and in its default RESP3, where pushes arrive next to ordinary replies; and keyspace notifications
 * received through them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PubSubClientLibrariesTest {

    @RegisterExtension
    final LocalServer server = new LocalServer();

    /** Collects what a JedisPubSub receives as "kind|channel|message" lines. */
    private static final class Recorder extends JedisPubSub {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CountDownLatch subscribed = new CountDownLatch(1);

        @Override
        public void onMessage(String channel, String message) {
            received.add("message|" + channel + "|" + message);
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            received.add("pmessage|" + pattern + "|" + channel + "|" + message);
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            received.add("subscribe|" + channel + "|" + subscribedChannels);
            subscribed.countDown();
        }

        @Override
        public void onPSubscribe(String pattern, int subscribedChannels) {
            received.add("psubscribe|" + pattern + "|" + subscribedChannels);
        }

        @Override
        public void onPong(String pattern) {
            received.add("pong|" + pattern);
        }

        String next() throws InterruptedException {
            String item = received.poll(10, TimeUnit.SECONDS);
            assertThat(item).as("a message within 10 s").isNotNull();
            return item;
        }
    }

    @Test
    void jedisSubscriberLoop() throws Exception {
        Recorder recorder = new Recorder();
        try (Jedis subscriber = new Jedis("127.0.0.1", server.port());
                Jedis publisher = new Jedis("127.0.0.1", server.port())) {
            CompletableFuture<Void> loop =
                    CompletableFuture.runAsync(() -> subscriber.subscribe(recorder, "jedis:news"));
            assertThat(recorder.subscribed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(recorder.next()).isEqualTo("subscribe|jedis:news|1");
            recorder.psubscribe("jedis:*");
            assertThat(recorder.next()).isEqualTo("psubscribe|jedis:*|2");
            assertThat(publisher.publish("jedis:news", "hello")).isEqualTo(2);
            assertThat(recorder.next()).isEqualTo("message|jedis:news|hello");
            assertThat(recorder.next()).isEqualTo("pmessage|jedis:*|jedis:news|hello");
            assertThat(publisher.publish("jedis:other", "x")).isEqualTo(1);
            assertThat(recorder.next()).isEqualTo("pmessage|jedis:*|jedis:other|x");
            recorder.ping();
            assertThat(recorder.next()).isEqualTo("pong|");
            assertThat(publisher.pubsubNumSub("jedis:news")).containsEntry("jedis:news", 1L);
            assertThat(publisher.pubsubNumPat()).isEqualTo(1);

            publisher.configSet("notify-keyspace-events", "KEA");
            recorder.psubscribe("__keyevent@0__:*");
            assertThat(recorder.next()).isEqualTo("psubscribe|__keyevent@0__:*|3");
            publisher.set("jedis:key", "v");
            publisher.del("jedis:key");
            List<String> events = List.of(recorder.next(), recorder.next());
            assertThat(events)
                    .containsExactly(
                            "pmessage|__keyevent@0__:*|__keyevent@0__:set|jedis:key",
                            "pmessage|__keyevent@0__:*|__keyevent@0__:del|jedis:key");

            recorder.unsubscribe();
            recorder.punsubscribe();
            loop.get(10, TimeUnit.SECONDS);
            assertThat(publisher.publish("jedis:news", "nobody")).isZero();
        } finally {
            try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
                admin.configSet("notify-keyspace-events", "");
            }
        }
    }

    @Test
    void lettuceResp3PubSubRunsCommandsBetweenPushes() throws Exception {
        lettucePubSub(ProtocolVersion.RESP3);
    }

    @Test
    void lettuceResp2PubSub() throws Exception {
        lettucePubSub(ProtocolVersion.RESP2);
    }

    private void lettucePubSub(ProtocolVersion protocol) throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
                StatefulRedisPubSubConnection<String, String> publisher = client.connectPubSub()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + "=" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(pattern + ":" + channel + "=" + message);
                }
            });
            RedisPubSubCommands<String, String> sub = subscriber.sync();
            sub.subscribe("lettuce:ch");
            sub.psubscribe("lettuce:*");
            assertThat(publisher.sync().publish("lettuce:ch", "one")).isEqualTo(2);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("lettuce:ch=one");
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("lettuce:*:lettuce:ch=one");
            if (protocol == ProtocolVersion.RESP3) {
                // RESP3: a subscribed connection still runs ordinary commands, pushes arrive alongside
                assertThat(sub.set("lettuce:k", "v")).isEqualTo("OK");
                assertThat(sub.publish("lettuce:ch", "to-myself")).isEqualTo(2);
                assertThat(sub.get("lettuce:k")).isEqualTo("v");
                assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("lettuce:ch=to-myself");
                assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("lettuce:*:lettuce:ch=to-myself");

                publisher.sync().configSet("notify-keyspace-events", "KEA");
                sub.psubscribe("__keyspace@0__:lettuce:*");
                sub.set("lettuce:k", "w");
                assertThat(received.poll(10, TimeUnit.SECONDS))
                        .isEqualTo("__keyspace@0__:lettuce:*:__keyspace@0__:lettuce:k=set");
                publisher.sync().configSet("notify-keyspace-events", "");
            }
            assertThat(publisher.sync().pubsubNumsub("lettuce:ch")).containsEntry("lettuce:ch", 1L);
            sub.unsubscribe("lettuce:ch");
            sub.punsubscribe();
            assertThat(publisher.sync().publish("lettuce:ch", "nobody")).isZero();
            assertThat(received).isEmpty();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
