package io.miniredis.sample.feed;

import io.miniredis.sample.SampleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the feed's events to the browsers subscribed over Server-Sent Events.
 *
 * <p>One poller per application instance reads the event log ({@link FeedLog}, LRANGE on a short list) every
 * {@code sample.feed.poll-interval} while anyone is subscribed, and sends each subscriber the events it had not
 * seen: a Redis round trip per interval however many browsers are connected, none when nobody is. An event is new
 * when the previous read did not have it, so an event pushed late by a slower writer (ids are taken with INCR
 * before the RPUSH) is still delivered.
 *
 * <p>TODO: when the server has PUBLISH/SUBSCRIBE, {@link FeedLog#post} also PUBLISHes each event on a channel and a
 * {@code RedisMessageListenerContainer} replaces the poller; the list stays as the history a new subscriber, or
 * one reconnecting with {@code Last-Event-ID}, is sent first.
 */
@Component
public class FeedBroadcaster implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedBroadcaster.class);

    /** A browser's EventSource reconnects by itself (with Last-Event-ID) when the stream ends; this bounds a stream. */
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final FeedLog feed;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final List<SseEmitter> subscribers = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** The ids of the previous read of the log, guarded by {@link #lock}. */
    private Set<Long> seen = Set.of();
    private ScheduledExecutorService scheduler;

    public FeedBroadcaster(FeedLog feed, SampleProperties properties) {
        this.feed = feed;
        this.pollInterval = properties.feed().pollInterval();
        this.heartbeat = properties.feed().heartbeat();
    }

    /**
     * A new stream: first the kept events after {@code lastEventId} (all of them when null), then every new one.
     * Both happen under the poller's lock, so nothing is sent twice or missed in between.
     */
    public SseEmitter subscribe(Long lastEventId) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        emitter.onCompletion(() -> subscribers.remove(emitter));
        emitter.onTimeout(() -> subscribers.remove(emitter));
        emitter.onError(error -> subscribers.remove(emitter));
        synchronized (lock) {
            List<FeedEvent> events = read();
            try {
                for (FeedEvent event : events) {
                    if (lastEventId == null || event.id() > lastEventId) {
                        emitter.send(toSse(event));
                    }
                }
                // An event that opens the stream at once, so the browser sees it connected even with no history.
                emitter.send(SseEmitter.event().name("ready").data("{}", MediaType.APPLICATION_JSON));
            } catch (IOException e) {
                emitter.completeWithError(e);
                return emitter;
            }
            subscribers.add(emitter);
        }
        return emitter;
    }

    /** One poll: reads the log and sends what the previous read did not have. */
    void poll() {
        if (subscribers.isEmpty()) {
            return;
        }
        try {
            synchronized (lock) {
                Set<Long> before = seen;
                List<FeedEvent> fresh = new ArrayList<>();
                for (FeedEvent event : read()) {
                    if (!before.contains(event.id())) {
                        fresh.add(event);
                    }
                }
                for (FeedEvent event : fresh) {
                    sendToAll(toSse(event));
                }
            }
        } catch (RuntimeException e) {
            // Redis unreachable for a moment: try again at the next poll, the browsers stay connected.
            log.warn("Could not read the feed's event log: {}", e.toString());
        }
    }

    private List<FeedEvent> read() {
        List<FeedEvent> events = feed.recent();
        Set<Long> ids = new HashSet<>();
        for (FeedEvent event : events) {
            ids.add(event.id());
        }
        seen = ids;
        return events;
    }

    /** A comment line keeps idle streams open through proxies and finds the browsers that went away. */
    void heartbeat() {
        synchronized (lock) {
            sendToAll(SseEmitter.event().comment("keep-alive"));
        }
    }

    /** Called under {@link #lock}, so each stream gets its events whole and in order. */
    private void sendToAll(SseEmitter.SseEventBuilder event) {
        for (SseEmitter emitter : subscribers) {
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(emitter);
                emitter.completeWithError(e);
            }
        }
    }

    private static SseEmitter.SseEventBuilder toSse(FeedEvent event) {
        return SseEmitter.event().id(Long.toString(event.id())).name("post").data(event, MediaType.APPLICATION_JSON);
    }

    int subscribers() {
        return subscribers.size();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "feed-poller");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every stream before the web server's graceful shutdown begins (this phase stops first), which would
     * otherwise wait for these never-ending requests; browsers reconnect to another instance.
     */
    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        for (SseEmitter emitter : subscribers) {
            emitter.complete();
        }
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
