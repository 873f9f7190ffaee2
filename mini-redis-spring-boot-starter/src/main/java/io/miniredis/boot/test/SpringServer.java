package io.miniredis.boot.test;

import io.miniredis.server.MiniRedisServer;
import java.util.Arrays;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The {@code MiniRedisServer} bean of a Spring test ({@code @SpringBootTest} and the like, which run under Spring's
 * {@code SpringExtension}), for the starter's own extensions. Spring's test library is optional here: without it,
 * or without the extension on the test class, there is no such server.
 */
final class SpringServer {

    private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

    private SpringServer() {}

    /** The application context's server, or null. */
    static MiniRedisServer find(ExtensionContext context) {
        if (ReflectionSupport.tryToLoadClass(SPRING_EXTENSION).toOptional().isEmpty()
                || !underSpringExtension(context.getRequiredTestClass())) {
            return null;
        }
        return org.springframework.test.context.junit.jupiter.SpringExtension.getApplicationContext(context)
                .getBeanProvider(MiniRedisServer.class)
                .getIfAvailable();
    }

    private static boolean underSpringExtension(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            boolean spring = AnnotationSupport.findRepeatableAnnotations(t, ExtendWith.class).stream()
                    .flatMap(extendWith -> Arrays.stream(extendWith.value()))
                    .anyMatch(extension -> extension.getName().equals(SPRING_EXTENSION));
            if (spring) {
                return true;
            }
        }
        return false;
    }
}
