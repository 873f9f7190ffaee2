package io.miniredis.sample.api;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's HTTP API, the same in both modes: run by {@link EmbeddedModeTest} against the embedded server and by
 * {@link ExternalModeTest} against a separate mini-redis. Each test starts from an empty Redis (FLUSHALL).
 */
abstract class SampleApiContract {

    /** Test properties shared by both modes: a short lookup latency and a small rate limit. */
    static final String LATENCY = "sample.catalog-latency=200ms";
    static final String RATE_LIMIT = "sample.rate-limit.requests=3";
    static final String RATE_WINDOW = "sample.rate-limit.window=30s";
    static final String POLL = "sample.feed.poll-interval=50ms";

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
        assertThat(http.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
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
        assertThat(Http.parse(redis.opsForValue().get("products::3")).get("name").asString()).isEqualTo("Burr grinder");
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
        assertThat(http.post("/api/leaderboard/ada/points", "{\"points\": 30}").json().get("rank").asLong()).isEqualTo(1);
        http.post("/api/leaderboard/grace/points", "{\"points\": 50}");
        http.post("/api/leaderboard/linus/points", "{\"points\": 10}");
        JsonNode ada = http.post("/api/leaderboard/ada/points", "{\"points\": 25.5}").json();
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
    void leaderboardRefusesBadInput() {
        assertThat(http.post("/api/leaderboard/a%0Ab/points", "{\"points\": 1}").status()).isEqualTo(400);
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

        // The window is the counter's lifetime: INCR counted, EXPIRE set the TTL.
        assertThat(redis.opsForValue().get("ratelimit:alice")).isEqualTo("4");
        assertThat(redis.getExpire("ratelimit:alice")).isBetween(1L, 30L);

        // The window ends when the counter expires; the next request opens a new one.
        redis.delete("ratelimit:alice");
        assertThat(http.get("/api/limited", "X-Client-Id", "alice").status()).isEqualTo(200);
    }

    @Test
    void rateLimiterGivesAnExpiryToACounterThatLostIt() {
        redis.opsForValue().set("ratelimit:carol", "10");
        assertThat(http.get("/api/limited", "X-Client-Id", "carol").status()).isEqualTo(429);
        assertThat(redis.getExpire("ratelimit:carol")).isBetween(1L, 30L);
    }

    @Test
    void feedPostsAreKeptInARedisList() {
        JsonNode posted = http.post("/api/feed", "{\"author\": \"ada\", \"text\": \"  hello  \"}").json();
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

            long id = http.post("/api/feed", "{\"author\": \"bob\", \"text\": \"live\"}").json().get("id").asLong();
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
    void feedStreamDeliversAnEventThatAWriterPushedLate() throws Exception {
        try (SseReader stream = SseReader.open(http, null)) {
            stream.next("ready");
            // Two writers took ids 1 and 2 (INCR); the one with 2 pushed first.
            redis.opsForList().rightPush("feed:events", event(2, "second"));
            assertThat(stream.next("post").id()).isEqualTo("2");
            redis.opsForList().rightPush("feed:events", event(1, "first"));
            assertThat(stream.next("post").id()).isEqualTo("1");
        }
    }

    private static String event(long id, String text) {
        return "{\"id\":" + id + ",\"author\":\"test\",\"text\":\"" + text + "\",\"time\":\"2026-01-01T00:00:00Z\"}";
    }

    /** Reads a Server-Sent Events stream on its own thread; {@link #next} waits a bounded time for an event. */
    static final class SseReader implements AutoCloseable {

        record Event(String id, String name, String data) {
        }

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final InputStream body;
        private final Thread thread;

        private SseReader(InputStream body) {
            this.body = body;
            this.thread = new Thread(this::read, "sse-reader");
            thread.setDaemon(true);
            thread.start();
        }

        static SseReader open(Http http, String lastEventId) throws Exception {
            var request = lastEventId == null ? http.request("/api/feed/stream", "Accept", "text/event-stream")
                    : http.request("/api/feed/stream", "Accept", "text/event-stream", "Last-Event-ID", lastEventId);
            HttpResponse<InputStream> response = http.client().send(request.GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            return new SseReader(response.body());
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String name = "message";
                List<String> data = new ArrayList<>();
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(id, name, String.join("\n", data)));
                        }
                        id = null;
                        name = "message";
                        data.clear();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.add(line.substring(5).strip());
                    }
                }
            } catch (Exception e) {
                // closed by the test
            }
        }

        Event next(String name) throws InterruptedException {
            Event event = events.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an SSE event named " + name).isNotNull();
            assertThat(event.name()).isEqualTo(name);
            return event;
        }

        @Override
        public void close() throws Exception {
            body.close();
            thread.interrupt();
        }
    }
}
