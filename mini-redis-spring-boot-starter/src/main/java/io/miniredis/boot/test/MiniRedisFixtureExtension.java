package io.miniredis.boot.test;

import io.miniredis.server.MiniRedisServer;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link MiniRedisFixture}: before each test, replaces the server's data with the nearest fixtures (the method's,
 * else its class's or an enclosing class's) through {@code server.fixtures().reset(...)}, which loads the files
 * the first time and restores their snapshot afterwards. A separate extension: it finds the server that {@link
 * MiniRedisExtension} started for the class, or a Spring test's {@code MiniRedisServer} bean.
 */
public class MiniRedisFixtureExtension implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<MiniRedisFixture> fixture = nearest(context);
        if (fixture.isEmpty()) {
            return;
        }
        checkDeclaredAfterMiniRedisTest(context.getRequiredTestClass());
        server(context).fixtures().reset(fixture.get().value());
    }

    /** The method's annotation, else the class's, else an enclosing class's. */
    private static Optional<MiniRedisFixture> nearest(ExtensionContext context) {
        Optional<MiniRedisFixture> onMethod =
                AnnotationSupport.findAnnotation(context.getTestMethod(), MiniRedisFixture.class);
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            Optional<MiniRedisFixture> onClass = AnnotationSupport.findAnnotation(type, MiniRedisFixture.class);
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }

    /**
     * JUnit runs the extensions of a class's annotations in their order: declared before {@code @MiniRedisTest},
     * the fixtures would be loaded before MiniRedisExtension empties the server for the test. Said plainly rather
     * than leaving every test with no data.
     */
    private static void checkDeclaredAfterMiniRedisTest(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            List<Class<? extends Annotation>> order = java.util.Arrays.stream(t.getDeclaredAnnotations())
                    .map(Annotation::annotationType)
                    .toList();
            int fixture = order.indexOf(MiniRedisFixture.class);
            int test = order.indexOf(MiniRedisTest.class);
            if (fixture >= 0 && test > fixture) {
                throw new ExtensionConfigurationException("Declare @MiniRedisFixture after @MiniRedisTest on "
                        + t.getName() + ": MiniRedisTest empties the server before each test, and annotations' "
                        + "extensions run in their order");
            }
        }
    }

    private static MiniRedisServer server(ExtensionContext context) {
        MiniRedisServer server = extensionServer(context);
        if (server != null) {
            return server;
        }
        server = SpringServer.find(context);
        if (server != null) {
            return server;
        }
        throw new ExtensionConfigurationException("@MiniRedisFixture on " + element(context)
                + " found no server: use it with @MiniRedisTest (or a MiniRedisExtension), or in a @SpringBootTest"
                + " with the mini-redis starter");
    }

    /**
     * The server MiniRedisExtension keeps for this test (in its store, under the test's or an enclosing context), or
     * null. (When MiniRedisExtension.serverOf(ExtensionContext) is there, this is that call.)
     */
    private static MiniRedisServer extensionServer(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(MiniRedisExtension.class))
                .get("server", MiniRedisServer.class);
    }

    private static String element(ExtensionContext context) {
        return context.getElement().map(AnnotatedElement::toString).orElse(context.getDisplayName());
    }
}
