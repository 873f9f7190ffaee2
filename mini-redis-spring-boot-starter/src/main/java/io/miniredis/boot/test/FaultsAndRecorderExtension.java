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
 * The server is the test's ({@link MiniRedisExtension#serverOf}; declare {@link MiniRedisTest} first, as above).
 * Faults and recording belong to the server: tests that share a server and run at the same time share them too, so
 * give such tests a server each.
 */
public class FaultsAndRecorderExtension implements ParameterResolver, AfterEachCallback {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Faults.class || type == CommandRecorder.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MiniRedisServer server = MiniRedisExtension.serverOf(context);
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
        MiniRedisExtension.serverOf(context).context().testHooks().reset();
    }
}
