package io.miniredis.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.boot.test.LocalMiniRedisPort;
import io.miniredis.boot.test.MiniRedisFixture;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;

/**
 * {@link MiniRedisFixture} in a {@code @SpringBootTest}: the application context's server gets the fixture before
 * each test, read through Spring Data Redis (Lettuce) and Jedis.
 */
@SpringBootTest(classes = SpringFixtureTest.App.class, properties = "mini-redis.port=0")
@MiniRedisFixture("classpath:fixtures/users.redis")
class SpringFixtureTest {

    @Autowired
    StringRedisTemplate redis;

    @LocalMiniRedisPort
    int port;

    @RepeatedTest(2)
    void throughSpringDataRedis() {
        assertThat(redis.<String, String>opsForHash().get("user:1", "name")).isEqualTo("Ada");
        assertThat(redis.opsForSet().members("users")).containsExactlyInAnyOrder("user:1", "user:2");
        redis.opsForHash().put("user:1", "name", "changed");
        redis.delete("users");
    }

    @RepeatedTest(2)
    void throughJedis() {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            assertThat(jedis.hget("user:1", "name")).isEqualTo("Ada");
            assertThat(jedis.exists("users")).isTrue();
            jedis.flushAll();
        }
    }

    @Test
    @MiniRedisFixture("classpath:fixtures/users.json")
    void aMethodsOwnFixture() {
        assertThat(redis.opsForValue().get("greeting")).isEqualTo("hello");
        assertThat(redis.opsForStream().size("events")).isEqualTo(2);
    }

    @SpringBootApplication
    static class App {}
}
