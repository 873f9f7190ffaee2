package io.miniredis.boot.test;

import static io.miniredis.boot.test.RecordedCommandsAssert.assertThatCommands;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.testing.CommandRecorder;
import io.miniredis.testing.Faults;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineTestKit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Faults and the recorder as test parameters, with Lettuce and Jedis; both reset after each test. */
@MiniRedisTest
@ExtendWith(FaultsAndRecorderExtension.class)
@Execution(
        ExecutionMode
                .SAME_THREAD) // one server, one set of faults: its tests one at a time (classes may run in parallel)
class FaultsAndRecorderExtensionTest {

    private static final String RUNNING_SAMPLES = "miniredis.faults.samples";

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    /** Connected before the test's recording starts, so the handshake (HELLO, CLIENT SETINFO) is not in it. */
    @BeforeEach
    void connect(@MiniRedisPort int port) {
        client = RedisClient.create(RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port)
                .withClientName("app")
                .build());
        connection = client.connect();
    }

    @AfterEach
    void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void theRecorderShowsWhatTheTestSent(CommandRecorder recorder) throws Exception {
        var redis = connection.sync();
        redis.set("k", "v");
        redis.get("k");
        assertThatCommands(recorder)
                .fromClient("app")
                .sentExactly("SET k v", "get k")
                .madeRoundTrips(2)
                .sentNo("KEYS")
                .allInDatabase(0);

        recorder.start();
        var async = connection.async();
        connection.setAutoFlushCommands(false);
        List<RedisFuture<String>> replies = List.of(async.get("k"), async.get("k"), async.get("other"));
        connection.flushCommands();
        connection.setAutoFlushCommands(true);
        for (RedisFuture<String> reply : replies) {
            reply.get(5, TimeUnit.SECONDS);
        }
        assertThatCommands(recorder)
                .fromClient("app")
                .sentOnly("GET")
                .hasCommandCount(3)
                .madeOneRoundTrip();
    }

    @Test
    void theAssertionsSayWhatWasSent(CommandRecorder recorder) {
        connection.sync().set("k", "v");
        assertThatThrownBy(() -> assertThatCommands(recorder).sentOnly("GET"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("SET k v");
        assertThatThrownBy(() -> assertThatCommands(recorder).madeRoundTrips(2))
                .hasMessageContaining("Expected 2 round trips, but the commands took 1");
        recorder.start(1);
        connection.sync().get("k");
        connection.sync().get("k");
        assertThatThrownBy(() -> assertThatCommands(recorder).hasCommandCount(1))
                .hasMessageContaining("dropped 1 commands");
    }

    @Test
    void lettuceTimesOutOnADelayedReply(Faults faults) {
        var redis = connection.sync();
        redis.set("k", "v");
        faults.on("GET").key("k").times(1).delay(Duration.ofSeconds(1));
        connection.setTimeout(Duration.ofMillis(100));
        assertThatThrownBy(() -> redis.get("k")).isInstanceOf(RedisCommandTimeoutException.class);
        connection.setTimeout(Duration.ofSeconds(10));
        assertThat(redis.get("k")).isEqualTo("v");
    }

    @Test
    void lettuceReconnectsAfterADroppedConnection(Faults faults, CommandRecorder recorder) {
        var redis = connection.sync();
        redis.set("k", "v");
        faults.on("GET").times(1).dropConnection();
        assertThat(redis.get("k")).isEqualTo("v"); // sent again on the new connection
        // the first GET never ran (its connection closed instead); Lettuce's resend is the second
        assertThat(recorder.snapshot().commands())
                .filteredOn(command -> command.is("GET"))
                .extracting(command -> command.clientId())
                .doesNotHaveDuplicates()
                .hasSize(2);
    }

    @Test
    void jedisSeesErrorsAndDroppedConnections(Faults faults, @MiniRedisPort int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            faults.on("SET").times(1).readOnly();
            assertThatThrownBy(() -> jedis.set("k", "v"))
                    .hasMessage("READONLY You can't write against a read only replica.");
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
            faults.on("GET").dropConnection();
            assertThatThrownBy(() -> jedis.get("k")).isInstanceOf(JedisConnectionException.class);
        }
    }

    @Test
    void faultsAndRecordingEndWithTheTest() {
        runSamples(EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeavesFaultsBehind.class)));
    }

    @Test
    void classesRunningInParallelHaveFaultsOfTheirOwn() {
        runSamples(EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .selectors(selectClass(FaultyNeighbour.class), selectClass(HealthyNeighbour.class)));
    }

    /** Runs sample classes (two tests in all), which run only inside these tests. */
    private static void runSamples(EngineTestKit.Builder samples) {
        System.setProperty(RUNNING_SAMPLES, "true");
        try {
            samples.execute()
                    .testEvents()
                    .assertStatistics(stats -> stats.succeeded(2).failed(0));
        } finally {
            System.clearProperty(RUNNING_SAMPLES);
        }
    }

    static final CountDownLatch FAULT_SET = new CountDownLatch(1);
    static final CountDownLatch NEIGHBOUR_DONE = new CountDownLatch(1);

    @EnabledIfSystemProperty(named = RUNNING_SAMPLES, matches = "true")
    @MiniRedisTest
    @ExtendWith(FaultsAndRecorderExtension.class)
    static class FaultyNeighbour {

        @Test
        void refusesEveryCommand(Faults faults, @MiniRedisPort int port) throws Exception {
            faults.on("*").oom();
            FAULT_SET.countDown();
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                assertThatThrownBy(() -> jedis.set("k", "v")).hasMessageStartingWith("OOM");
            }
            assertThat(NEIGHBOUR_DONE.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @EnabledIfSystemProperty(named = RUNNING_SAMPLES, matches = "true")
    @MiniRedisTest
    @ExtendWith(FaultsAndRecorderExtension.class)
    static class HealthyNeighbour {

        @Test
        void isServedMeanwhile(CommandRecorder recorder, @MiniRedisPort int port) throws Exception {
            assertThat(FAULT_SET.await(30, TimeUnit.SECONDS)).isTrue();
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                assertThat(jedis.set("k", "v")).isEqualTo("OK");
            }
            // (a new Jedis connection also sends CLIENT SETINFO)
            assertThatCommands(recorder)
                    .filteredOn(command -> command.is("SET"))
                    .sentExactly("SET k v");
            NEIGHBOUR_DONE.countDown();
        }
    }

    @EnabledIfSystemProperty(named = RUNNING_SAMPLES, matches = "true")
    @MiniRedisTest
    @ExtendWith(FaultsAndRecorderExtension.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesFaultsBehind {

        @Test
        @Order(1)
        void setsAFaultAndRecords(Faults faults, CommandRecorder recorder) {
            faults.on("GET").readOnly();
            assertThat(recorder.recording()).isTrue();
        }

        @Test
        @Order(2)
        void findsNone(MiniRedisServer server) {
            assertThat(server.faults().list()).isEmpty();
            assertThat(server.recorder().recording()).isFalse();
            assertThat(server.recorder().snapshot().commands()).isEmpty();
        }
    }
}
