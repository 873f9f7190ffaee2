package io.miniredis.boot;

import io.miniredis.server.MiniRedisServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Starts the embedded server with the application context and stops it with it, and publishes the bound port as
 * {@code local.mini-redis.port} (the way Spring Boot publishes {@code local.server.port}).
 * <p>
 * The server starts at the first of two moments: when something needs its address before the context has
 * started (Spring Data Redis reads host and port while it creates its connection factory, see {@link #port()}),
 * or in this lifecycle's {@link #PHASE}, which comes before every ordinary lifecycle bean and the web server. It
 * stops in the same phase on the way down, so after the web server and the Redis clients of the application (the
 * Lettuce connection factory stops in phase 0) have stopped: in-flight commands finish, clients are closed, and
 * every thread and the port are released.
 */
public class MiniRedisServerLifecycle implements SmartLifecycle {

    /**
     * Below 0, where the Lettuce connection factory and plain {@code Lifecycle} beans run, and far below the web
     * server ({@code SmartLifecycle.DEFAULT_PHASE - 2048}): the server is up before anything that may use it starts,
     * and goes down after all of it has stopped.
     */
    public static final int PHASE = -1024;

    /** The property the bound port is published under. */
    public static final String PORT_PROPERTY = "local.mini-redis.port";

    private static final String PROPERTY_SOURCE_NAME = "mini-redis.ports";

    private final MiniRedisServer server;
    private final ApplicationContext context;
    /** {@code mini-redis.fixtures}: loaded once, when this lifecycle first starts the server. */
    private final List<String> fixtures;

    private boolean fixturesLoaded;
    /** Whether this lifecycle has started the server (or found it started) and published its port. */
    private volatile boolean started;

    public MiniRedisServerLifecycle(MiniRedisServer server, ApplicationContext context) {
        this(server, context, List.of());
    }

    /** @param fixtures fixture locations loaded into the server once it has started ({@code mini-redis.fixtures}) */
    public MiniRedisServerLifecycle(MiniRedisServer server, ApplicationContext context, List<String> fixtures) {
        this.server = server;
        this.context = context;
        this.fixtures = List.copyOf(fixtures);
    }

    public MiniRedisServer server() {
        return server;
    }

    /**
     * The port the server listens on, starting it first if the context has not yet: whoever asks for the port is
     * about to connect.
     */
    public int port() {
        start();
        return server.port();
    }

    /**
     * The address a client on this machine connects to: the first address listened on, or loopback when that is
     * the wildcard address. Starts the server first if needed.
     */
    public InetSocketAddress connectAddress() {
        start();
        return connectAddress(server);
    }

    /** Where a local client reaches {@code server}: its first address, or loopback for a wildcard one. */
    public static InetSocketAddress connectAddress(MiniRedisServer server) {
        List<InetSocketAddress> addresses = server.addresses();
        if (addresses.isEmpty()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        }
        InetSocketAddress first = addresses.get(0);
        if (first.getAddress() != null && first.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), first.getPort());
        }
        return first;
    }

    @Override
    public synchronized void start() {
        if (started && server.isRunning()) {
            return;
        }
        try {
            server.start(); // does nothing when the application's own server bean was started already
        } catch (RuntimeException e) {
            throw new MiniRedisStartException(
                    server.config().bind(), server.config().port(), e);
        }
        if (!fixturesLoaded) {
            fixturesLoaded = true;
            // before anyone connects: whoever asked for the port is about to use the data
            fixtures.forEach(server.fixtures()::load);
        }
        publishPort(context, server.port());
        started = true;
    }

    @Override
    public synchronized void stop() {
        started = false;
        server.close();
        publishPort(context, null);
    }

    @Override
    public boolean isRunning() {
        return started && server.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** A Redis server has clients that expect it to answer: it is not paused with the context, only stopped. */
    @Override
    public boolean isPauseable() {
        return false;
    }

    /** Sets (or with null removes) the port property in the context's environment and its parents'. */
    private static void publishPort(ApplicationContext context, Integer port) {
        for (ApplicationContext c = context; c != null; c = c.getParent()) {
            if (c instanceof ConfigurableApplicationContext configurable) {
                publishPort(configurable.getEnvironment(), port);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void publishPort(ConfigurableEnvironment environment, Integer port) {
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
        if (source == null) {
            if (port == null) {
                return;
            }
            source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
            sources.addFirst(source);
        }
        Map<String, Object> ports = (Map<String, Object>) source.getSource();
        if (port == null) {
            ports.remove(PORT_PROPERTY);
        } else {
            ports.put(PORT_PROPERTY, port);
        }
    }
}
