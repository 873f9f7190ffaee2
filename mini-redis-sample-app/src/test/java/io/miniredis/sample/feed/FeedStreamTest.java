package io.miniredis.sample.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The gap between a stream's history read and its live events, event by event: what arrives live before the history
 * is sent, or after it but already in it, is sent once.
 */
class FeedStreamTest {

    private final RecordingEmitter emitter = new RecordingEmitter();
    private final FeedStream stream = new FeedStream(emitter);

    @Test
    void historyAfterTheLastEventIdThenReady() throws Exception {
        stream.replay(events(1, 2, 3), 1L);
        assertThat(emitter.sent).containsExactly("post 2", "post 3", "ready");
    }

    @Test
    void liveEventsWaitForTheHistoryAndThoseItHadAreSkipped() throws Exception {
        // Published after the stream subscribed, before its history read: 3 is in both, 4 only live.
        stream.live(event(3));
        stream.live(event(4));
        assertThat(emitter.sent).isEmpty();

        stream.replay(events(1, 2, 3), null);
        assertThat(emitter.sent).containsExactly("post 1", "post 2", "post 3", "ready", "post 4");
    }

    @Test
    void aLiveEventTheHistoryHadIsSkippedAfterItTooButALateWriterIsNot() throws Exception {
        stream.replay(events(1, 3), null);
        // 3 was published after the subscription but read with the history; 2's writer took its id before 3's and
        // published after: still new to this stream.
        stream.live(event(3));
        stream.live(event(2));
        stream.live(event(4));
        assertThat(emitter.sent).containsExactly("post 1", "post 3", "ready", "post 2", "post 4");
    }

    @Test
    void aResumedStreamSkipsWhatItSawWithoutResendingIt() throws Exception {
        stream.live(event(2));
        stream.replay(events(1, 2, 3), 2L);
        stream.live(event(3));
        stream.live(event(5));
        assertThat(emitter.sent).containsExactly("post 3", "ready", "post 5");
    }

    private static List<FeedEvent> events(long... ids) {
        return LongStream.of(ids).mapToObj(FeedStreamTest::event).toList();
    }

    private static FeedEvent event(long id) {
        return new FeedEvent(id, "test", "event " + id, Instant.EPOCH);
    }

    /** Records what would be written: {@code post <id>} for a feed event, {@code ready} for the opening event. */
    static final class RecordingEmitter extends SseEmitter {

        final List<String> sent = new ArrayList<>();

        @Override
        public void send(SseEventBuilder builder) {
            for (DataWithMediaType part : builder.build()) {
                if (part.getData() instanceof FeedEvent event) {
                    sent.add("post " + event.id());
                } else if (part.getData().toString().contains("event:ready")) {
                    sent.add("ready");
                }
            }
        }
    }
}
