package io.miniredis.sample.api;

import static io.miniredis.boot.test.RecordedCommandsAssert.assertThatCommands;
import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.sample.SampleApplication;
import io.miniredis.sample.catalog.ProductCatalog;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.testing.RecordedCommand;
import io.miniredis.testing.RecordedCommands;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The product cache, seen from Redis with the command recorder: a miss reads then writes the entry with its TTL, a hit
 * is one GET in one round trip, an eviction one DEL. Other parts of the application (the order worker's polling)
 * talk to the same server meanwhile, so the assertions look at the cache's keys only.
 */
@SpringBootTest(
        classes = SampleApplication.class,
        properties = {"mini-redis.port=0", "sample.catalog-latency=1ms"})
class CatalogCacheRecorderTest {

    @Autowired
    MiniRedisServer server;

    @Autowired
    ProductCatalog catalog;

    @Autowired
    StringRedisTemplate redis;

    @BeforeEach
    void emptyCache() {
        redis.delete("products::3");
    }

    @Test
    void aCacheHitSendsOneGetAndNothingElse() {
        server.recorder().start();
        assertThat(ProductCatalog.track(() -> catalog.find("3")).cached()).isFalse();
        RecordedCommands miss = cacheCommands();
        assertThat(miss.names()).containsExactly("get", "set");
        assertThat(miss.commands().get(1).argumentsAsText())
                .startsWith("products::3")
                .contains("PX");

        server.recorder().start();
        assertThat(ProductCatalog.track(() -> catalog.find("3")).cached()).isTrue();
        assertThatCommands(cacheCommands())
                .sentExactly("GET products::3")
                .madeOneRoundTrip()
                .sentNo("KEYS", "SCAN");

        server.recorder().start();
        catalog.evict("3");
        assertThatCommands(cacheCommands()).sentExactly("DEL products::3");
    }

    /** What the recorder has that names a key of the products cache. */
    private RecordedCommands cacheCommands() {
        return server.recorder().snapshot().filter(CatalogCacheRecorderTest::touchesTheCache);
    }

    private static boolean touchesTheCache(RecordedCommand command) {
        return command.arguments().stream()
                .anyMatch(argument -> new String(argument, StandardCharsets.UTF_8).startsWith("products::"));
    }
}
