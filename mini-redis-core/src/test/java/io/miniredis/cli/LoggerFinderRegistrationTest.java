package io.miniredis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The Redis-format LoggerFinder is registered only in the standalone jar (StandaloneServerIT checks its lines):
 * on the core's own class path, the one an embedding application (the Spring starter) gets, no service names it,
 * so the JDK's finder stays in charge and the application keeps its log format.
 */
class LoggerFinderRegistrationTest {

    @Test
    void theCoreClassPathRegistersNoLoggerFinder() {
        assertThat(ServiceLoader.load(System.LoggerFinder.class).stream()
                        .map(p -> p.type().getName()))
                .doesNotContain(RedisLoggerFinder.class.getName());
        assertThat(System.getLogger("io.miniredis.test").getClass().getName())
                .doesNotStartWith(RedisLoggerFinder.class.getName());
    }
}
