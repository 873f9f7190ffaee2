package io.miniredis.sample.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.miniredis.sample.SampleApplication;
import io.miniredis.server.MiniRedisServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code external} profile: no embedded server, Spring Data Redis connects to the Redis named by
 * {@code spring.data.redis.host/port}, here a separate mini-redis server this test starts.
 */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            SampleApiContract.LATENCY,
            SampleApiContract.RATE_LIMIT,
            SampleApiContract.RATE_WINDOW,
            SampleApiContract.ORDER_PROCESSING,
            SampleApiContract.ORDER_POLL
        })
@ActiveProfiles("external")
class ExternalModeTest extends SampleApiContract {

    static final MiniRedisServer EXTERNAL =
            MiniRedisServer.builder().port(0).build().start();

    @DynamicPropertySource
    static void external(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", EXTERNAL::port);
    }

    /** Stops the external server with the context, after its Redis clients (the lowest phase stops last). */
    @TestConfiguration(proxyBeanMethods = false)
    static class StopExternalServerLast {

        @Bean
        SmartLifecycle externalServerStopper() {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    running = false;
                    EXTERNAL.close();
                }

                @Override
                public boolean isRunning() {
                    return running;
                }

                @Override
                public int getPhase() {
                    return Integer.MIN_VALUE;
                }
            };
        }
    }

    @Autowired
    ApplicationContext context;

    @Override
    String expectedMode() {
        return "external";
    }

    @Override
    int expectedRedisPort() {
        return EXTERNAL.port();
    }

    @Test
    void noEmbeddedServerRuns() {
        assertThat(context.getBeanProvider(MiniRedisServer.class).getIfAvailable())
                .isNull();
        assertThat(context.getEnvironment().getProperty("local.mini-redis.port"))
                .isNull();
    }

    @Test
    void dataLandsOnTheExternalServer() {
        http.post("/api/leaderboard/ada/points", "{\"points\": 7}");
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", EXTERNAL.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().zscore("leaderboard", "ada")).isEqualTo(7.0);
        } finally {
            client.shutdown();
        }
    }
}
