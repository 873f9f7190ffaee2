package io.miniredis.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.miniredis.server.MiniRedisServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs small test classes through the JUnit engine to check what happens around them: servers stopped after the
 * class, classes in parallel on servers of their own, configuration through the annotation or in code.
 */
class MiniRedisExtensionLifecycleTest {

    /** The sample classes below run only inside these tests, not when a build tool picks them up on their own. */
    static final String RUNNING_SAMPLES = "miniredis.extension.samples";

    static final Map<String, MiniRedisServer> SEEN = new ConcurrentHashMap<>();
    static final CountDownLatch BOTH_RUNNING = new CountDownLatch(2);

    @BeforeEach
    void enableSamples() {
        System.setProperty(RUNNING_SAMPLES, "true");
    }

    @AfterEach
    void disableSamples() {
        System.clearProperty(RUNNING_SAMPLES);
    }

    @Test
    void stopsTheServerAfterTheClass() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(WithPassword.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(2).failed(0));
        MiniRedisServer server = SEEN.get("password");
        assertThat(server).isNotNull();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void parallelClassesHaveServersOfTheirOwn() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .selectors(selectClass(ParallelA.class), selectClass(ParallelB.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(SEEN.get("A").port()).isNotEqualTo(SEEN.get("B").port());
        assertThat(SEEN.get("A").isRunning()).isFalse();
        assertThat(SEEN.get("B").isRunning()).isFalse();
    }

    @Test
    void registeredInCodeWithACustomizer() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Registered.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN.get("registered").isRunning()).isFalse();
    }

    @Test
    void registeredOnOneMethod() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(OnAMethod.class, "test", MiniRedisServer.class.getName()))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN.get("method").isRunning()).isFalse();
    }

    @EnabledIfSystemProperty(named = RUNNING_SAMPLES, matches = "true")
    @MiniRedisTest(password = "pw", flushBeforeEach = false)
    static class WithPassword {

        @Test
        void first(MiniRedisServer server, @MiniRedisPort int port) {
            SEEN.put("password", server);
            RedisClient client = RedisClient.create(RedisURI.builder()
                    .withHost("127.0.0.1")
                    .withPort(port)
                    .withPassword("pw".toCharArray())
                    .build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("kept", "1");
            } finally {
                client.shutdown();
            }
        }

        @Test
        void second(MiniRedisServer server) {
            // Not emptied between tests (flushBeforeEach = false); order between the two does not matter here.
            assertThat(server.context().keyspace().totalKeys()).isLessThanOrEqualTo(1);
        }
    }

    abstract static class ParallelBase {

        void runAlongsideTheOther(String name, MiniRedisServer server) throws InterruptedException {
            SEEN.put(name, server);
            BOTH_RUNNING.countDown();
            // Both classes hold their server at the same time.
            assertThat(BOTH_RUNNING.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.isRunning()).isTrue();
        }
    }

    @EnabledIfSystemProperty(named = RUNNING_SAMPLES, matches = "true")
    @MiniRedisTest
    static class ParallelA extends ParallelBase {

        @Test
        void test(MiniRedisServer server) throws InterruptedException {
            runAlongsideTheOther("A", server);
        }
    }

    @EnabledIfSystemProperty(named = RUNNING_SAMPLES, matches = "true")
    @MiniRedisTest
    static class ParallelB extends ParallelBase {

        @Test
        void test(MiniRedisServer server) throws InterruptedException {
            runAlongsideTheOther("B", server);
        }
    }

    @EnabledIfSystemProperty(named = RUNNING_SAMPLES, matches = "true")
    static class Registered {

        @RegisterExtension
        static MiniRedisExtension redis = new MiniRedisExtension(builder -> builder.databases(2));

        @Test
        void test() {
            SEEN.put("registered", redis.server());
            assertThat(redis.port()).isEqualTo(redis.server().port());
            assertThat(redis.server().context().config().get("databases")).isEqualTo("2");
        }
    }

    @EnabledIfSystemProperty(named = RUNNING_SAMPLES, matches = "true")
    static class OnAMethod {

        @Test
        @ExtendWith(MiniRedisExtension.class)
        void test(MiniRedisServer server) {
            SEEN.put("method", server);
            assertThat(server.isRunning()).isTrue();
        }
    }
}
