package io.miniredis.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.miniredis.server.MiniRedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;
import redis.clients.jedis.Jedis;

/**
 * {@link MiniRedisFixture} with {@link MiniRedisTest}: every test starts from the fixture, whatever the tests
 * before it did (they run in any order; the repeated tests change the data each time), read with Jedis and Lettuce.
 */
@MiniRedisTest
@MiniRedisFixture("classpath:fixtures/users.redis")
class MiniRedisFixtureTest {

    private static RedisClient lettuce;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void connect(@MiniRedisPort int port) {
        lettuce = RedisClient.create(RedisURI.create("127.0.0.1", port));
        connection = lettuce.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        lettuce.shutdown();
    }

    @BeforeEach
    void theFixtureIsThereForBeforeEachMethodsToo() {
        assertThat(redis.hget("user:1", "name")).isEqualTo("Ada");
    }

    @RepeatedTest(3)
    void eachTestStartsFromTheFixtureWithLettuce() {
        assertThat(redis.hgetall("user:1")).containsEntry("name", "Ada").containsEntry("email", "ada@example.com");
        assertThat(redis.smembers("users")).containsExactlyInAnyOrder("user:1", "user:2");
        assertThat(redis.pttl("session:abc")).isPositive();
        assertThat(redis.get("left-behind")).isNull();
        redis.hset("user:1", "name", "changed");
        redis.del("users");
        redis.set("left-behind", "x");
    }

    @RepeatedTest(3)
    void eachTestStartsFromTheFixtureWithJedis(@MiniRedisPort int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            assertThat(jedis.lrange("user:1:logins", 0, -1)).containsExactly("2024-01-01", "2024-01-02");
            assertThat(jedis.zscore("scores", "user:2")).isEqualTo(85.5);
            jedis.select(3);
            assertThat(jedis.get("elsewhere")).isEqualTo("yes");
            jedis.del("elsewhere");
            jedis.select(0);
            jedis.rpush("user:1:logins", "more");
            jedis.flushAll();
        }
    }

    @Test
    @MiniRedisFixture("classpath:fixtures/users.json")
    void aMethodsFixtureReplacesTheClasss(MiniRedisServer server) {
        assertThat(redis.get("greeting")).isEqualTo("hello");
        assertThat(redis.hgetall("user:1")).isEqualTo(Map.of("name", "Ada", "age", "36"));
        assertThat(redis.exists("session:abc")).isOne();
        assertThat(server.fixtures()).isNotNull();
    }

    @Nested
    class Inside {
        @Test
        void nestedClassesGetTheFixtureToo() {
            assertThat(redis.hget("user:2", "name")).isEqualTo("Grace Hopper");
        }
    }

    @Test
    void declaredBeforeMiniRedisTestIsRefusedWithTheReason() {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter(SAMPLES, "true")
                .selectors(selectClass(Misordered.class))
                .execute()
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        EventConditions.finishedWithFailure(
                                TestExecutionResultConditions.instanceOf(ExtensionConfigurationException.class),
                                TestExecutionResultConditions.message(
                                        m -> m.startsWith("Declare @MiniRedisFixture after @MiniRedisTest"))));
    }

    static final String SAMPLES = "miniredis.fixture.samples";

    static boolean samples(ExtensionContext context) {
        return context.getConfigurationParameter(SAMPLES).isPresent();
    }

    @MiniRedisFixture("classpath:fixtures/users.redis")
    @MiniRedisTest
    @EnabledIf("io.miniredis.boot.test.MiniRedisFixtureTest#samples")
    static class Misordered {
        @Test
        void never() {}
    }
}
