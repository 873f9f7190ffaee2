package io.miniredis.sample.ratelimit;

import io.miniredis.sample.SampleProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

import java.time.Duration;

/**
 * A fixed-window rate limiter: one counter per client, {@code ratelimit:<client>}, that INCR counts up and that
 * EXPIRE deletes when the window ends. The first request of a window creates the counter and sets its expiry, so
 * the window is the key's lifetime and {@code TTL} says when the client may try again. Every application instance
 * sharing the Redis shares the counters.
 *
 * <p>INCR and EXPIRE are two commands: were the application to stop between them, the counter would never expire
 * and the client would stay blocked. A counter found over the limit without an expiry therefore gets one. (A Lua
 * script doing both atomically is the usual alternative, once the server runs scripts.)
 */
@Service
public class RateLimiter {

    private static final String PREFIX = "ratelimit:";

    private final StringRedisTemplate redis;
    private final int limit;
    private final Duration window;

    public RateLimiter(StringRedisTemplate redis, SampleProperties properties) {
        this.redis = redis;
        this.limit = properties.rateLimit().requests();
        this.window = Duration.ofSeconds(Math.max(1, properties.rateLimit().window().toSeconds()));
    }

    /** Counts one request of the client and says whether it is allowed. */
    public Decision acquire(String client) {
        String key = PREFIX + client;
        Long count = redis.opsForValue().increment(key);
        long used = count == null ? 0 : count;
        if (used == 1) {
            redis.expire(key, window);
        }
        long resetSeconds = secondsLeft(key);
        if (resetSeconds < 0) {
            // The counter has no expiry (an EXPIRE that never ran): give it one rather than block for good.
            redis.expire(key, window);
            resetSeconds = window.toSeconds();
        }
        return new Decision(used <= limit, limit, Math.max(0, limit - used), resetSeconds);
    }

    private long secondsLeft(String key) {
        Long ttl = redis.getExpire(key);
        // -2: the key expired between INCR and TTL, so a new window starts with the next request.
        return ttl == null || ttl == -2 ? 0 : ttl;
    }

    /**
     * @param allowed      whether the request may go ahead
     * @param limit        requests per window
     * @param remaining    requests left in this window
     * @param resetSeconds seconds until the window ends (the counter's TTL)
     */
    public record Decision(boolean allowed, int limit, long remaining, long resetSeconds) {
    }
}
