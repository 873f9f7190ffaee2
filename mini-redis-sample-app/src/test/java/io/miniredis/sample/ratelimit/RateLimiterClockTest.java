package io.miniredis.sample.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.sample.SampleApplication;
import io.miniredis.sample.api.Http;
import io.miniredis.testing.ServerClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The rate limiter's window, tested by moving the embedded server's clock ({@code mini-redis.clock=manual}) instead of
 * waiting for it: the window is the counter's TTL, so it ends exactly when the clock passes it, and the next
 * request opens a new one. No sleep, and a one-minute window costs nothing.
 */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mini-redis.port=0",
            "mini-redis.clock=manual",
            "sample.rate-limit.requests=3",
            "sample.rate-limit.window=1m"
        })
class RateLimiterClockTest {

    @LocalServerPort
    int httpPort;

    @Autowired
    ServerClock clock;

    @Autowired
    StringRedisTemplate redis;

    Http http;

    @BeforeEach
    void emptyRedis() {
        http = new Http(httpPort);
        redis.delete("ratelimit:alice");
    }

    @Test
    void aDeniedClientIsAllowedAgainWhenTheWindowHasPassed() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/limited", "X-Client-Id", "alice").status())
                    .isEqualTo(200);
        }
        Http.Response denied = http.get("/api/limited", "X-Client-Id", "alice");
        assertThat(denied.status()).isEqualTo(429);
        assertThat(denied.header("Retry-After")).isEqualTo("60");

        clock.advance(Duration.ofSeconds(59));
        Http.Response stillDenied = http.get("/api/limited", "X-Client-Id", "alice");
        assertThat(stillDenied.status()).isEqualTo(429);
        assertThat(stillDenied.header("Retry-After")).isEqualTo("1");

        clock.advance(Duration.ofSeconds(1)); // the window's counter expires now, not after a minute of sleeping
        assertThat(redis.hasKey("ratelimit:alice")).isFalse();
        Http.Response allowed = http.get("/api/limited", "X-Client-Id", "alice");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json().get("remaining").asLong()).isEqualTo(2);
        assertThat(allowed.header("X-RateLimit-Reset")).isEqualTo("60");
    }
}
