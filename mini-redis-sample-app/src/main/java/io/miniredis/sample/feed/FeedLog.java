package io.miniredis.sample.feed;

import io.miniredis.sample.SampleProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.List;

/**
 * The feed's event log: a Redis list of JSON events, {@code feed:events}, newest last, trimmed to the last
 * {@code sample.feed.history} events; ids come from INCR on {@code feed:seq}. Every application instance sharing
 * the Redis reads the same log, so a post made through one instance reaches the subscribers of all of them.
 */
@Service
public class FeedLog {

    static final String EVENTS = "feed:events";
    static final String SEQUENCE = "feed:seq";

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final int history;
    private final Clock clock;

    public FeedLog(StringRedisTemplate redis, JsonMapper json, SampleProperties properties) {
        this.redis = redis;
        this.json = json;
        this.history = properties.feed().history();
        this.clock = Clock.systemUTC();
    }

    /** INCR for the id, RPUSH, LTRIM to the history length. */
    public FeedEvent post(String author, String text) {
        Long id = redis.opsForValue().increment(SEQUENCE);
        FeedEvent event = new FeedEvent(id == null ? 0 : id, author, text, clock.instant());
        redis.opsForList().rightPush(EVENTS, json.writeValueAsString(event));
        redis.opsForList().trim(EVENTS, -history, -1);
        return event;
    }

    /** LRANGE 0 -1: the kept events, oldest first (at most the history length, so the read stays small). */
    public List<FeedEvent> recent() {
        List<String> entries = redis.opsForList().range(EVENTS, 0, -1);
        return entries == null ? List.of()
                : entries.stream().map(entry -> json.readValue(entry, FeedEvent.class)).toList();
    }
}
