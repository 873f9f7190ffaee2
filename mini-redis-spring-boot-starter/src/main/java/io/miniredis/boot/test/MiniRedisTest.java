package io.miniredis.boot.test;

import io.miniredis.testing.ServerClock;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Gives the test class mini-redis servers of its own on free loopback ports: one for the class, emptied before
 * each test ({@link Isolation#CLASS}, the default), or a fresh one for each test ({@link Isolation#METHOD}). Test
 * methods, constructors and lifecycle methods receive it as a {@link io.miniredis.server.MiniRedisServer} parameter,
 * its clock as a {@link ServerClock} parameter, and its port as an {@code int} parameter annotated {@link
 * MiniRedisPort}. Under JUnit's parallel execution classes never share a server, port or data; with {@code
 * CLASS} isolation the tests of one class take turns on its server (a resource lock per class), with {@code METHOD}
 * they run at once, each on its own. {@code @Nested} classes share their enclosing class's server.
 *
 * <pre>{@code
 * @MiniRedisTest(clock = ServerClock.Mode.MANUAL)
 * class SessionTest {
 *     @Test
 *     void expires(MiniRedisServer server, ServerClock clock) {
 *         ... SET session abc EX 1800 ...
 *         clock.advance(Duration.ofMinutes(30));   // expired, its "expired" event published
 *     }
 * }
 * }</pre>
 *
 * {@link io.miniredis.testing.Faults} and {@link io.miniredis.testing.CommandRecorder} parameters come with it too
 * ({@link FaultsAndRecorderExtension}: reset after each test). Other extensions find the server with {@link
 * MiniRedisExtension#serverOf}; declare {@code @MiniRedisTest} before them.
 *
 * @see MiniRedisExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith({MiniRedisExtension.class, FaultsAndRecorderExtension.class})
@ResourceLock(providers = MiniRedisExtension.ClassServerLock.class)
public @interface MiniRedisTest {

    /** What a test gets: a server per class emptied between tests, or a server per test. */
    enum Isolation {
        /**
         * One server for the class (and its {@code @Nested} classes), started before the first test and stopped
         * after the last. Before each test its data is removed (unless {@link #flushBeforeEach()} is false) and a
         * manual clock set back to the current time; CONFIG SET changes, scripts and functions stay. Its tests do
         * not run at the same time as each other.
         */
        CLASS,
        /**
         * A fresh server for each test, stopped after it: nothing carries over, and the tests of the class may run
         * in parallel. Costs a server start per test (a few milliseconds, see docs/testing.md).
         */
        METHOD
    }

    /** A server per class (emptied between tests) or per test method. */
    Isolation isolation() default Isolation.CLASS;

    /**
     * The server's clock: the system clock, or a manual one that the test moves with {@link
     * ServerClock#advance(java.time.Duration)} (expiring keys and timing out blocked clients as it goes).
     */
    ServerClock.Mode clock() default ServerClock.Mode.SYSTEM;

    /** The password clients must give (Redis {@code requirepass}); none by default. */
    String password() default "";

    /** More Redis parameters, each as a redis.conf line: {@code "hz 100"}, {@code "notify-keyspace-events KEA"}. */
    String[] config() default {};

    /**
     * With {@link Isolation#CLASS}: whether to remove every key before each test (FLUSHALL) and set a manual clock
     * back to now, so tests do not see each other's data.
     */
    boolean flushBeforeEach() default true;
}
