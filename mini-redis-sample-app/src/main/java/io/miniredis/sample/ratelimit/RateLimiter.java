package io.miniredis.sample.ratelimit;

import io.miniredis.sample.SampleProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

/**
 * A fixed-window rate limiter: one counter per client, {@code ratelimit:<client>}, counted up by INCR and deleted
 * by its expiry when the window ends. The first request of a window creates the counter and sets its expiry, so
 * the window is the key's lifetime and {@code TTL} says when the client may try again. Every application instance
 * sharing the Redis shares the counters.
 *
 * <p>One Lua script does the INCR, the EXPIRE and the TTL atomically on the server (sent with EVALSHA, the script
 * is cached there): no instance can stop between the INCR and the EXPIRE and leave a counter that never expires,
 * and one round trip answers the request.
 */
@Service
public class RateLimiter {

    private static final String PREFIX = "ratelimit:";

    /** KEYS[1] the counter, ARGV[1] the window in seconds; returns {count, seconds left in the window}. */
    private static final RedisScript<List> COUNT_IN_WINDOW = RedisScript.of("""
            local count = redis.call('INCR', KEYS[1])
            local ttl = redis.call('TTL', KEYS[1])
            if ttl < 0 then
              redis.call('EXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {count, ttl}
            """, List.class);

    private final StringRedisTemplate redis;
    private final int limit;
    private final Duration window;

    public RateLimiter(StringRedisTemplate redis, SampleProperties properties) {
        this.redis = redis;
        this.limit = properties.rateLimit().requests();
        this.window =
                Duration.ofSeconds(Math.max(1, properties.rateLimit().window().toSeconds()));
    }

    /** Counts one request of the client and says whether it is allowed. */
    public Decision acquire(String client) {
        List<?> result = redis.execute(COUNT_IN_WINDOW, List.of(PREFIX + client), Long.toString(window.toSeconds()));
        long used = ((Number) result.get(0)).longValue();
        long resetSeconds = ((Number) result.get(1)).longValue();
        return new Decision(used <= limit, limit, Math.max(0, limit - used), resetSeconds);
    }

    /**
     * @param allowed      whether the request may go ahead
     * @param limit        requests per window
     * @param remaining    requests left in this window
     * @param resetSeconds seconds until the window ends (the counter's TTL)
     */
    public record Decision(boolean allowed, int limit, long remaining, long resetSeconds) {}
}
