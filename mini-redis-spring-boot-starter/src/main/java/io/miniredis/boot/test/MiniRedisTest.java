package io.miniredis.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class its own mini-redis server on a free loopback port, started before its first test and
 * stopped after its last, emptied before each test. Test methods, constructors and lifecycle methods receive it as
 * a {@link io.miniredis.server.MiniRedisServer} parameter, and its port as an {@code int} parameter annotated
 * {@link MiniRedisPort}. Classes running in parallel each have their own server, so they never share a port or
 * data; {@code @Nested} classes share their enclosing class's server.
 *
 * @see MiniRedisExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MiniRedisExtension.class)
public @interface MiniRedisTest {

    /** The password clients must give (Redis {@code requirepass}); none by default. */
    String password() default "";

    /** More Redis parameters, each as a redis.conf line: {@code "hz 100"}, {@code "notify-keyspace-events KEA"}. */
    String[] config() default {};

    /** Whether to remove every key before each test (FLUSHALL), so tests do not see each other's data. */
    boolean flushBeforeEach() default true;
}
