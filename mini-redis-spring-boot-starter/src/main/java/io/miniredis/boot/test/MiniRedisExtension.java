package io.miniredis.boot.test;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerConfig;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A mini-redis server per test class, on a free loopback port: started before the class's first test, emptied
 * before each test, stopped after the last one. Use it through {@link MiniRedisTest}, or register it in a field
 * to configure the server in code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static MiniRedisExtension redis = new MiniRedisExtension(server -> server.requirePass("secret"));
 * }</pre>
 *
 * Parameters of type {@link MiniRedisServer}, and {@code int} parameters annotated {@link MiniRedisPort}, are
 * resolved in constructors, lifecycle methods and tests. The server lives in JUnit's extension store of the class
 * it was started for, so classes running in parallel never share one, and {@code @Nested} classes use their
 * enclosing class's server. Registered on a single method instead, it starts a server for that method.
 */
public class MiniRedisExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MiniRedisExtension.class);
    private static final String SERVER = "server";

    private final Consumer<ServerConfig.Builder> customizer;
    private volatile MiniRedisServer lastStarted;

    public MiniRedisExtension() {
        this(builder -> {});
    }

    /** @param customizer adjusts each server's configuration after the defaults and {@link MiniRedisTest}'s */
    public MiniRedisExtension(Consumer<ServerConfig.Builder> customizer) {
        this.customizer = customizer;
    }

    /** The server this extension started last: for a static {@code @RegisterExtension} field, the class's server. */
    public MiniRedisServer server() {
        MiniRedisServer server = lastStarted;
        if (server == null) {
            throw new IllegalStateException("No mini-redis server has been started yet");
        }
        return server;
    }

    /** The port of {@link #server()}. */
    public int port() {
        return server().port();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        serverFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeOwn(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        MiniRedisServer server = serverFor(context);
        if (settings(context).map(MiniRedisTest::flushBeforeEach).orElse(true)) {
            flushAll(server);
        }
    }

    /** Stops a server started for this method alone (the extension was registered on the method). */
    @Override
    public void afterEach(ExtensionContext context) {
        closeOwn(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MiniRedisServer.class
                || ((type == int.class || type == Integer.class) && parameter.isAnnotated(MiniRedisPort.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MiniRedisServer server = serverFor(context);
        return parameter.getParameter().getType() == MiniRedisServer.class ? server : server.port();
    }

    /** The server of this context or of an enclosing one; started in this context when there is none. */
    private MiniRedisServer serverFor(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        MiniRedisServer server = store.get(SERVER, MiniRedisServer.class);
        if (server == null) {
            server = start(context);
            store.put(SERVER, server);
        }
        return server;
    }

    private MiniRedisServer start(ExtensionContext context) {
        ServerConfig.Builder builder = MiniRedisServer.builder().port(0).bind("127.0.0.1");
        Optional<MiniRedisTest> settings = settings(context);
        settings.ifPresent(test -> {
            if (!test.password().isEmpty()) {
                builder.requirePass(test.password());
            }
            for (String line : test.config()) {
                String[] parts = line.trim().split("\\s+", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException(
                            "@MiniRedisTest config entries are \"name value\" lines, not '" + line + "'");
                }
                builder.config(parts[0], parts[1]);
            }
        });
        customizer.accept(builder);
        MiniRedisServer server = builder.build().start();
        lastStarted = server;
        return server;
    }

    /** Closes the server this very context started, if any; servers of enclosing contexts are theirs to close. */
    private static void closeOwn(ExtensionContext context) {
        MiniRedisServer own = context.getStore(NAMESPACE).remove(SERVER, MiniRedisServer.class);
        if (own != null) {
            own.close();
        }
    }

    /** Empties every database on the server's keyspace thread, the only thread that may touch keys. */
    private static void flushAll(MiniRedisServer server)
            throws InterruptedException, ExecutionException, TimeoutException {
        server.context()
                .keyspaceThread()
                .submit(() -> server.context().keyspace().flushAll())
                .get(10, TimeUnit.SECONDS);
    }

    /** The nearest {@link MiniRedisTest}: on the test class or an enclosing class. */
    private static Optional<MiniRedisTest> settings(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context);
                c.isPresent();
                c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && element.get() instanceof Class<?> type) {
                for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
                    MiniRedisTest test = t.getAnnotation(MiniRedisTest.class);
                    if (test != null) {
                        return Optional.of(test);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
