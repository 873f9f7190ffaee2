package io.miniredis.sample.browser;

import static io.miniredis.sample.browser.Chromium.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.sample.SampleApplication;
import io.miniredis.sample.api.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The page in a real browser: headless Chromium loads {@code index.html} from the running application (embedded
 * server), and the test uses each panel by typing and clicking, then checks what the page shows. Screenshots go to
 * {@code target/browser/}. Skipped when no Chromium is installed (Debian: {@code apt-get install chromium}).
 */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mini-redis.port=0",
            "sample.catalog-latency=300ms",
            "sample.rate-limit.requests=2",
            "sample.orders.processing-time=3s",
            "sample.orders.poll-timeout=200ms"
        })
class IndexPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    static Path profile;

    static Chromium browser;

    @LocalServerPort
    int port;

    @Autowired
    RedisConnectionFactory connectionFactory;

    Http http;

    @BeforeAll
    static void startBrowser() throws Exception {
        Optional<Path> chromium = Chromium.find();
        Assumptions.assumeTrue(
                chromium.isPresent(),
                "No Chromium found (install Debian's chromium package, or set -Dchromium=/path): browser test skipped");
        profile = Files.createTempDirectory("chromium-profile");
        browser = Chromium.launch(chromium.get(), profile);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (profile != null) {
            // Chromium leaves symbolic links to its sockets in the profile: delete the links, not their targets.
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @BeforeEach
    void emptyRedis() {
        http = new Http(port);
        try (RedisConnection connection = connectionFactory.getConnection()) {
            connection.serverCommands().flushAll();
        }
    }

    @AfterEach
    void screenshotAndNoScriptErrors(TestInfo test) throws Exception {
        browser.screenshot(
                Path.of("target", "browser", test.getTestMethod().orElseThrow().getName() + ".png"));
        assertThat(browser.pageErrors()).as("JavaScript errors on the page").isEmpty();
    }

    @Test
    void pageShowsWhatIsInRedis() throws Exception {
        http.put("/api/leaderboard/grace", "{\"score\": 50}");
        http.put("/api/leaderboard/ada", "{\"score\": 30}");
        http.post("/api/feed", "{\"author\": \"ada\", \"text\": \"welcome to the feed\"}");

        browser.open("http://localhost:" + port + "/");

        browser.waitFor("document.querySelectorAll('#leaderboard-rows tr').length === 2", WAIT);
        assertThat(browser.text("#leaderboard-rows tr:nth-child(1)")).contains("1", "grace", "50");
        assertThat(browser.text("#leaderboard-rows tr:nth-child(2)")).contains("2", "ada", "30");
        assertThat(browser.text("#leaderboard-total")).isEqualTo("2");

        browser.waitFor("document.getElementById('redis-mode').textContent === 'embedded'", WAIT);
        assertThat(browser.text("#redis-server")).contains("mini-redis 7.0.15");
        browser.waitFor("document.getElementById('health').textContent === 'UP'", WAIT);
        assertThat(browser.evaluate("document.querySelectorAll('#product-id option').length")
                        .asInt())
                .isEqualTo(5);

        browser.waitFor("document.getElementById('feed-status').textContent === 'live'", WAIT);
        assertThat(browser.text("#feed-events li .text")).isEqualTo("welcome to the feed");
    }

    @Test
    void userLooksUpAProductTwiceAndTheSecondComesFromTheCache() throws Exception {
        browser.open("http://localhost:" + port + "/");
        browser.waitFor("document.querySelectorAll('#product-id option').length === 5", WAIT);
        browser.select("#product-id", "2");

        browser.click("#cache-form button[type=submit]");
        browser.waitFor("document.getElementById('cache-badge')?.textContent === 'cache miss'", WAIT);
        assertThat(browser.text("#cache-product")).isEqualTo("Pour-over kettle");

        browser.click("#cache-form button[type=submit]");
        browser.waitFor("document.getElementById('cache-badge')?.textContent === 'cache hit'", WAIT);

        browser.click("#cache-evict");
        browser.waitFor("document.getElementById('cache-result').textContent.startsWith('evicted')", WAIT);
        browser.click("#cache-form button[type=submit]");
        browser.waitFor("document.getElementById('cache-badge')?.textContent === 'cache miss'", WAIT);
    }

    @Test
    void userAddsPointsAndTheLeaderboardUpdates() throws Exception {
        http.put("/api/leaderboard/grace", "{\"score\": 20}");
        browser.open("http://localhost:" + port + "/");
        browser.waitFor("document.querySelectorAll('#leaderboard-rows tr').length === 1", WAIT);

        browser.type("#player", "hopper");
        browser.type("#points", "15");
        browser.click("#score-form button");
        browser.waitFor("document.getElementById('standing').textContent.startsWith('hopper')", WAIT);
        assertThat(browser.text("#standing")).isEqualTo("hopper: 15 points, #2, ahead of 0");

        browser.click("#score-form button");
        browser.waitFor("document.getElementById('standing').textContent.includes('30 points')", WAIT);
        browser.waitFor(
                "document.querySelector('#leaderboard-rows tr:nth-child(1)').textContent.includes('hopper')", WAIT);
        assertThat(browser.text("#leaderboard-rows tr:nth-child(2)")).contains("grace");
    }

    @Test
    void userHitsTheRateLimit() throws Exception {
        browser.open("http://localhost:" + port + "/");
        for (String expected : new String[] {"allowed", "allowed", "denied (429)"}) {
            browser.evaluate("document.getElementById('rate-result').replaceChildren()");
            browser.click("#rate-form button");
            browser.waitFor("document.getElementById('rate-badge')?.textContent === " + quote(expected), WAIT);
        }
        assertThat(browser.text("#rate-result")).contains("try again in");
    }

    @Test
    void postsReachThePageLive() throws Exception {
        browser.open("http://localhost:" + port + "/");
        browser.waitFor("document.getElementById('feed-status').textContent === 'live'", WAIT);

        browser.type("#feed-author", "ada");
        browser.type("#feed-text", "hello from the browser");
        browser.click("#feed-form button");
        browser.waitFor(
                "[...document.querySelectorAll('#feed-events .text')]"
                        + ".some(e => e.textContent === 'hello from the browser')",
                WAIT);
        assertThat(browser.evaluate("document.getElementById('feed-text').value")
                        .asString())
                .isEmpty();

        // Someone else posts (here through the API): it arrives over the open stream, newest first.
        http.post("/api/feed", "{\"author\": \"bob\", \"text\": \"and one from elsewhere\"}");
        browser.waitFor(
                "document.querySelector('#feed-events li .text')?.textContent === 'and one from elsewhere'", WAIT);
        assertThat(browser.evaluate("document.querySelectorAll('#feed-events li').length")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void userPlacesAnOrderAndWatchesTheWorkerFulfilIt() throws Exception {
        browser.open("http://localhost:" + port + "/");
        browser.type("#order-item", "desk lamp");
        browser.type("#order-quantity", "3");
        browser.click("#order-form button");
        browser.waitFor("document.getElementById('order-result').textContent.startsWith('queued as')", WAIT);
        browser.waitFor("document.querySelectorAll('#order-rows tr').length === 1", WAIT);
        assertThat(browser.text("#order-rows tr")).contains("desk lamp", "3");
        // the worker has it for three seconds (pending in the group; the page polls every second), then acknowledges it
        browser.waitFor(
                "document.querySelector('#order-rows tr .badge')?.textContent === 'processing (worker-1)'", WAIT);
        browser.waitFor("document.querySelector('#order-rows tr .badge')?.textContent === 'done'", WAIT);
        browser.waitFor("document.getElementById('order-pending').textContent === '0'", WAIT);
        assertThat(browser.text("#order-length")).isEqualTo("1");
    }
}
