package io.miniredis.boot.test;

import io.miniredis.boot.test.MiniRedisTest.Isolation;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerConfig;
import io.miniredis.testing.ServerClock;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * mini-redis servers for tests, on free loopback ports: one per test class emptied before each test, or one per
 * test ({@link MiniRedisTest.Isolation}). Use it through {@link MiniRedisTest}, or register it in a field to
 * configure the server in code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static MiniRedisExtension redis = new MiniRedisExtension(server -> server.requirePass("secret"));
 * }</pre>
 *
 * Parameters of type {@link MiniRedisServer} and {@link ServerClock}, and {@code int} parameters annotated {@link
 * MiniRedisPort}, are resolved in constructors, lifecycle methods and tests. A server lives in JUnit's extension
 * store of the class (or test method) it was started for, so tests running in parallel never share one unless they
 * belong to one class under {@code CLASS} isolation, and {@code @Nested} classes use their enclosing class's server.
 * Registered on a single method instead, it starts a server for that method. Other extensions reach the server of a
 * context with {@link #serverOf(ExtensionContext)}.
 */
public class MiniRedisExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MiniRedisExtension.class);
    private static final String SERVER = "server";
    private static final String EXTENSION = "extension";

    private final Consumer<ServerConfig.Builder> customizer;
    private final Isolation isolation;
    private final ServerClock.Mode clock;
    private volatile MiniRedisServer lastStarted;

    public MiniRedisExtension() {
        this(builder -> {});
    }

    /** @param customizer adjusts each server's configuration after the defaults and {@link MiniRedisTest}'s */
    public MiniRedisExtension(Consumer<ServerConfig.Builder> customizer) {
        this(Isolation.CLASS, ServerClock.Mode.SYSTEM, customizer);
    }

    /**
     * @param isolation  a server per class or per test, unless the class has {@link MiniRedisTest}, which decides
     * @param clock      the servers' clock, unless the class has {@link MiniRedisTest}, which decides
     * @param customizer adjusts each server's configuration after the defaults and {@link MiniRedisTest}'s
     */
    public MiniRedisExtension(Isolation isolation, ServerClock.Mode clock, Consumer<ServerConfig.Builder> customizer) {
        this.isolation = Objects.requireNonNull(isolation);
        this.clock = Objects.requireNonNull(clock);
        this.customizer = Objects.requireNonNull(customizer);
    }

    /**
     * The server of a test, for other extensions (fixtures, faults, ...): the one of {@code context} or of an
     * enclosing context, started now if this extension is registered and has not started it yet. Declare {@link
     * MiniRedisTest} (or register this extension) before the extensions that call this.
     *
     * @throws IllegalStateException when no MiniRedisExtension is registered for the test
     */
    public static MiniRedisServer serverOf(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        MiniRedisServer server = store.get(SERVER, MiniRedisServer.class);
        if (server != null) {
            return server;
        }
        MiniRedisExtension extension = store.get(EXTENSION, MiniRedisExtension.class);
        if (extension == null) {
            throw new IllegalStateException("No mini-redis server for " + context.getDisplayName()
                    + ": annotate the class with @MiniRedisTest (before other annotations that use its server)");
        }
        return extension.serverFor(context);
    }

    /**
     * The server this extension started last: for a static {@code @RegisterExtension} field, the class's server.
     * Under {@code METHOD} isolation, with tests in parallel, take the server as a parameter instead.
     */
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
        context.getStore(NAMESPACE).put(EXTENSION, this);
        if (isolation(context) == Isolation.CLASS) {
            serverFor(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeOwn(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        boolean fresh = context.getStore(NAMESPACE).get(SERVER, MiniRedisServer.class) == null;
        MiniRedisServer server = serverFor(context);
        if (!fresh && settings(context).map(MiniRedisTest::flushBeforeEach).orElse(true)) {
            reset(server);
        }
    }

    /** Stops a server started for this test alone (METHOD isolation, or the extension registered on the method). */
    @Override
    public void afterEach(ExtensionContext context) {
        closeOwn(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MiniRedisServer.class
                || type == ServerClock.class
                || ((type == int.class || type == Integer.class) && parameter.isAnnotated(MiniRedisPort.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (isolation(context) == Isolation.METHOD && context.getTestMethod().isEmpty()) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException("With isolation METHOD each test"
                    + " has its own mini-redis server: take it as a parameter of the test or of a @BeforeEach method,"
                    + " not of " + parameter.getDeclaringExecutable());
        }
        MiniRedisServer server = serverFor(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == MiniRedisServer.class) {
            return server;
        }
        return type == ServerClock.class ? server.clock() : server.port();
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
        builder.clock(ServerClock.of(settings.map(MiniRedisTest::clock).orElse(clock)));
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

    private Isolation isolation(ExtensionContext context) {
        return settings(context).map(MiniRedisTest::isolation).orElse(isolation);
    }

    /** Closes the server this very context started, if any; servers of enclosing contexts are theirs to close. */
    private static void closeOwn(ExtensionContext context) {
        MiniRedisServer own = context.getStore(NAMESPACE).remove(SERVER, MiniRedisServer.class);
        if (own != null) {
            own.close();
        }
    }

    /**
     * Between two tests on one server: every database emptied on the keyspace thread (the only thread that may
     * touch keys), and a manual clock set back to the current time, where a new server's would start.
     */
    private static void reset(MiniRedisServer server)
            throws InterruptedException, ExecutionException, TimeoutException {
        server.context()
                .keyspaceThread()
                .submit(() -> server.context().keyspace().flushAll())
                .get(10, TimeUnit.SECONDS);
        if (server.clock().isManual()) {
            server.clock().fix(Instant.ofEpochMilli(System.currentTimeMillis()));
        }
    }

    /** The nearest {@link MiniRedisTest}: on the test class or an enclosing class. */
    private static Optional<MiniRedisTest> settings(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context);
                c.isPresent();
                c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && element.get() instanceof Class<?> type) {
                Optional<MiniRedisTest> test = annotation(type);
                if (test.isPresent()) {
                    return test;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<MiniRedisTest> annotation(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            MiniRedisTest test = t.getAnnotation(MiniRedisTest.class);
            if (test != null) {
                return Optional.of(test);
            }
        }
        return Optional.empty();
    }

    /**
     * Under {@code CLASS} isolation the tests of a class share its server and are emptied between each other, so
     * they must not run at the same time: each holds a lock named after its class (or the class enclosing its
     * {@code @Nested} class, whose server it shares). Other classes, and tests under {@code METHOD} isolation, take
     * no lock and run in parallel. Used by {@link MiniRedisTest}'s {@code @ResourceLock}.
     */
    public static final class ClassServerLock implements ResourceLocksProvider {

        @Override
        public Set<Lock> provideForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method method) {
            Optional<MiniRedisTest> test = annotation(testClass);
            if (test.isEmpty() || test.get().isolation() != Isolation.CLASS) {
                return Set.of();
            }
            Class<?> outermost = testClass; // a @Nested class is an inner class, sharing its enclosing class's server
            while (outermost.getEnclosingClass() != null && !Modifier.isStatic(outermost.getModifiers())) {
                outermost = outermost.getEnclosingClass();
            }
            return Set.of(new Lock("io.miniredis.boot.test.server:" + outermost.getName()));
        }
    }
}
