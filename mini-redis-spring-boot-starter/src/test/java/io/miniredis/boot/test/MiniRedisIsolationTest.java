package io.miniredis.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.miniredis.boot.test.MiniRedisTest.Isolation;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.testing.ServerClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import redis.clients.jedis.Jedis;

/**
 * The two isolation modes under JUnit's parallel execution (every class and method concurrent, four threads), run
 * through the engine: sample classes meet at latches, so each test proves it ran at the same time as the others it
 * expects, and that it saw only its own data, through Lettuce and Jedis.
 */
class MiniRedisIsolationTest {

    static final Map<String, MiniRedisServer> SEEN = new ConcurrentHashMap<>();
    static CountDownLatch allMethodsRunning;
    static CountDownLatch bothClassesRunning;
    static final Map<String, AtomicInteger> INSIDE = new ConcurrentHashMap<>();
    static final AtomicInteger OVERLAPS = new AtomicInteger();

    @BeforeEach
    void enableSamples() {
        System.setProperty(MiniRedisExtensionLifecycleTest.RUNNING_SAMPLES, "true");
        SEEN.clear();
        INSIDE.clear();
        OVERLAPS.set(0);
        allMethodsRunning = new CountDownLatch(3);
        bothClassesRunning = new CountDownLatch(2);
    }

    @AfterEach
    void disableSamples() {
        System.clearProperty(MiniRedisExtensionLifecycleTest.RUNNING_SAMPLES);
    }

    @Test
    void methodIsolationRunsTheTestsOfAClassAtOnceEachOnItsOwnServer() {
        runInParallel(PerMethod.class)
                .assertStatistics(stats -> stats.succeeded(3).failed(0));
        assertThat(SEEN).hasSize(3);
        Set<Integer> ports = new HashSet<>();
        SEEN.values().forEach(server -> ports.add(server.port()));
        assertThat(ports).hasSize(3);
        assertThat(SEEN.values()).noneMatch(MiniRedisServer::isRunning);
    }

    @Test
    void classIsolationRunsClassesAtOnceAndTheTestsOfAClassOneAfterAnother() {
        runInParallel(PerClassA.class, PerClassB.class)
                .assertStatistics(stats -> stats.succeeded(6).failed(0));
        assertThat(OVERLAPS).hasValue(0);
        assertThat(SEEN.get("PerClassA").port())
                .isNotEqualTo(SEEN.get("PerClassB").port());
        assertThat(SEEN.values()).noneMatch(MiniRedisServer::isRunning);
    }

    @Test
    void otherExtensionsFindTheServerOfTheTest() {
        runInParallel(WithAnotherExtension.class)
                .assertStatistics(stats -> stats.succeeded(2).failed(0));
        runInParallel(WithoutServer.class)
                .assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    private static org.junit.platform.testkit.engine.Events runInParallel(Class<?>... classes) {
        var kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
        for (Class<?> type : classes) {
            kit.selectors(selectClass(type));
        }
        return kit.execute().testEvents();
    }

    /** Waits for the others at the latch: the test fails unless they all run at once. */
    static void meet(CountDownLatch latch) throws InterruptedException {
        latch.countDown();
        assertThat(latch.await(20, TimeUnit.SECONDS)).as("ran at the same time").isTrue();
    }

    static RedisCommands<String, String> lettuce(int port, java.util.List<AutoCloseable> toClose) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        StatefulRedisConnection<String, String> connection = client.connect();
        toClose.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        toClose.add(connection);
        return connection.sync();
    }

    @EnabledIfSystemProperty(named = MiniRedisExtensionLifecycleTest.RUNNING_SAMPLES, matches = "true")
    @MiniRedisTest(isolation = Isolation.METHOD, clock = ServerClock.Mode.MANUAL)
    static class PerMethod {

        @Test
        void lettuce(MiniRedisServer server, @MiniRedisPort int port, ServerClock clock) throws Exception {
            SEEN.put("lettuce", server);
            assertThat(clock).isSameAs(server.clock());
            java.util.List<AutoCloseable> open = new java.util.ArrayList<>();
            try {
                RedisCommands<String, String> redis = MiniRedisIsolationTest.lettuce(port, open);
                assertThat(redis.dbsize()).isZero();
                redis.setex("same-key", 10, "lettuce");
                meet(allMethodsRunning);
                clock.advance(Duration.ofSeconds(5)); // its own clock: the other tests' keys do not move
                assertThat(redis.get("same-key")).isEqualTo("lettuce");
                assertThat(redis.ttl("same-key")).isEqualTo(5);
            } finally {
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close();
                }
            }
        }

        @Test
        void jedis(MiniRedisServer server, @MiniRedisPort int port, ServerClock clock) throws Exception {
            SEEN.put("jedis", server);
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                assertThat(jedis.dbSize()).isZero();
                jedis.setex("same-key", 10, "jedis");
                meet(allMethodsRunning);
                clock.advance(Duration.ofSeconds(10));
                assertThat(jedis.get("same-key")).isNull();
                assertThat(jedis.dbSize()).isZero();
            }
        }

        @Test
        void plain(MiniRedisServer server) throws Exception {
            SEEN.put("plain", server);
            try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                jedis.set("same-key", "plain");
                meet(allMethodsRunning);
                assertThat(jedis.get("same-key")).isEqualTo("plain");
            }
        }
    }

    /**
     * A CLASS-isolated class whose tests check they are alone on their class's server, which was emptied before
     * each; {@link PerClassB} runs the same tests on a server of its own, at the same time.
     */
    @EnabledIfSystemProperty(named = MiniRedisExtensionLifecycleTest.RUNNING_SAMPLES, matches = "true")
    @MiniRedisTest(clock = ServerClock.Mode.MANUAL)
    static class PerClassA {

        @Test
        void one(MiniRedisServer server, ServerClock clock) throws Exception {
            oneAtATime(server, clock);
        }

        @Test
        void two(MiniRedisServer server, ServerClock clock) throws Exception {
            oneAtATime(server, clock);
        }

        @Test
        void three(MiniRedisServer server, ServerClock clock) throws Exception {
            oneAtATime(server, clock);
        }

        private void oneAtATime(MiniRedisServer server, ServerClock clock) throws Exception {
            String name = getClass().getSimpleName();
            SEEN.put(name, server);
            AtomicInteger inside = INSIDE.computeIfAbsent(name, n -> new AtomicInteger());
            if (inside.incrementAndGet() != 1) {
                OVERLAPS.incrementAndGet();
            }
            try {
                meet(bothClassesRunning); // the first test of each class meets the other class's
                assertThat(clock.instant()).isBefore(Instant.now().plus(Duration.ofMinutes(30)));
                try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                    assertThat(jedis.dbSize()).as("emptied before the test").isZero();
                    jedis.set("left-behind", name);
                    Thread.sleep(20); // a window for another test of the class to overlap, if it could
                }
                clock.advance(Duration.ofHours(1)); // set back to now before the next test
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    @EnabledIfSystemProperty(named = MiniRedisExtensionLifecycleTest.RUNNING_SAMPLES, matches = "true")
    static class PerClassB extends PerClassA {}

    /** Another extension, as a fixtures or faults extension would be: it reaches the test's server. */
    static class FindsTheServer implements BeforeEachCallback {

        static final Map<String, MiniRedisServer> FOUND = new ConcurrentHashMap<>();

        @Override
        public void beforeEach(ExtensionContext context) {
            FOUND.put(context.getUniqueId(), MiniRedisExtension.serverOf(context));
        }
    }

    @EnabledIfSystemProperty(named = MiniRedisExtensionLifecycleTest.RUNNING_SAMPLES, matches = "true")
    @MiniRedisTest(isolation = Isolation.METHOD)
    @ExtendWith(FindsTheServer.class)
    static class WithAnotherExtension {

        @Test
        void one(MiniRedisServer server) {
            assertThat(FindsTheServer.FOUND.values()).contains(server);
        }

        @Test
        void two(MiniRedisServer server) {
            assertThat(FindsTheServer.FOUND.values()).contains(server);
        }
    }

    /** Looks for a server where there is none. */
    static class FindsNoServer implements BeforeEachCallback {

        static volatile Throwable failure;

        @Override
        public void beforeEach(ExtensionContext context) {
            try {
                MiniRedisExtension.serverOf(context);
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
    }

    @EnabledIfSystemProperty(named = MiniRedisExtensionLifecycleTest.RUNNING_SAMPLES, matches = "true")
    @ExtendWith(FindsNoServer.class)
    static class WithoutServer {

        @Test
        void serverOfSaysWhatIsMissing() {
            assertThat(FindsNoServer.failure).hasMessageContaining("annotate the class with @MiniRedisTest");
        }
    }
}
