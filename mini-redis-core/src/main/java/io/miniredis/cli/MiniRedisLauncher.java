package io.miniredis.cli;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerConfig;
import io.miniredis.server.ServerContext;
import io.miniredis.server.ShutdownRequest;
import java.net.InetSocketAddress;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code java -jar mini-redis-server.jar [redis.conf] [--port 6380] [--requirepass secret] ...}: the server on
 * its own, like redis-server. Prints one ready line with the bound address, stops gracefully on SIGTERM/Ctrl-C.
 */
public final class MiniRedisLauncher {

    /** redis-server's save points when no configuration sets any. */
    static final String REDIS_DEFAULT_SAVE = "3600 1 300 100 60 10000";

    private MiniRedisLauncher() {}

    /**
     * Production settings for Netty's buffer checks, unless given on the command line; set before any Netty class
     * loads, since Netty reads them once. Every byte the decoder reads through {@code ByteBuf.getByte} otherwise
     * re-reads the buffer's volatile reference count ({@code checkAccessible}), and one buffer in 128 is wrapped in
     * a leak-tracking proxy whose accesses are virtual calls (both showed in profiles of pipelined INCR). Bounds
     * checks stay on. The test suite runs with Netty's defaults, which is where a use-after-release or a leak
     * would show.
     */
    private static void tuneNetty() {
        defaultProperty("io.netty.buffer.checkAccessible", "false");
        defaultProperty("io.netty.leakDetection.level", "disabled");
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    public static void main(String[] args) throws Exception {
        tuneNetty();
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        if (options.help) {
            System.out.println(usage());
            return;
        }
        if (options.version) {
            System.out.println("mini-redis server v=" + ServerContext.REDIS_VERSION + " (Redis protocol compatible)");
            return;
        }
        configureLogging(options.parameters.getOrDefault("loglevel", "notice"));
        MiniRedisServer server;
        try {
            // standalone, as redis-server: Redis's default save points (the embedded builder has none), and a
            // client may stop the server with SHUTDOWN
            ServerConfig.Builder builder = ServerConfig.builder()
                    .config("save", REDIS_DEFAULT_SAVE)
                    .shutdownCommand(true)
                    .config(options.parameters);
            if (options.configFile != null) {
                builder.configFile(options.configFile);
            }
            server = builder.build().start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("mini-redis: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mini-redis-exit"));
        exitOnSignal("TERM", "shutdown-on-sigterm", server);
        exitOnSignal("INT", "shutdown-on-sigint", server);
        for (InetSocketAddress address : server.addresses()) {
            System.out.println(
                    "Ready to accept connections tcp on " + address.getHostString() + ":" + address.getPort());
        }
        System.out.flush();
        server.awaitTermination(); // SHUTDOWN, or a signal
        System.exit(0);
    }

    /**
     * SIGTERM and SIGINT run the server's shutdown procedure ({@link MiniRedisServer#shutdown}) with the flags of
     * {@code shutdown-on-sigterm} / {@code shutdown-on-sigint} (default: save when save points are set) and exit
     * with status 0, as redis-server does (the JVM's own handling would exit with 128 + the signal). When the final
     * save fails without {@code force}, the server goes on running, as Redis does. A script running at that moment
     * is stopped, even one that wrote: a server that is asked to stop must stop (Redis would wait for such a script
     * to end, possibly for ever).
     */
    private static void exitOnSignal(String name, String setting, MiniRedisServer server) {
        System.Logger log = System.getLogger(MiniRedisLauncher.class.getName());
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                log.log(System.Logger.Level.WARNING, "Received SIG" + name + " scheduling shutdown...");
                ShutdownRequest request =
                        ShutdownRequest.fromSetting(server.context().config().get(setting));
                if (server.shutdown(request)) {
                    System.exit(0);
                }
                log.log(
                        System.Logger.Level.WARNING,
                        "SIG" + name
                                + " received but errors trying to shut down the server, check the logs for more information");
            });
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            // not on this platform (or taken by the JVM, e.g. with -Xrs): the shutdown hook still closes the server
        }
    }

    private static void configureLogging(String level) {
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        Level jul = switch (level) {
            case "debug" -> Level.FINE;
            case "verbose" -> Level.CONFIG;
            case "warning" -> Level.WARNING;
            default -> Level.INFO;
        };
        console.setLevel(jul);
        root.setLevel(jul);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        long pid = ProcessHandle.current().pid();
        console.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                String mark = record.getLevel().intValue() >= Level.WARNING.intValue() ? "#" : "*";
                String time = new java.text.SimpleDateFormat("dd MMM yyyy HH:mm:ss.SSS", java.util.Locale.ROOT)
                        .format(new java.util.Date(record.getMillis()));
                String text = pid + ":M " + time + " " + mark + " " + formatMessage(record) + System.lineSeparator();
                if (record.getThrown() != null) {
                    java.io.StringWriter trace = new java.io.StringWriter();
                    record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                    text += trace;
                }
                return text;
            }
        });
        root.addHandler(console);
    }

    private static String usage() {
        return String.join(
                "\n",
                "Usage: java -jar mini-redis-server.jar [/path/to/redis.conf] [options]",
                "       java -jar mini-redis-server.jar -v or --version",
                "       java -jar mini-redis-server.jar -h or --help",
                "",
                "Options are redis.conf parameters with two dashes, for example:",
                "       java -jar mini-redis-server.jar --port 6380 --requirepass secret",
                "       java -jar mini-redis-server.jar /etc/redis/redis.conf --loglevel verbose",
                "       java -jar mini-redis-server.jar --bind 0.0.0.0 --maxmemory 100mb --io-threads 2",
                "",
                "The default bind address is " + ServerConfig.DEFAULT_BIND + " (loopback only).");
    }
}
