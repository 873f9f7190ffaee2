package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.miniredis.support.LocalServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Blocking pops through real client libraries, unchanged, across two connections: one waits in BLPOP (Jedis on a
 * thread of its own, Lettuce asynchronously), the other pushes, and the waiter gets the element.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockingClientLibrariesTest {

    @RegisterExtension
    final LocalServer server = new LocalServer();

    /** Waits until the server counts {@code n} blocked clients. */
    private void awaitBlocked(Jedis jedis, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!jedis.info("clients").contains("blocked_clients:" + n + "\r\n")) {
            assertThat(System.nanoTime()).as("%d blocked clients in time", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void jedisBlpopServedByAPushFromAnotherConnection() throws Exception {
        try (Jedis waiter = new Jedis("127.0.0.1", server.port());
                Jedis pusher = new Jedis("127.0.0.1", server.port())) {
            CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> waiter.blpop(0, "jedis:q"));
            awaitBlocked(pusher, 1);
            assertThat(popped).isNotDone();
            assertThat(pusher.rpush("jedis:q", "job-1", "job-2")).isEqualTo(2);
            assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly("jedis:q", "job-1");
            assertThat(pusher.lrange("jedis:q", 0, -1)).containsExactly("job-2");

            assertThat(waiter.brpop(0.05, "jedis:empty")).isNull(); // fractional timeout
            CompletableFuture<String> moved =
                    CompletableFuture.supplyAsync(() -> waiter.brpoplpush("jedis:src", "jedis:dst", 0));
            awaitBlocked(pusher, 1);
            pusher.lpush("jedis:src", "x");
            assertThat(moved.get(10, TimeUnit.SECONDS)).isEqualTo("x");
            assertThat(pusher.lrange("jedis:dst", 0, -1)).containsExactly("x");
        }
    }

    @Test
    void jedisClientsAreServedFirstComeFirstServed() throws Exception {
        try (Jedis first = new Jedis("127.0.0.1", server.port());
                Jedis second = new Jedis("127.0.0.1", server.port());
                Jedis pusher = new Jedis("127.0.0.1", server.port())) {
            CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> first.blpop(0, "jedis:fifo"));
            awaitBlocked(pusher, 1);
            CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> second.blpop(0, "jedis:fifo"));
            awaitBlocked(pusher, 2);
            pusher.rpush("jedis:fifo", "1", "2");
            assertThat(a.get(10, TimeUnit.SECONDS)).containsExactly("jedis:fifo", "1");
            assertThat(b.get(10, TimeUnit.SECONDS)).containsExactly("jedis:fifo", "2");
        }
    }

    @Test
    void lettuceAsyncBlpopAndBlmove() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> waiting = client.connect();
                StatefulRedisConnection<String, String> pushing = client.connect()) {
            RedisAsyncCommands<String, String> async = waiting.async();
            RedisCommands<String, String> sync = pushing.sync();

            RedisFuture<KeyValue<String, String>> popped = async.blpop(0, "lettuce:q");
            awaitBlocked(1);
            assertThat(popped.isDone()).isFalse();
            sync.rpush("lettuce:q", "hello");
            KeyValue<String, String> value = popped.get(10, TimeUnit.SECONDS);
            assertThat(value.getKey()).isEqualTo("lettuce:q");
            assertThat(value.getValue()).isEqualTo("hello");

            // commands pipelined behind a blocked one wait for it
            RedisFuture<String> moved = async.blmove("lettuce:src", "lettuce:dst", LMoveArgs.Builder.leftRight(), 0);
            RedisFuture<String> ping = async.ping();
            awaitBlocked(1);
            assertThat(ping.isDone()).isFalse();
            sync.rpush("lettuce:src", "m");
            assertThat(moved.get(10, TimeUnit.SECONDS)).isEqualTo("m");
            assertThat(ping.get(10, TimeUnit.SECONDS)).isEqualTo("PONG");
            assertThat(sync.lrange("lettuce:dst", 0, -1)).containsExactly("m");

            RedisFuture<KeyValue<String, List<String>>> multi =
                    async.blmpop(0, LMPopArgs.Builder.right().count(2), "lettuce:a", "lettuce:b");
            awaitBlocked(1);
            sync.rpush("lettuce:b", "1", "2", "3");
            KeyValue<String, List<String>> popMany = multi.get(10, TimeUnit.SECONDS);
            assertThat(popMany.getKey()).isEqualTo("lettuce:b");
            assertThat(popMany.getValue()).containsExactly("3", "2");

            assertThat(async.brpop(0.05, "lettuce:none").get(10, TimeUnit.SECONDS))
                    .isNull();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private void awaitBlocked(int n) throws InterruptedException {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            awaitBlocked(jedis, n);
        }
    }
}
