package io.miniredis.sample.api;

import io.miniredis.boot.test.LocalMiniRedisPort;
import io.miniredis.sample.SampleApplication;
import org.springframework.boot.test.context.SpringBootTest;

/** The default mode: the application embeds the server (here on a free port) and Spring Data Redis uses it. */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mini-redis.port=0",
            SampleApiContract.LATENCY,
            SampleApiContract.RATE_LIMIT,
            SampleApiContract.RATE_WINDOW,
            SampleApiContract.ORDER_PROCESSING,
            SampleApiContract.ORDER_POLL
        })
class EmbeddedModeTest extends SampleApiContract {

    @LocalMiniRedisPort
    int redisPort;

    @Override
    String expectedMode() {
        return "embedded";
    }

    @Override
    int expectedRedisPort() {
        return redisPort;
    }
}
