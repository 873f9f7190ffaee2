package io.miniredis.sample.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the feed's Server-Sent Events stream on its own thread, as a browser's EventSource does; {@link #next} waits
 * a bounded time for an event.
 */
final class SseReader implements AutoCloseable {

    record Event(String id, String name, String data) {}

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Put on the queue when the server ends the stream. */
    private static final Event END = new Event(null, "(end of stream)", null);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread thread;

    private SseReader(InputStream body) {
        this.body = body;
        this.thread = new Thread(this::read, "sse-reader");
        thread.setDaemon(true);
        thread.start();
    }

    static SseReader open(Http http, String lastEventId) throws Exception {
        var request = lastEventId == null
                ? http.request("/api/feed/stream", "Accept", "text/event-stream")
                : http.request("/api/feed/stream", "Accept", "text/event-stream", "Last-Event-ID", lastEventId);
        HttpResponse<InputStream> response =
                http.client().send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        return new SseReader(response.body());
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            List<String> data = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, String.join("\n", data)));
                    }
                    id = null;
                    name = "message";
                    data.clear();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).strip());
                }
            }
            events.add(END);
        } catch (Exception e) {
            // closed by the test
        }
    }

    /** The next event, which must come within a few seconds and have this name. */
    Event next(String name) throws InterruptedException {
        Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("an SSE event named " + name).isNotNull();
        assertThat(event.name()).isEqualTo(name);
        return event;
    }

    /** The ids of the {@code post} events up to and including {@code lastId}, in the order they came. */
    List<Long> postIdsUntil(long lastId) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        while (ids.isEmpty() || ids.get(ids.size() - 1) != lastId) {
            Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("post " + lastId + " after " + ids).isNotNull().isNotEqualTo(END);
            if (event.name().equals("post")) {
                ids.add(Long.valueOf(event.id()));
            }
        }
        return ids;
    }

    /** Waits for the server to end the stream, with no event before. */
    void awaitEnd() throws InterruptedException {
        Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("the end of the stream").isEqualTo(END);
    }

    /** Asserts that no event comes for a while. */
    void expectNothingFor(Duration quiet) throws InterruptedException {
        assertThat(events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS))
                .as("an unexpected event")
                .isNull();
    }

    @Override
    public void close() throws Exception {
        body.close();
        thread.interrupt();
    }
}
