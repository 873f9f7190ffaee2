package io.miniredis.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.miniredis.boot.test.MiniRedisTest.Isolation;
import io.miniredis.testing.ServerClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import redis.clients.jedis.Jedis;

/**
 * The manual clock through the extension, each test on its own server and running alongside the others: what would
 * take half an hour of sleeping takes an advance() call, with Lettuce and Jedis.
 */
@MiniRedisTest(isolation = Isolation.METHOD, clock = ServerClock.Mode.MANUAL, config = "notify-keyspace-events Ex")
@Execution(ExecutionMode.CONCURRENT)
class ManualClockExtensionTest {

    @Test
    void lettuceHearsTheExpiredEventOfASessionAfterHalfAnHour(@MiniRedisPort int port, ServerClock clock)
            throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try (StatefulRedisPubSubConnection<String, String> events = client.connectPubSub();
                var connection = client.connect()) {
            BlockingQueue<String> expired = new LinkedBlockingQueue<>();
            events.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    expired.add(message);
                }
            });
            events.sync().subscribe("__keyevent@0__:expired");
            connection.sync().setex("session:1", Duration.ofMinutes(30).toSeconds(), "ada");

            clock.advance(Duration.ofMinutes(29));
            assertThat(connection.sync().ttl("session:1")).isEqualTo(60);
            clock.advance(Duration.ofMinutes(1));

            assertThat(expired.poll(10, TimeUnit.SECONDS)).isEqualTo("session:1");
            assertThat(connection.sync().exists("session:1")).isZero();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void jedisBlpopTimesOutWhenTheClockPassesItsTimeout(@MiniRedisPort int port, ServerClock clock) throws Exception {
        try (Jedis waiter = new Jedis("127.0.0.1", port);
                Jedis other = new Jedis("127.0.0.1", port)) {
            CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> waiter.blpop(60, "jobs"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!other.info("clients").contains("blocked_clients:1\r\n")) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(2);
            }
            clock.advance(Duration.ofSeconds(60));
            assertThat(popped.get(10, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void jedisSeesTheClockInTimeAndTtl(@MiniRedisPort int port, ServerClock clock) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            clock.fix(java.time.Instant.parse("2030-06-01T12:00:00Z"));
            assertThat(jedis.time().get(0)).isEqualTo("1906545600");
            jedis.expireAt("missing", 1);
            jedis.set("k", "v");
            jedis.expireAt("k", 1906545600L + 3600);
            assertThat(jedis.ttl("k")).isEqualTo(3600);
        }
    }
}
