package io.miniredis.sample.feed;

import io.miniredis.sample.SampleProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * This instance's live streams over Server-Sent Events: opens them, sends each the events that this instance's one
 * subscription to the feed's channel receives ({@link FeedChannelListener}), keeps them alive with a heartbeat, and
 * ends them at shutdown.
 *
 * <p>One thread, {@code feed-sender}, sends the live events in the order they arrived, and the heartbeats: the
 * subscription's listener only hands them over, so a slow browser never holds up the Redis client's I/O thread.
 */
@Component
public class FeedBroadcaster implements SmartLifecycle, DisposableBean {

    /** A browser's EventSource reconnects by itself (with Last-Event-ID) when the stream ends; this bounds a stream. */
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final FeedLog feed;
    private final Duration heartbeat;
    private final List<FeedStream> streams = new CopyOnWriteArrayList<>();
    /** Its thread starts with the first task, so an event that comes before {@link #start()} is not refused. */
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "feed-sender");
        thread.setDaemon(true);
        return thread;
    });

    private volatile ScheduledFuture<?> heartbeats;

    public FeedBroadcaster(FeedLog feed, SampleProperties properties) {
        this.feed = feed;
        this.heartbeat = properties.feed().heartbeat();
    }

    /**
     * A new stream: first the kept events after {@code lastEventId} (all of them when null), then every new one. The
     * stream takes live events before the history is read, so none falls between the two ({@link FeedStream}).
     */
    public SseEmitter subscribe(Long lastEventId) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        FeedStream stream = new FeedStream(emitter);
        emitter.onCompletion(() -> streams.remove(stream));
        emitter.onTimeout(() -> streams.remove(stream));
        emitter.onError(error -> streams.remove(stream));
        streams.add(stream);
        List<FeedEvent> kept;
        try {
            kept = feed.recent();
        } catch (RuntimeException e) {
            streams.remove(stream);
            throw e;
        }
        try {
            stream.replay(kept, lastEventId);
        } catch (IOException | IllegalStateException e) {
            drop(stream, e);
        }
        return emitter;
    }

    /** An event received on the feed's channel, for every stream of this instance. */
    void broadcast(FeedEvent event) {
        onSender(() -> {
            for (FeedStream stream : streams) {
                try {
                    stream.live(event);
                } catch (IOException | IllegalStateException e) {
                    drop(stream, e);
                }
            }
        });
    }

    /**
     * Ends every stream, after the events already handed over: the browsers reconnect with Last-Event-ID and are sent
     * what they missed from the history. For when the subscription was lost for a while, which the channel does not
     * make up for.
     */
    void restartStreams() {
        onSender(this::endStreams);
    }

    /** A comment line keeps idle streams open through proxies and finds the browsers that went away. */
    void heartbeat() {
        for (FeedStream stream : streams) {
            try {
                stream.comment("keep-alive");
            } catch (IOException | IllegalStateException e) {
                drop(stream, e);
            }
        }
    }

    private void onSender(Runnable task) {
        try {
            sender.execute(task);
        } catch (RejectedExecutionException e) {
            // Shutting down: the streams are ended already.
        }
    }

    private void drop(FeedStream stream, Exception cause) {
        streams.remove(stream);
        stream.emitter().completeWithError(cause);
    }

    private void endStreams() {
        for (FeedStream stream : streams) {
            streams.remove(stream);
            stream.emitter().complete();
        }
    }

    @Override
    public void start() {
        heartbeats = sender.scheduleWithFixedDelay(
                this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every stream before the web server's graceful shutdown begins (this phase stops first), which would
     * otherwise wait for these never-ending requests; browsers reconnect to another instance.
     */
    @Override
    public void stop() {
        ScheduledFuture<?> running = heartbeats;
        if (running != null) {
            running.cancel(false);
            heartbeats = null;
        }
        endStreams();
    }

    @Override
    public boolean isRunning() {
        return heartbeats != null;
    }

    @Override
    public void destroy() {
        sender.shutdownNow();
    }
}
