package io.miniredis.sample.feed;

import io.miniredis.sample.SampleProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed in Redis. Each post is kept in a list of JSON events, {@code feed:events}, newest last, trimmed to the
 * last {@code sample.feed.history} events: the history a new stream is sent first. It is also PUBLISHed, the same
 * JSON, on {@code feed:live}, to which every application instance sharing the Redis is subscribed
 * ({@link FeedChannelConfiguration}), so a post made through one instance reaches the streams of all of them. Ids
 * come from INCR on {@code feed:seq}.
 */
@Service
public class FeedLog {

    static final String EVENTS = "feed:events";
    static final String SEQUENCE = "feed:seq";
    static final String CHANNEL = "feed:live";

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

    /**
     * INCR for the id, RPUSH, LTRIM to the history length, then PUBLISH. Kept before it is published: a stream that
     * subscribed too late to receive the message finds the event in the list it reads after subscribing.
     */
    public FeedEvent post(String author, String text) {
        Long id = redis.opsForValue().increment(SEQUENCE);
        FeedEvent event = new FeedEvent(id == null ? 0 : id, author, text, clock.instant());
        String entry = json.writeValueAsString(event);
        redis.opsForList().rightPush(EVENTS, entry);
        redis.opsForList().trim(EVENTS, -history, -1);
        redis.convertAndSend(CHANNEL, entry);
        return event;
    }

    /** LRANGE 0 -1: the kept events, oldest first (at most the history length, so the read stays small). */
    public List<FeedEvent> recent() {
        List<String> entries = redis.opsForList().range(EVENTS, 0, -1);
        return entries == null
                ? List.of()
                : entries.stream()
                        .map(entry -> json.readValue(entry, FeedEvent.class))
                        .toList();
    }
}
