package io.miniredis.boot.test;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.testing.CommandRecorder;
import io.miniredis.testing.Faults;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Faults and the command recorder of the test's mini-redis server, scoped to one test: a {@link Faults} parameter
 * is the server's faults, all removed after the test; a {@link CommandRecorder} parameter is its recorder, started
 * afresh for the test and stopped and emptied after it.
 *
 * <pre>{@code
 * @MiniRedisTest
 * @ExtendWith(FaultsAndRecorderExtension.class)
 * class CacheTest {
 *     @Test
 *     void aHitSendsOneGet(Faults faults, CommandRecorder recorder) { ... }
 * }
 * }</pre>
 *
 * The server is the one {@link MiniRedisExtension} started for the test (register this extension after it, as above).
 * Faults and recording belong to the server: tests that share a server and run at the same time share them too, so
 * give such tests a server each.
 */
public class FaultsAndRecorderExtension implements ParameterResolver, AfterEachCallback {

    /** MiniRedisExtension's store: its namespace and key (until it offers a public lookup). */
    private static final ExtensionContext.Namespace SERVER_NAMESPACE =
            ExtensionContext.Namespace.create(MiniRedisExtension.class);

    private static final String SERVER_KEY = "server";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Faults.class || type == CommandRecorder.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MiniRedisServer server = serverOf(context);
        if (parameter.getParameter().getType() == Faults.class) {
            return server.faults();
        }
        CommandRecorder recorder = server.recorder();
        if (context.getTestMethod().isPresent()) {
            recorder.start(); // a test's own recording: nothing from set-up methods or earlier tests
        }
        return recorder;
    }

    /** Faults removed, recording stopped and forgotten: the next test starts clean. */
    @Override
    public void afterEach(ExtensionContext context) {
        MiniRedisServer server = context.getStore(SERVER_NAMESPACE).get(SERVER_KEY, MiniRedisServer.class);
        if (server != null) {
            server.context().testHooks().reset();
        }
    }

    private static MiniRedisServer serverOf(ExtensionContext context) {
        MiniRedisServer server = context.getStore(SERVER_NAMESPACE).get(SERVER_KEY, MiniRedisServer.class);
        if (server == null) {
            throw new IllegalStateException("No mini-redis server for " + context.getDisplayName()
                    + ": use @MiniRedisTest (or register MiniRedisExtension) before FaultsAndRecorderExtension");
        }
        return server;
    }
}
