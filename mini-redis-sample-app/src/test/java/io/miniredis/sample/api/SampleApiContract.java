package io.miniredis.sample.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KillArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The sample's HTTP API, the same in both modes: run by {@link EmbeddedModeTest} against the embedded server and by
 * {@link ExternalModeTest} against a separate mini-redis. Each test starts from an empty Redis (FLUSHALL).
 */
abstract class SampleApiContract {

    /** Test properties shared by both modes: a short lookup latency and a small rate limit. */
    static final String LATENCY = "sample.catalog-latency=200ms";

    static final String RATE_LIMIT = "sample.rate-limit.requests=3";
    static final String RATE_WINDOW = "sample.rate-limit.window=30s";
    /** The order worker takes a little while over each order, and polls briefly. */
    static final String ORDER_PROCESSING = "sample.orders.processing-time=300ms";

    static final String ORDER_POLL = "sample.orders.poll-timeout=200ms";

    @LocalServerPort
    int httpPort;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    RedisConnectionFactory connectionFactory;

    Http http;

    @BeforeEach
    void emptyRedis() {
        http = new Http(httpPort);
        try (RedisConnection connection = connectionFactory.getConnection()) {
            connection.serverCommands().flushAll();
        }
    }

    /** Which Redis this mode should report: {@code embedded} or {@code external}. */
    abstract String expectedMode();

    /** The port of the Redis the application should be using. */
    abstract int expectedRedisPort();

    @Test
    void infoSaysWhichRedis() {
        JsonNode info = http.get("/api/info").json();
        assertThat(info.get("mode").asString()).isEqualTo(expectedMode());
        assertThat(info.get("port").asInt()).isEqualTo(expectedRedisPort());
        assertThat(info.get("product").asString()).isEqualTo("mini-redis");
        assertThat(info.get("version").asString()).isEqualTo("7.0.15");
    }

    @Test
    void probesAreUpAndReadinessWatchesRedis() {
        assertThat(http.get("/actuator/health/liveness").json().get("status").asString())
                .isEqualTo("UP");
        JsonNode readiness = http.get("/actuator/health/readiness").json();
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/redis/status").asString()).isEqualTo("UP");
    }

    @Test
    void slowLookupIsCachedInRedisAsJson() {
        Http.Response first = http.get("/api/products/3");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("cached").asBoolean()).isFalse();
        assertThat(first.json().get("millis").asLong()).isGreaterThanOrEqualTo(200);
        assertThat(first.json().at("/product/name").asString()).isEqualTo("Burr grinder");

        Http.Response second = http.get("/api/products/3");
        assertThat(second.json().get("cached").asBoolean()).isTrue();
        assertThat(second.json().get("product")).isEqualTo(first.json().get("product"));

        // Kept by the RedisCacheManager as JSON, with the TTL of spring.cache.redis.time-to-live.
        assertThat(Http.parse(redis.opsForValue().get("products::3"))
                        .get("name")
                        .asString())
                .isEqualTo("Burr grinder");
        assertThat(redis.getExpire("products::3")).isBetween(1L, 60L);

        assertThat(http.delete("/api/products/3/cache").status()).isEqualTo(204);
        assertThat(redis.hasKey("products::3")).isFalse();
        assertThat(http.get("/api/products/3").json().get("cached").asBoolean()).isFalse();
    }

    @Test
    void unknownProductIsNotFoundAndNotCached() {
        assertThat(http.get("/api/products/42").status()).isEqualTo(404);
        assertThat(redis.hasKey("products::42")).isFalse();
    }

    @Test
    void leaderboardRanksPlayersBySortedSetScore() {
        assertThat(http.post("/api/leaderboard/ada/points", "{\"points\": 30}")
                        .json()
                        .get("rank")
                        .asLong())
                .isEqualTo(1);
        http.post("/api/leaderboard/grace/points", "{\"points\": 50}");
        http.post("/api/leaderboard/linus/points", "{\"points\": 10}");
        JsonNode ada =
                http.post("/api/leaderboard/ada/points", "{\"points\": 25.5}").json();
        assertThat(ada.get("score").asDouble()).isEqualTo(55.5);
        assertThat(ada.get("rank").asLong()).isEqualTo(1);
        assertThat(ada.get("ahead").asLong()).isEqualTo(2);

        JsonNode top = http.get("/api/leaderboard?count=2").json();
        assertThat(top.get("total").asLong()).isEqualTo(3);
        assertThat(top.get("players")).hasSize(2);
        assertThat(top.at("/players/0/player").asString()).isEqualTo("ada");
        assertThat(top.at("/players/1/player").asString()).isEqualTo("grace");
        assertThat(top.at("/players/1/score").asDouble()).isEqualTo(50);
        assertThat(top.at("/players/1/rank").asLong()).isEqualTo(2);

        JsonNode linus = http.get("/api/leaderboard/linus").json();
        assertThat(linus.get("rank").asLong()).isEqualTo(3);
        assertThat(linus.get("ahead").asLong()).isEqualTo(0);

        JsonNode set = http.put("/api/leaderboard/linus", "{\"score\": 100}").json();
        assertThat(set.get("rank").asLong()).isEqualTo(1);
        assertThat(redis.opsForZSet().score("leaderboard", "linus")).isEqualTo(100.0);

        assertThat(http.delete("/api/leaderboard/linus").status()).isEqualTo(204);
        assertThat(http.get("/api/leaderboard/linus").status()).isEqualTo(404);
        assertThat(http.delete("/api/leaderboard/linus").status()).isEqualTo(404);
    }

    @Test
    void ordersGoThroughAStreamAndAConsumerGroup() throws Exception {
        Http.Response placed = http.post("/api/orders", "{\"item\": \"desk lamp\", \"quantity\": 2}");
        assertThat(placed.status()).isEqualTo(201);
        String id = placed.json().get("id").asString();
        assertThat(placed.json().get("status").asString()).isEqualTo("queued");
        String second = http.post("/api/orders", "{\"item\": \"chair\"}")
                .json()
                .get("id")
                .asString();

        // XADD put them on the stream; the worker (consumer worker-1 of the group) takes and acknowledges each
        assertThat(redis.opsForStream().size("orders")).isEqualTo(2);
        JsonNode queue = awaitOrders(q -> q.at("/orders/0/status").asString().equals("done")
                && q.at("/orders/1/status").asString().equals("done"));
        assertThat(queue.at("/orders/0/id").asString()).isEqualTo(second);
        assertThat(queue.at("/orders/1/id").asString()).isEqualTo(id);
        assertThat(queue.at("/orders/1/item").asString()).isEqualTo("desk lamp");
        assertThat(queue.at("/orders/1/quantity").asLong()).isEqualTo(2);
        assertThat(queue.at("/orders/0/quantity").asLong()).isEqualTo(1);
        assertThat(queue.get("length").asLong()).isEqualTo(2);
        assertThat(queue.get("pending").asLong()).isZero();
        assertThat(queue.get("lag").asLong()).isZero();
        assertThat(redis.opsForStream().pending("orders", "fulfilment").getTotalPendingMessages())
                .isZero();
        var group = redis.opsForStream().groups("orders").get(0);
        assertThat(group.lastDeliveredId()).isEqualTo(second);
        assertThat(redis.opsForStream().consumers("orders", "fulfilment").get(0).consumerName())
                .isEqualTo("worker-1");
    }

    @Test
    void ordersRefuseBadInput() {
        assertThat(http.post("/api/orders", "{\"item\": \"\"}").status()).isEqualTo(400);
        assertThat(http.post("/api/orders", "{\"item\": \"a\\nb\"}").status()).isEqualTo(400);
        assertThat(http.post("/api/orders", "{\"item\": \"lamp\", \"quantity\": 0}")
                        .status())
                .isEqualTo(400);
        assertThat(http.get("/api/orders?count=0").status()).isEqualTo(400);
        assertThat(redis.opsForStream().size("orders")).isZero();
    }

    /** GET /api/orders until {@code done} says so (the worker runs on its own thread), at most 20 s. */
    private JsonNode awaitOrders(java.util.function.Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode queue = http.get("/api/orders").json();
        while (!done.test(queue) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            queue = http.get("/api/orders").json();
        }
        assertThat(done.test(queue)).as("orders now: %s", queue).isTrue();
        return queue;
    }

    @Test
    void leaderboardRefusesBadInput() {
        assertThat(http.post("/api/leaderboard/a%0Ab/points", "{\"points\": 1}").status())
                .isEqualTo(400);
        assertThat(http.post("/api/leaderboard/ada/points", "{}").status()).isEqualTo(400);
        assertThat(http.get("/api/leaderboard?count=0").status()).isEqualTo(400);
        assertThat(redis.hasKey("leaderboard")).isFalse();
    }

    @Test
    void rateLimiterAllowsTheLimitPerWindowAndClient() {
        for (int i = 1; i <= 3; i++) {
            Http.Response allowed = http.get("/api/limited", "X-Client-Id", "alice");
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.json().get("remaining").asLong()).isEqualTo(3 - i);
            assertThat(allowed.header("X-RateLimit-Limit")).isEqualTo("3");
        }
        Http.Response denied = http.get("/api/limited", "X-Client-Id", "alice");
        assertThat(denied.status()).isEqualTo(429);
        assertThat(denied.json().get("allowed").asBoolean()).isFalse();
        assertThat(Long.parseLong(denied.header("Retry-After"))).isBetween(1L, 30L);

        // Another client has its own counter.
        assertThat(http.get("/api/limited", "X-Client-Id", "bob").status()).isEqualTo(200);

        // The window is the counter's lifetime: the script's INCR counted, its EXPIRE set the TTL.
        assertThat(redis.opsForValue().get("ratelimit:alice")).isEqualTo("4");
        assertThat(redis.getExpire("ratelimit:alice")).isBetween(1L, 30L);

        // The window ends when the counter expires; the next request opens a new one.
        redis.delete("ratelimit:alice");
        assertThat(http.get("/api/limited", "X-Client-Id", "alice").status()).isEqualTo(200);
    }

    @Test
    void rateLimiterRunsAsOneCachedLuaScript() {
        assertThat(http.get("/api/limited", "X-Client-Id", "dave").status()).isEqualTo(200);
        // Spring Data Redis sends EVALSHA first (EVAL only when the server does not know the script yet)
        java.util.Properties commands =
                redis.execute((org.springframework.data.redis.core.RedisCallback<java.util.Properties>)
                        connection -> connection.serverCommands().info("commandstats"));
        assertThat(commands.stringPropertyNames()).containsAnyOf("cmdstat_evalsha", "cmdstat_eval");
    }

    @Test
    void rateLimiterGivesAnExpiryToACounterThatLostIt() {
        redis.opsForValue().set("ratelimit:carol", "10");
        assertThat(http.get("/api/limited", "X-Client-Id", "carol").status()).isEqualTo(429);
        assertThat(redis.getExpire("ratelimit:carol")).isBetween(1L, 30L);
    }

    @Test
    void feedPostsAreKeptInARedisList() {
        JsonNode posted = http.post("/api/feed", "{\"author\": \"ada\", \"text\": \"  hello  \"}")
                .json();
        assertThat(posted.get("text").asString()).isEqualTo("hello");
        http.post("/api/feed", "{\"text\": \"second\"}");
        JsonNode recent = http.get("/api/feed").json();
        assertThat(recent).hasSize(2);
        assertThat(recent.at("/1/author").asString()).isEqualTo("anonymous");
        assertThat(recent.at("/1/id").asLong()).isGreaterThan(recent.at("/0/id").asLong());
        assertThat(redis.opsForList().size("feed:events")).isEqualTo(2);
        assertThat(http.post("/api/feed", "{\"text\": \" \"}").status()).isEqualTo(400);
    }

    @Test
    void feedStreamSendsHistoryThenLiveEventsAndResumesAfterLastEventId() throws Exception {
        http.post("/api/feed", "{\"author\": \"ada\", \"text\": \"before\"}");
        try (SseReader stream = SseReader.open(http, null)) {
            SseReader.Event history = stream.next("post");
            assertThat(Http.parse(history.data()).get("text").asString()).isEqualTo("before");
            stream.next("ready");

            long id = http.post("/api/feed", "{\"author\": \"bob\", \"text\": \"live\"}")
                    .json()
                    .get("id")
                    .asLong();
            SseReader.Event live = stream.next("post");
            assertThat(live.id()).isEqualTo(Long.toString(id));
            assertThat(Http.parse(live.data()).get("author").asString()).isEqualTo("bob");

            // A browser reconnecting with Last-Event-ID gets only what it missed.
            http.post("/api/feed", "{\"text\": \"missed\"}");
            try (SseReader resumed = SseReader.open(http, Long.toString(id))) {
                SseReader.Event first = resumed.next("post");
                assertThat(Http.parse(first.data()).get("text").asString()).isEqualTo("missed");
                resumed.next("ready");
            }
        }
    }

    @Test
    void feedPostIsPublishedOnTheChannelAndReachesAStreamAtOnce() throws Exception {
        try (ChannelSubscriber channel = new ChannelSubscriber(expectedRedisPort(), "feed:live");
                SseReader stream = SseReader.open(http, null)) {
            stream.next("ready");
            long posted = System.nanoTime();
            long id = http.post("/api/feed", "{\"author\": \"ada\", \"text\": \"now\"}")
                    .json()
                    .get("id")
                    .asLong();
            assertThat(stream.next("post").id()).isEqualTo(Long.toString(id));
            // Pushed by the subscription: no poll interval to wait for (bounded generously for a busy machine).
            assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(2));

            // What every instance subscribed to the channel receives: the event as JSON.
            JsonNode message = Http.parse(channel.next());
            assertThat(message.get("id").asLong()).isEqualTo(id);
            assertThat(message.get("text").asString()).isEqualTo("now");
        }
    }

    @Test
    void feedStreamDeliversWhatAnotherInstancePublishes() throws Exception {
        try (PlainRedis otherInstance = new PlainRedis(expectedRedisPort());
                SseReader stream = SseReader.open(http, null)) {
            stream.next("ready");
            // Only in the list, never published: history for the streams opened later, not a live event.
            otherInstance.commands().rpush("feed:events", event(5, "kept only"));
            // Published by other instances' FeedLog: two writers took ids 8 and 9 (INCR), and 9 published first.
            assertThat(otherInstance.commands().publish("feed:live", event(9, "second")))
                    .isEqualTo(1);
            otherInstance.commands().publish("feed:live", event(8, "first"));
            SseReader.Event first = stream.next("post");
            assertThat(first.id()).isEqualTo("9");
            assertThat(Http.parse(first.data()).get("text").asString()).isEqualTo("second");
            assertThat(stream.next("post").id()).isEqualTo("8");
            stream.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    void streamsOpenedWhilePostsArriveGetEveryEventOnceAndInOrder() throws Exception {
        int posts = 60;
        Thread writer = new Thread(
                () -> {
                    for (int i = 0; i < posts; i++) {
                        http.post("/api/feed", "{\"text\": \"post " + i + "\"}");
                    }
                },
                "feed-writer");
        List<SseReader> streams = new ArrayList<>();
        try {
            writer.start();
            // Each stream's history read and subscription overlap the writer's posts differently.
            for (int i = 0; i < 8; i++) {
                streams.add(SseReader.open(http, null));
                Thread.sleep(10);
            }
            writer.join(Duration.ofSeconds(30).toMillis());
            long last = http.post("/api/feed", "{\"text\": \"last\"}")
                    .json()
                    .get("id")
                    .asLong();
            List<Long> all = LongStream.rangeClosed(1, last).boxed().toList();
            for (SseReader stream : streams) {
                // One writer, so ids are published in order: history then live, no gap, nothing twice.
                assertThat(stream.postIdsUntil(last)).containsExactlyElementsOf(all);
            }
        } finally {
            writer.join(Duration.ofSeconds(30).toMillis());
            for (SseReader stream : streams) {
                stream.close();
            }
        }
    }

    @Test
    void streamsRestartWhenTheSubscriptionWasLostAndResumeFromTheHistory() throws Exception {
        long seen =
                http.post("/api/feed", "{\"text\": \"seen\"}").json().get("id").asLong();
        try (SseReader stream = SseReader.open(http, null)) {
            stream.next("post");
            stream.next("ready");
            // Drop the application's pub/sub connection, as a network blip would: Lettuce reconnects and subscribes
            // again, and the streams end, since what was published in between never reaches them.
            try (PlainRedis operator = new PlainRedis(expectedRedisPort())) {
                assertThat(operator.commands().clientKill(KillArgs.Builder.typePubsub()))
                        .isEqualTo(1);
            }
            stream.awaitEnd();
        }
        long missed = http.post("/api/feed", "{\"text\": \"missed\"}")
                .json()
                .get("id")
                .asLong();
        // The browser reconnects with the last id it saw: the history fills the gap, then live events follow.
        try (SseReader resumed = SseReader.open(http, Long.toString(seen))) {
            assertThat(resumed.next("post").id()).isEqualTo(Long.toString(missed));
            resumed.next("ready");
            long live = http.post("/api/feed", "{\"text\": \"live\"}")
                    .json()
                    .get("id")
                    .asLong();
            assertThat(resumed.next("post").id()).isEqualTo(Long.toString(live));
        }
    }

    private static String event(long id, String text) {
        return "{\"id\":" + id + ",\"author\":\"test\",\"text\":\"" + text + "\",\"time\":\"2026-01-01T00:00:00Z\"}";
    }
}
