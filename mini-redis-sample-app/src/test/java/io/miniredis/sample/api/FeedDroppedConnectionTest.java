package io.miniredis.sample.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.sample.SampleApplication;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.testing.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The feed when Redis drops the application's connection in the middle of a post: Lettuce reconnects and sends the
 * command again, so the post goes through, is kept once and reaches a live stream once. The fault closes the
 * connection instead of running the command, so the resent command is the only one that ran.
 */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mini-redis.port=0", SampleApiContract.ORDER_POLL})
class FeedDroppedConnectionTest {

    @LocalServerPort
    int httpPort;

    @Autowired
    MiniRedisServer server;

    @Autowired
    StringRedisTemplate redis;

    Http http;

    @BeforeEach
    void emptyFeed() {
        http = new Http(httpPort);
        redis.delete(java.util.List.of("feed:events", "feed:seq"));
    }

    @AfterEach
    void noFaults() {
        server.faults().clear(); // the starter's test execution listener does it too
    }

    @Test
    void aPostSurvivesADroppedConnection() throws Exception {
        try (SseReader stream = SseReader.open(http, null)) {
            stream.next("ready");
            Fault drop = server.faults().on("RPUSH").key("feed:events").times(1).dropConnection();

            Http.Response posted = http.post("/api/feed", "{\"author\": \"ada\", \"text\": \"through a drop\"}");

            assertThat(posted.status()).isEqualTo(201);
            assertThat(drop.hits()).isEqualTo(1);
            SseReader.Event live = stream.next("post");
            assertThat(Http.parse(live.data()).get("text").asString()).isEqualTo("through a drop");
            assertThat(http.get("/api/feed").json()).hasSize(1);
        }
    }

    @Test
    void aPublishLostWithItsConnectionIsSentAgainAndArrivesOnce() throws Exception {
        try (SseReader stream = SseReader.open(http, null)) {
            stream.next("ready");
            Fault drop = server.faults().on("PUBLISH").times(1).dropConnection();

            long first = http.post("/api/feed", "{\"text\": \"first\"}")
                    .json()
                    .get("id")
                    .asLong();
            long second = http.post("/api/feed", "{\"text\": \"second\"}")
                    .json()
                    .get("id")
                    .asLong();

            assertThat(drop.hits()).isEqualTo(1);
            assertThat(stream.next("post").id()).isEqualTo(Long.toString(first));
            assertThat(stream.next("post").id()).isEqualTo(Long.toString(second));
            assertThat(http.get("/api/feed").json()).hasSize(2);
        }
    }
}
