package io.miniredis.boot.it;

import static io.miniredis.boot.test.RecordedCommandsAssert.assertThatCommands;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.server.MiniRedisServer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The application's server's faults and recorder in a {@code @SpringBootTest}: the starter's test execution listener
 * removes the faults and stops the recorder after each test.
 */
@SpringBootTest(classes = FaultsInSpringBootTest.App.class, properties = "mini-redis.port=0")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsInSpringBootTest {

    @Autowired
    MiniRedisServer server;

    @Autowired
    StringRedisTemplate redis;

    @Test
    @Order(1)
    void aFaultAndARecordingInOneTest() {
        redis.opsForValue().set("greeting", "hi");
        server.recorder().start();
        server.faults().on("GET").key("greeting").readOnly();
        assertThatThrownBy(() -> redis.opsForValue().get("greeting"))
                .isInstanceOf(DataAccessException.class)
                .hasRootCauseMessage("READONLY You can't write against a read only replica.");
        assertThatCommands(server.recorder()).sentExactly("GET greeting");
    }

    @Test
    @Order(2)
    void areGoneInTheNext() {
        assertThat(server.faults().list()).isEmpty();
        assertThat(server.recorder().recording()).isFalse();
        assertThat(redis.opsForValue().get("greeting")).isEqualTo("hi");
    }

    @SpringBootApplication
    static class App {}
}
