package io.miniredis.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpSession;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisIndexedHttpSession;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Session's indexed repository on the embedded server, with no Redis configuration: sessions stored as
 * hashes, the principal index (a set), and the session events, which Spring Session takes from the server's
 * keyspace notifications (it turns them on itself with CONFIG SET notify-keyspace-events) and from its own
 * PUBLISHed created events. An expired event can only come from the server's expiry cycle.
 */
@SpringBootTest(
        classes = SpringSessionTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "mini-redis.port=0")
class SpringSessionTest {

    @LocalServerPort
    int httpPort;

    @Autowired
    FindByIndexNameSessionRepository<? extends Session> sessions;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    SessionEvents events;

    @Test
    void sessionsLiveInTheEmbeddedServerAndAreFoundByPrincipal() throws Exception {
        HttpClient browser =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertThat(send(browser, "POST", "/login?user=ada")).isEqualTo("hello ada");
        assertThat(send(browser, "GET", "/whoami")).isEqualTo("ada");

        Map<String, ? extends Session> found = sessions.findByPrincipalName("ada");
        assertThat(found).hasSize(1);
        String id = found.keySet().iterator().next();
        assertThat(redis.type("spring:session:sessions:" + id).code()).isEqualTo("hash");
        assertThat(redis.getExpire("spring:session:sessions:" + id)).isPositive();
        assertThat(events.next(SessionCreatedEvent.class).getSessionId()).isEqualTo(id);

        assertThat(send(browser, "POST", "/logout")).isEqualTo("bye");
        // Deleting the session deletes its keys; the server's "del" notification becomes Spring's event.
        assertThat(events.next(SessionDeletedEvent.class).getSessionId()).isEqualTo(id);
        assertThat(sessions.findByPrincipalName("ada")).isEmpty();
        assertThat(send(browser, "GET", "/whoami")).isEqualTo("nobody");
    }

    @Test
    void anIdleSessionExpiresThroughTheServersExpiry() throws Exception {
        HttpClient browser =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertThat(send(browser, "POST", "/login?user=grace&idleSeconds=1")).isEqualTo("hello grace");
        String id = sessions.findByPrincipalName("grace").keySet().iterator().next();
        // The session's "expires" key has a TTL of the idle time; the server's active expiry removes it and
        // publishes __keyevent@0__:expired, which Spring Session turns into SessionExpiredEvent.
        assertThat(events.next(SessionExpiredEvent.class).getSessionId()).isEqualTo(id);
        assertThat(send(browser, "GET", "/whoami")).isEqualTo("nobody");
    }

    private String send(HttpClient browser, String method, String path) throws Exception {
        HttpResponse<String> response = browser.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(200);
        return response.body();
    }

    @SpringBootApplication
    @EnableRedisIndexedHttpSession
    static class App {

        @Bean
        SessionEvents sessionEvents() {
            return new SessionEvents();
        }

        @Bean
        Pages pages() {
            return new Pages();
        }
    }

    /** The session events the application receives, in order. */
    static class SessionEvents {

        private final BlockingQueue<AbstractSessionEvent> received = new LinkedBlockingQueue<>();

        @EventListener
        void on(AbstractSessionEvent event) {
            received.add(event);
        }

        /** The next event of {@code type}, skipping others; waits up to 10 s. */
        <T extends AbstractSessionEvent> T next(Class<T> type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                AbstractSessionEvent event = received.poll(100, TimeUnit.MILLISECONDS);
                if (type.isInstance(event)) {
                    return type.cast(event);
                }
            }
            throw new AssertionError("No " + type.getSimpleName() + " within 10 s");
        }
    }

    @RestController
    static class Pages {

        @PostMapping("/login")
        String login(
                @RequestParam String user, @RequestParam(defaultValue = "1800") int idleSeconds, HttpSession session) {
            session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user);
            session.setMaxInactiveInterval(idleSeconds);
            return "hello " + user;
        }

        @GetMapping("/whoami")
        String whoami(HttpSession session) {
            Object user = session.getAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);
            return user == null ? "nobody" : user.toString();
        }

        @PostMapping("/logout")
        String logout(HttpSession session) {
            session.invalidate();
            return "bye";
        }
    }
}
