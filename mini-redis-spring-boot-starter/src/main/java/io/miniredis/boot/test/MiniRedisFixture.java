package io.miniredis.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The data each test starts with: before every test the server's data is replaced by these fixtures, loaded in
 * order. The files are read and loaded once per JVM; later tests get the dataset back from its in-memory snapshot,
 * which is much faster (see docs/testing.md, "Fixtures").
 *
 * <pre>{@code
 * @MiniRedisTest
 * @MiniRedisFixture("classpath:users.redis")
 * class UserRepositoryTest { ... }
 * }</pre>
 *
 * On a class (its tests and {@code @Nested} classes) or on a test method, where it replaces the class's. Locations:
 * {@code classpath:...}, {@code file:...} or a path; {@code .json} files are JSON descriptions, {@code .rdb}
 * files RDB files, anything else redis-cli commands. The server is the one {@link MiniRedisExtension} gives the
 * class (declare {@code @MiniRedisTest} before this annotation), or the {@code MiniRedisServer} bean of a
 * {@code @SpringBootTest}'s application context.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MiniRedisFixtureExtension.class)
public @interface MiniRedisFixture {

    /** The fixture locations, loaded in this order. */
    String[] value();
}
