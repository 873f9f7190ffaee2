package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.LocalServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.IntegerCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;

/**
 * Redisson, unchanged, against the server. Its locks are Lua scripts (EVAL/EVALSHA on hashes with PEXPIRE), and a
 * thread waiting for a lock sleeps on a pub/sub channel until the holder's unlock script PUBLISHes: so these tests
 * exercise scripting, pub/sub and expiry together, the way a Redisson user does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedissonTest {

    @RegisterExtension
    final LocalServer server = new LocalServer();

    private RedissonClient redisson;

    @BeforeAll
    void connect() {
        Config config = new Config();
        config.useSingleServer()
                .setAddress("redis://127.0.0.1:" + server.port())
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(2);
        redisson = Redisson.create(config);
    }

    @AfterAll
    void disconnect() {
        redisson.shutdown(0, 5, TimeUnit.SECONDS);
    }

    @Test
    void lockIsExclusiveAndReentrant() throws Exception {
        RLock lock = redisson.getLock("orders:lock");
        lock.lock();
        try {
            assertThat(lock.isLocked()).isTrue();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            lock.lock(); // reentrant: the hold count goes to 2
            assertThat(lock.getHoldCount()).isEqualTo(2);
            lock.unlock();
            boolean otherThreadGotIt = CompletableFuture.supplyAsync(() -> {
                        try {
                            return lock.tryLock(100, TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return true;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            assertThat(otherThreadGotIt).as("another thread while it is held").isFalse();
        } finally {
            lock.unlock();
        }
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void waitingThreadIsWokenByTheUnlock() throws Exception {
        RLock lock = redisson.getLock("jobs:lock");
        lock.lock();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Long> acquiredAfter = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            waiting.countDown();
            // waits far longer than the test: only the unlock's PUBLISH can wake it this soon
            try {
                boolean acquired = lock.tryLock(60, 30, TimeUnit.SECONDS);
                assertThat(acquired).isTrue();
                lock.unlock();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300);
        lock.unlock();
        assertThat(acquiredAfter.get(20, TimeUnit.SECONDS)).isBetween(250L, 15_000L);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void leaseTimeExpiresALockNobodyReleases() throws Exception {
        RLock lock = redisson.getLock("lease:lock");
        assertThat(lock.tryLock(0, 300, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(lock.remainTimeToLive()).isBetween(1L, 300L);
        // the key's PEXPIRE ends the lease: another thread gets the lock without any unlock
        boolean acquiredByOther = CompletableFuture.supplyAsync(() -> {
                    RLock same = redisson.getLock("lease:lock");
                    try {
                        boolean acquired = same.tryLock(10, 1, TimeUnit.SECONDS);
                        if (acquired) {
                            same.unlock();
                        }
                        return acquired;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                })
                .get(20, TimeUnit.SECONDS);
        assertThat(acquiredByOther).isTrue();
    }

    @Test
    void bucketsAndMaps() {
        RBucket<String> bucket = redisson.getBucket("greeting");
        bucket.set("hello", Duration.ofMinutes(1));
        assertThat(bucket.get()).isEqualTo("hello");
        assertThat(bucket.remainTimeToLive()).isPositive();
        assertThat(bucket.compareAndSet("hello", "bye")).isTrue();
        assertThat(bucket.get()).isEqualTo("bye");

        // numbers stored as text, so the server's HINCRBYFLOAT can add to them (Redisson's default codec is binary)
        RMap<String, Integer> scores =
                redisson.getMap("scores", new CompositeCodec(StringCodec.INSTANCE, IntegerCodec.INSTANCE));
        scores.put("ada", 1);
        assertThat(scores.addAndGet("ada", 41)).isEqualTo(42);
        assertThat(scores.putIfAbsent("ada", 7)).isEqualTo(42);
        assertThat(scores.readAllMap()).containsEntry("ada", 42).hasSize(1);
        assertThat(scores.fastRemove("ada")).isEqualTo(1);
    }
}
