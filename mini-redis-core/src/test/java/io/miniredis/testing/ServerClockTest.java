package io.miniredis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.miniredis.server.MiniRedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The manual clock through real clients: what Redis would have done while the time passed (expiry with its
 * notifications, blocking timeouts) is done when advance() returns, and every view of time (TTL, TIME, OBJECT
 * IDLETIME, Lua) follows it. Nothing here sleeps: waits are for replies the server already sent.
 */
class ServerClockTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final ServerClock clock = ServerClock.manual(START);
    private MiniRedisServer server;
    private RedisClient lettuce;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void start() {
        server = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .clock(clock)
                .build()
                .start();
        lettuce = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        connection = lettuce.connect();
        redis = connection.sync();
    }

    @AfterEach
    void stop() {
        connection.close();
        lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        server.close();
    }

    @Test
    void theCommandTimeFromTheMonotonicReadingIsTheWallClocksMillisecond() throws InterruptedException {
        ServerClock system = ServerClock.system();
        for (int i = 0; i < 300; i++) {
            long before = System.currentTimeMillis();
            long at = system.millisAt(System.nanoTime());
            long after = System.currentTimeMillis();
            // the wall clock's own reading and ours may fall on either side of a millisecond's edge
            assertThat(at).isBetween(before - 1, after + 1);
            if (i % 50 == 0) {
                Thread.sleep(110); // past the reading's 100 ms: taken again
            }
        }
        ServerClock manual = ServerClock.manual(Instant.ofEpochMilli(1234));
        assertThat(manual.millisAt(System.nanoTime())).isEqualTo(1234);
    }

    @Test
    void ttlsCountDownWithTheClockAndKeysGoWhenItPassesThem() {
        redis.setex("session", 100, "abc");
        clock.advance(Duration.ofSeconds(30));
        assertThat(redis.ttl("session")).isEqualTo(70);
        clock.advance(Duration.ofMillis(69_999));
        assertThat(redis.pttl("session")).isEqualTo(1);
        assertThat(redis.dbsize()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        // removed by the clock's move, not by this read: DBSIZE counts keys that are stored, expired or not
        assertThat(redis.dbsize()).isZero();
        assertThat(redis.info("stats")).contains("expired_keys:1\r\n");
    }

    @Test
    void expiredEventsArePublishedBeforeAdvanceReturnsInTheOrderOfExpiry() throws Exception {
        redis.configSet("notify-keyspace-events", "Ex");
        StatefulRedisPubSubConnection<String, String> subscriber = lettuce.connectPubSub();
        BlockingQueue<String> expired = new LinkedBlockingQueue<>();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                expired.add(message);
            }
        });
        subscriber.sync().subscribe("__keyevent@0__:expired");
        redis.set("a", "1", io.lettuce.core.SetArgs.Builder.px(3000));
        redis.set("b", "1", io.lettuce.core.SetArgs.Builder.px(1000));
        redis.set("c", "1", io.lettuce.core.SetArgs.Builder.px(2000));
        redis.set("later", "1", io.lettuce.core.SetArgs.Builder.px(60_000));

        clock.advance(Duration.ofSeconds(5));

        assertThat(List.of(next(expired), next(expired), next(expired))).containsExactly("b", "c", "a");
        assertThat(redis.keys("*")).containsExactly("later");
        subscriber.close();
    }

    @Test
    void anExpiryOnAdvanceIsWrittenToTheAofAsADel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (MiniRedisServer aof = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .clock(clock)
                        .dir(dir)
                        .appendOnly(true)
                        .build()
                        .start();
                Jedis jedis = new Jedis("127.0.0.1", aof.port())) {
            jedis.psetex("gone", 1000, "v");
            clock.advance(Duration.ofSeconds(1));
            String incr;
            try (var files = java.nio.file.Files.list(dir.resolve("appendonlydir"))) {
                java.nio.file.Path file = files.filter(f -> f.toString().endsWith(".incr.aof"))
                        .findFirst()
                        .orElseThrow();
                incr = java.nio.file.Files.readString(file);
            }
            assertThat(incr).endsWith("*2\r\n$3\r\nDEL\r\n$4\r\ngone\r\n");
        }
    }

    @Test
    void timeAndScriptsAndIdleTimeFollowTheClock() {
        assertThat(redis.time()).containsExactly(Long.toString(START.getEpochSecond()), "0");
        clock.fix(START.plusSeconds(10).plusNanos(123_456_000));
        assertThat(redis.time()).containsExactly(Long.toString(START.getEpochSecond() + 10), "123456");
        List<Object> luaTime = redis.eval("return redis.call('TIME')", io.lettuce.core.ScriptOutputType.MULTI);
        assertThat(luaTime).containsExactly(Long.toString(START.getEpochSecond() + 10), "123456");

        redis.set("k", "v");
        clock.advance(Duration.ofSeconds(100));
        assertThat(redis.objectIdletime("k")).isEqualTo(100);
        assertThat(redis.clientList()).contains(" age=110 "); // connected at START
    }

    @Test
    void fixingAnEarlierTimeExpiresNothing() {
        redis.psetex("k", 1000, "v");
        clock.fix(START.minusSeconds(3600));
        assertThat(redis.pttl("k")).isEqualTo(3_601_000);
        clock.fix(START.plusSeconds(1));
        assertThat(redis.dbsize()).isZero();
    }

    @Test
    void lettuceBlockingCommandsTimeOutWhenTheClockPassesTheirTimeout() throws Exception {
        StatefulRedisConnection<String, String> waiter = lettuce.connect();
        RedisFuture<?> blpop = waiter.async().blpop(5, "queue");
        awaitBlocked(1);
        clock.advance(Duration.ofMillis(4999));
        assertThat(redis.info("clients")).contains("blocked_clients:1\r\n");
        assertThat(blpop.isDone()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(blpop.get(10, TimeUnit.SECONDS)).isNull();

        redis.xadd("stream", "f", "v");
        RedisFuture<?> xread = waiter.async()
                .xread(XReadArgs.Builder.block(Duration.ofSeconds(2)), XReadArgs.StreamOffset.latest("stream"));
        awaitBlocked(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(xread.get(10, TimeUnit.SECONDS)).asList().isEmpty();
        waiter.close();
    }

    @Test
    void jedisBlockingCommandsTimeOutInTheOrderOfTheirDeadlines() throws Exception {
        try (Jedis first = new Jedis("127.0.0.1", server.port());
                Jedis second = new Jedis("127.0.0.1", server.port())) {
            CompletableFuture<Object> zpop = CompletableFuture.supplyAsync(() -> first.bzpopmin(30, "scores"));
            awaitBlocked(1);
            CompletableFuture<List<String>> brpop = CompletableFuture.supplyAsync(() -> second.brpop(10, "list"));
            awaitBlocked(2);
            clock.advance(Duration.ofSeconds(10));
            assertThat(brpop.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(zpop).isNotDone();
            assertThat(redis.info("clients")).contains("blocked_clients:1\r\n");
            clock.advance(Duration.ofSeconds(20));
            assertThat(zpop.get(10, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void withSeveralIoThreadsTheCatchUpRunsOnTheKeyspaceThreadToo() throws Exception {
        try (MiniRedisServer threaded = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .ioThreads(2)
                        .clock(clock)
                        .build()
                        .start();
                Jedis waiter = new Jedis("127.0.0.1", threaded.port());
                Jedis jedis = new Jedis("127.0.0.1", threaded.port())) {
            jedis.setex("k", 5, "v");
            CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> waiter.blpop(3, "q"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!jedis.info("clients").contains("blocked_clients:1\r\n")) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(2);
            }
            clock.advance(Duration.ofSeconds(5));
            assertThat(popped.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(jedis.dbSize()).isZero();
        }
    }

    @Test
    void oneClockDrivesEveryServerBuiltWithIt() {
        try (MiniRedisServer other = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .clock(clock)
                        .build()
                        .start();
                Jedis jedis = new Jedis("127.0.0.1", other.port())) {
            jedis.setex("k", 1, "v");
            redis.setex("k", 1, "v");
            clock.advance(Duration.ofSeconds(1));
            assertThat(jedis.dbSize()).isZero();
            assertThat(redis.dbsize()).isZero();
        }
    }

    @Test
    void theSystemClockCannotBeMoved() {
        try (MiniRedisServer system =
                MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start()) {
            assertThat(system.clock().isManual()).isFalse();
            assertThatThrownBy(() -> system.clock().advance(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("system clock")
                    .hasMessageContaining("ServerClock.manual()");
            assertThatThrownBy(() -> system.clock().fix(Instant.EPOCH)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private void awaitBlocked(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!redis.info("clients").contains("blocked_clients:" + n + "\r\n")) {
            assertThat(System.nanoTime()).as("%d blocked clients", n).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private static String next(BlockingQueue<String> queue) throws InterruptedException {
        String message = queue.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("a message within 10 s").isNotNull();
        return message;
    }
}
