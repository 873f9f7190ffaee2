package io.miniredis.boot.test;

import static io.miniredis.boot.test.RecordedCommandsAssert.assertThatCommands;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.miniredis.testing.CommandRecorder;
import io.miniredis.testing.Faults;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * What faults on purpose are for: a circuit breaker that opens on READONLY errors (and keeps calls off the server
 * while open) and closes again, a retry that gets through LOADING, a retry over a dropped connection with Jedis.
 */
@MiniRedisTest
@ExtendWith(FaultsAndRecorderExtension.class)
@Execution(
        ExecutionMode
                .SAME_THREAD) // one server, one set of faults: its tests one at a time (classes may run in parallel)
class FaultsWithResilience4jTest {

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void connect(@MiniRedisPort int port) {
        client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterEach
    void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void theCircuitBreakerOpensOnReadOnlyAndClosesOnceTheFailoverIsOver(Faults faults, CommandRecorder recorder) {
        CircuitBreaker breaker = CircuitBreaker.of(
                "redis",
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(4)
                        .minimumNumberOfCalls(4)
                        .failureRateThreshold(50)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .waitDurationInOpenState(Duration.ofHours(1)) // moved on by hand below, no waiting
                        .build());
        faults.on("SET").readOnly();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breaker.executeSupplier(() -> redis.set("k", "v")))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("READONLY You can't write against a read only replica.");
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> breaker.executeSupplier(() -> redis.set("k", "v")))
                .isInstanceOf(CallNotPermittedException.class);
        assertThatCommands(recorder).sentOnly("SET").hasCommandCount(4); // the open breaker kept the fifth away

        faults.clear(); // the failover is over
        breaker.transitionToHalfOpenState();
        assertThat(breaker.executeSupplier(() -> redis.set("k", "v"))).isEqualTo("OK");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aRetryGetsThroughLoading(Faults faults, CommandRecorder recorder) {
        redis.set("k", "v");
        recorder.start();
        Retry retry = Retry.of(
                "redis",
                RetryConfig.custom()
                        .maxAttempts(5)
                        .waitDuration(Duration.ofMillis(10))
                        .retryOnException(
                                e -> e.getMessage() != null && e.getMessage().startsWith("LOADING"))
                        .build());
        faults.on("GET").times(2).loading();
        assertThat(retry.executeSupplier(() -> redis.get("k"))).isEqualTo("v");
        assertThatCommands(recorder).sentExactly("GET k", "GET k", "GET k");
        assertThat(retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt())
                .isEqualTo(1);
    }

    @Test
    void jedisRetriesOverADroppedConnection(Faults faults, @MiniRedisPort int port) {
        try (JedisPool pool = new JedisPool("127.0.0.1", port)) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set("k", "v");
            }
            Retry retry = Retry.of(
                    "jedis",
                    RetryConfig.custom()
                            .maxAttempts(3)
                            .waitDuration(Duration.ofMillis(10))
                            .retryExceptions(JedisConnectionException.class)
                            .build());
            faults.on("GET").times(1).dropConnection();
            // a connection that broke is not given back to the pool: the retry borrows a new one
            assertThat(retry.executeSupplier(() -> {
                        try (Jedis jedis = pool.getResource()) {
                            return jedis.get("k");
                        }
                    }))
                    .isEqualTo("v");
            assertThat(retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt())
                    .isEqualTo(1);
        }
    }
}
