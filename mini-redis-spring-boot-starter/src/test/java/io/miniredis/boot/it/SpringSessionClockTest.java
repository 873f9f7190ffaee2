package io.miniredis.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.testing.ServerClock;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionExpiredEvent;

/**
 * The application of {@link SpringSessionTest} on a manual server clock ({@code mini-redis.clock=manual}): a session
 * with Spring Session's default half hour of idle time expires when the test advances the clock, not after half an
 * hour. Spring Session hears the server's {@code expired} event and publishes its SessionExpiredEvent.
 */
@SpringBootTest(
        classes = SpringSessionTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mini-redis.port=0", "mini-redis.clock=manual"})
class SpringSessionClockTest {

    @LocalServerPort
    int httpPort;

    @Autowired
    ServerClock clock;

    @Autowired
    MiniRedisServer server;

    @Autowired
    FindByIndexNameSessionRepository<? extends Session> sessions;

    @Autowired
    SpringSessionTest.SessionEvents events;

    @Test
    void advancingTheClockPastTheIdleTimeExpiresTheSession() throws Exception {
        assertThat(clock.isManual()).isTrue();
        assertThat(server.clock()).isSameAs(clock);
        HttpClient browser =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertThat(send(browser, "/login?user=ada&idleSeconds=1800")).isEqualTo("hello ada");
        String id = sessions.findByPrincipalName("ada").keySet().iterator().next();
        assertThat(events.next(SessionCreatedEvent.class).getSessionId()).isEqualTo(id);

        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.findByPrincipalName("ada")).containsOnlyKeys(id);

        // the session's "expires" key goes at 30 minutes; its data key (5 minutes longer) is still there for
        // Spring Session to read when it handles the event, as with a real Redis
        clock.advance(Duration.ofMinutes(2));
        assertThat(events.next(SessionExpiredEvent.class).getSessionId()).isEqualTo(id);
        assertThat(sessions.findByPrincipalName("ada")).isEmpty();
    }

    private String send(HttpClient browser, String path) throws Exception {
        HttpResponse<String> response = browser.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
