package io.miniredis.sample.feed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One browser's stream: the kept history first, then the live events, each event once and none lost in between.
 *
 * <p>The stream takes live events from before the history is read ({@link FeedBroadcaster#subscribe}): an event
 * published after that arrives live, one published before it is in the list (posts are kept before they are
 * published). The live events that arrive until the history has been sent wait, and every live event the history
 * read already had is skipped. The skip is by the ids that read held, not by the largest of them, so an event that a
 * slower writer published late, with a smaller id than the history's newest, is still delivered.
 *
 * <p>Sends come from the request thread (the history) and the broadcaster's thread (live events, heartbeats); they
 * are serialized here, so each event goes out whole and in order.
 */
final class FeedStream {

    private final SseEmitter emitter;
    /** Live events that arrived before the history was sent; null once it has been. Guarded by this. */
    private List<FeedEvent> waiting = new ArrayList<>();
    /** The ids of the events the history read held, whether or not after Last-Event-ID. Guarded by this. */
    private Set<Long> replayed = Set.of();

    FeedStream(SseEmitter emitter) {
        this.emitter = emitter;
    }

    SseEmitter emitter() {
        return emitter;
    }

    /**
     * Sends the kept events after {@code lastEventId} (all of them when null), then a {@code ready} event, then the
     * live events that waited meanwhile.
     */
    synchronized void replay(List<FeedEvent> kept, Long lastEventId) throws IOException {
        Set<Long> ids = new HashSet<>();
        for (FeedEvent event : kept) {
            ids.add(event.id());
            if (lastEventId == null || event.id() > lastEventId) {
                emitter.send(toSse(event));
            }
        }
        // An event that opens the stream at once, so the browser sees it connected even with no history.
        emitter.send(SseEmitter.event().name("ready").data("{}", MediaType.APPLICATION_JSON));
        replayed = ids;
        List<FeedEvent> arrived = waiting;
        waiting = null;
        for (FeedEvent event : arrived) {
            live(event);
        }
    }

    /** A live event: held until the history has been sent, skipped if the history had it. */
    synchronized void live(FeedEvent event) throws IOException {
        if (waiting != null) {
            waiting.add(event);
        } else if (!replayed.contains(event.id())) {
            emitter.send(toSse(event));
        }
    }

    /** A comment line: no event for the browser, but it keeps idle streams open through proxies. */
    synchronized void comment(String text) throws IOException {
        emitter.send(SseEmitter.event().comment(text));
    }

    private static SseEmitter.SseEventBuilder toSse(FeedEvent event) {
        return SseEmitter.event().id(Long.toString(event.id())).name("post").data(event, MediaType.APPLICATION_JSON);
    }
}
