package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.stats.ServerStats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lazy and active expiry, driven by an injected clock. */
class ExpiryTest {

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
    private final ServerStats stats = new ServerStats();
    private final Keyspace keyspace = new Keyspace(2, clock, stats);

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aKeyPastItsTimeIsInvisibleToEveryLookup() {
        keyspace.beginCommand(true);
        Database db = keyspace.db(0);
        KeyEntry entry = db.set(key("k"), key("v"), false);
        db.setExpiry(entry, millis.get() + 100);
        millis.addAndGet(99);
        keyspace.beginCommand(true);
        assertThat(db.peek(key("k"))).isNotNull();
        millis.addAndGet(1);
        keyspace.beginCommand(true);
        assertThat(db.lookupRead(key("k"))).isNull();
        assertThat(db.size()).isZero();
        assertThat(stats.expiredKeys()).isEqualTo(1);
        assertThat(stats.keyspaceMisses()).isEqualTo(1);
    }

    @Test
    void theActiveCycleRemovesKeysNobodyReads() {
        keyspace.beginCommand(true);
        Database db = keyspace.db(1);
        for (int i = 0; i < 10_000; i++) {
            KeyEntry entry = db.set(key("volatile:" + i), key("v"), false);
            db.setExpiry(entry, millis.get() + 50);
        }
        for (int i = 0; i < 100; i++) {
            db.set(key("persistent:" + i), key("v"), false);
        }
        millis.addAndGet(51);
        for (int cycle = 0; cycle < 100 && db.size() > 100; cycle++) {
            keyspace.activeExpireCycle(TimeUnit.MILLISECONDS.toNanos(25));
        }
        assertThat(db.size()).isEqualTo(100);
        assertThat(db.expiringSize()).isZero();
        assertThat(stats.expiredKeys()).isEqualTo(10_000);
    }

    @Test
    void persistAndOverwriteClearTheTtl() {
        keyspace.beginCommand(true);
        Database db = keyspace.db(0);
        KeyEntry entry = db.set(key("a"), key("1"), false);
        db.setExpiry(entry, millis.get() + 10);
        assertThat(db.persist(entry)).isTrue();
        assertThat(db.expiringSize()).isZero();
        db.setExpiry(entry, millis.get() + 10);
        db.set(key("a"), key("2"), false);
        assertThat(db.peek(key("a")).hasExpiry()).isFalse();
        db.setExpiry(db.peek(key("a")), millis.get() + 10);
        db.set(key("a"), key("3"), true);
        assertThat(db.peek(key("a")).hasExpiry()).isTrue();
    }
}
