package io.miniredis.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * The server's time: key expiry, TTL and PTTL, active expiry, blocking-command timeouts, OBJECT IDLETIME and FREQ,
 * TIME, what scripts see, CLIENT LIST's age and idle. Either the system clock (the default, and the only one in
 * production) or a manual clock that only a test moves, with {@link #fix(Instant)} and {@link #advance(Duration)}:
 *
 * <pre>{@code
 * MiniRedisServer server = MiniRedisServer.builder().port(0).clock(ServerClock.manual()).build().start();
 * ... SET session abc EX 1800 ...
 * server.clock().advance(Duration.ofMinutes(31));   // the key is gone, its "expired" event published
 * }</pre>
 *
 * Moving a manual clock forward does, before the call returns, what Redis would have done by then: every key whose
 * time has passed is expired (with its {@code expired} keyspace notification, in the order of their expiry times)
 * and every blocked client whose timeout has passed gets its timeout reply. The process's own time (socket and
 * script timeouts, the cron's period, latency figures) stays real: see docs/architecture.md, "Time". No command a
 * client can send changes this clock.
 */
public final class ServerClock implements InstantSource {

    /** Which clock a server is built with: the Spring Boot starter's {@code mini-redis.clock}, the annotation's. */
    public enum Mode {
        SYSTEM,
        MANUAL
    }

    private final boolean manual;
    /** The manual time; null on the system clock. */
    private volatile Instant now;
    /** The servers following this clock: each catches up to a new time on its keyspace thread, and returns then. */
    private final List<LongConsumer> followers = new CopyOnWriteArrayList<>();

    private ServerClock(Instant start) {
        this.manual = start != null;
        this.now = start;
    }

    /** The wall clock: what every server uses unless built with another one. */
    public static ServerClock system() {
        return new ServerClock(null);
    }

    /** A new clock of that mode. */
    public static ServerClock of(Mode mode) {
        return mode == Mode.MANUAL ? manual() : system();
    }

    /** A manual clock standing at the current time (to the millisecond), until a test moves it. */
    public static ServerClock manual() {
        return manual(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    /** A manual clock standing at {@code start} until a test moves it. */
    public static ServerClock manual(Instant start) {
        return new ServerClock(Objects.requireNonNull(start, "start"));
    }

    /** Whether a test moves this clock ({@link #manual()}), rather than it following the system clock. */
    public boolean isManual() {
        return manual;
    }

    @Override
    public Instant instant() {
        return manual ? now : Instant.now();
    }

    @Override
    public long millis() {
        return manual ? now.toEpochMilli() : System.currentTimeMillis();
    }

    /** How long a wall-clock reading serves {@link #millisAt} before it is taken again. */
    private static final long WALL_RESYNC_NANOS = 100_000_000L;

    /** A wall-clock reading (epoch nanoseconds, to the microsecond) and the {@code System.nanoTime()} it was at. */
    private record WallReading(long epochNanos, long nanoTime) {}

    /** Shared by the keyspace threads of the servers following this clock: immutable, so any copy read is whole. */
    private volatile WallReading wall = new WallReading(0, System.nanoTime() - 2 * WALL_RESYNC_NANOS);

    /**
     * The time in epoch milliseconds at {@code nanoTime}, a {@code System.nanoTime()} the caller has just read: the
     * command dispatcher reads one per command for its duration, and the keyspace's time comes from it rather than
     * from a second clock call (a clock call was a third of a pipelined LPUSH's dispatch in a profile). On the system
     * clock: the wall clock read at most 100 ms ago, to the microsecond, plus the monotonic time since, so a step of
     * the wall clock (NTP, an operator) shows within 100 ms; a manual clock's time as it stands.
     */
    public long millisAt(long nanoTime) {
        if (manual) {
            return now.toEpochMilli();
        }
        WallReading reading = wall;
        long elapsed = nanoTime - reading.nanoTime();
        if (elapsed < 0 || elapsed > WALL_RESYNC_NANOS) {
            Instant instant = Instant.now();
            reading = new WallReading(instant.getEpochSecond() * 1_000_000_000L + instant.getNano(), System.nanoTime());
            wall = reading;
            elapsed = nanoTime - reading.nanoTime();
        }
        return Math.floorDiv(reading.epochNanos() + elapsed, 1_000_000L);
    }

    /**
     * Moves the clock forward by {@code duration} and returns once every server following it has expired the keys
     * and timed out the blocked clients whose time came by then.
     *
     * @throws IllegalStateException    on the system clock
     * @throws IllegalArgumentException for a negative duration (time does not go back this way: see {@link #fix})
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("advance() moves time forward; to set an earlier time use fix()");
        }
        moveTo(manualNow().plus(duration));
    }

    /**
     * Sets the clock to {@code instant}. Later than now, it is an {@link #advance}: what is due by then happens before
     * this returns. Earlier than now, time just goes back (as a wall clock set back would): nothing expires.
     *
     * @throws IllegalStateException on the system clock
     */
    public void fix(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        manualNow();
        moveTo(instant);
    }

    private synchronized void moveTo(Instant instant) {
        now = instant;
        long millis = instant.toEpochMilli();
        for (LongConsumer follower : followers) {
            follower.accept(millis);
        }
    }

    private Instant manualNow() {
        if (!manual) {
            throw new IllegalStateException("This server runs on the system clock, which a test cannot move: build it"
                    + " with ServerConfig.Builder.clock(ServerClock.manual()) (Spring Boot starter: mini-redis.clock=manual;"
                    + " @MiniRedisTest(clock = Mode.MANUAL))");
        }
        return now;
    }

    /**
     * Registers what a server does when the time moves: {@code catchUp} gets the new time in epoch milliseconds and
     * returns when the server has caught up. Called by the server as it starts; running what it returns stops it.
     */
    public Runnable follow(LongConsumer catchUp) {
        followers.add(catchUp);
        return () -> followers.remove(catchUp);
    }

    @Override
    public String toString() {
        return manual ? "ServerClock[manual " + now + "]" : "ServerClock[system]";
    }
}
