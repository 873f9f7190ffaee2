package io.miniredis.sample.feed;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /api/feed} with {@code {"author": "ada", "text": "hello"}} posts; {@code GET /api/feed} lists the
 * kept events; {@code GET /api/feed/stream} is the live stream (Server-Sent Events named {@code post}, JSON data).
 */
@RestController
@RequestMapping("/api/feed")
class FeedController {

    private static final int MAX_TEXT = 280;
    private static final int MAX_AUTHOR = 32;

    private final FeedLog feed;
    private final FeedBroadcaster broadcaster;

    FeedController(FeedLog feed, FeedBroadcaster broadcaster) {
        this.feed = feed;
        this.broadcaster = broadcaster;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    FeedEvent post(@RequestBody Post post) {
        String text = post.text() == null ? "" : post.text().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "text must have 1 to " + MAX_TEXT + " characters");
        }
        String author = post.author() == null || post.author().isBlank()
                ? "anonymous"
                : post.author().strip();
        if (author.length() > MAX_AUTHOR) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "author must have at most " + MAX_AUTHOR + " characters");
        }
        return feed.post(author, text);
    }

    @GetMapping
    List<FeedEvent> recent() {
        return feed.recent();
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return broadcaster.subscribe(parse(lastEventId));
    }

    private static Long parse(String lastEventId) {
        try {
            return lastEventId == null ? null : Long.valueOf(lastEventId.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    record Post(String author, String text) {}
}
