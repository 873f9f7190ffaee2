package io.miniredis.cli;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerConfig;
import io.miniredis.server.ServerContext;
import io.miniredis.server.ShutdownRequest;
import java.util.List;

/**
 * {@code java -jar mini-redis-server.jar [redis.conf] [--port 6380] [--requirepass secret] ...}: the server on
 * its own, like redis-server: the same arguments and config files ({@link CommandLine}, {@link RedisConf}), the
 * same log lines ({@link RedisLog}), stops gracefully on SIGTERM/Ctrl-C.
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
        // this process acts on logfile, loglevel and pidfile itself: no warning that an embedded server would give
        System.setProperty(io.miniredis.config.PendingParameters.STANDALONE_PROPERTY, "true");
        CommandLine commandLine = CommandLine.parse(args);
        switch (commandLine.mode()) {
            case VERSION -> {
                System.out.println(versionLine());
                return;
            }
            case HELP -> {
                System.err.println(usage());
                System.exit(1);
                return;
            }
            case TEST_MEMORY -> {
                System.err.println("mini-redis does not test memory: --test-memory needs direct access to the"
                        + " machine's RAM, which a JVM does not have. Use memtester or redis-server --test-memory.");
                System.exit(1);
                return;
            }
            case RUN -> {}
        }
        RedisConf conf;
        try {
            conf = RedisConf.load(commandLine, System.in);
        } catch (ConfigFileError e) {
            System.err.print(e.getMessage());
            System.err.flush();
            System.exit(1);
            return;
        } catch (ConfigFileUnreadable e) {
            RedisLog.log(RedisLog.Level.WARNING, e.getMessage());
            System.exit(1);
            return;
        }
        StartupLog.configure(conf.parameters);
        JulToRedisLog.install();
        RedisLog.log(RedisLog.Level.WARNING, "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        RedisLog.log(
                RedisLog.Level.WARNING,
                "Redis version=" + ServerContext.REDIS_VERSION + ", bits=64, commit=00000000, modified=0, pid="
                        + ProcessHandle.current().pid() + ", just started");
        RedisLog.log(
                RedisLog.Level.WARNING,
                args.length == 0
                        ? "Warning: no config file specified, using the default config. In order to specify a config"
                                + " file use " + "mini-redis-server /path/to/redis.conf"
                        : "Configuration loaded");
        RedisLog.configured();
        List<String> heapDefaults = HeapDefaults.apply();
        if (!heapDefaults.isEmpty()) {
            RedisLog.log(RedisLog.Level.VERBOSE, "JVM heap defaults applied: " + String.join(" ", heapDefaults));
        }
        MiniRedisServer server;
        try {
            // standalone, as redis-server: Redis's default save points (the embedded builder has none), and a
            // client may stop the server with SHUTDOWN
            ServerConfig.Builder builder = ServerConfig.builder()
                    .config("save", REDIS_DEFAULT_SAVE)
                    .shutdownCommand(true)
                    .config(conf.parameters);
            conf.renames.renamed().forEach(builder::renameCommand);
            if (conf.configFile != null) {
                builder.configFile(conf.configFile);
            }
            server = builder.build();
            // before the load: SIGTERM while loading shuts down as Redis does (no save, exit status 0)
            exitOnSignal("TERM", "shutdown-on-sigterm", server);
            exitOnSignal("INT", "shutdown-on-sigint", server);
            server.start();
            if (server.context().loading().aborted()) {
                server.awaitTermination(); // SIGTERM or SHUTDOWN while loading: the server is closing, nothing to log
                System.exit(0);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            RedisLog.log(RedisLog.Level.WARNING, e.getMessage());
            System.exit(1);
            return;
        }
        server.context().config().onChange("loglevel", RedisLog::level);
        RedisLog.log(RedisLog.Level.NOTICE, "Running mode=standalone, port=" + server.port() + ".");
        PidFile pidFile = PidFile.write(conf.parameters.getOrDefault("pidfile", ""));
        RedisLog.log(RedisLog.Level.WARNING, "Server initialized");
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            pidFile.delete();
                        },
                        "mini-redis-exit"));
        // as Redis 7.0: the first line only when a TCP port listens (port 0 with unixsocket: the socket only)
        if (!server.addresses().isEmpty()) {
            RedisLog.log(RedisLog.Level.NOTICE, "Ready to accept connections");
        }
        if (server.unixSocket() != null) {
            RedisLog.log(
                    RedisLog.Level.NOTICE, "The server is now ready to accept connections at " + server.unixSocket());
        }
        server.awaitTermination(); // SHUTDOWN, or a signal
        System.exit(0);
    }

    /** {@code --version}, in redis-server's form, which tools parse for {@code v=}. */
    static String versionLine() {
        return "Redis server v=" + ServerContext.REDIS_VERSION + " sha=00000000:0 malloc=jvm bits=64 build=mini-redis";
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

    private static String usage() {
        return String.join(
                "\n",
                "Usage: mini-redis-server [/path/to/redis.conf] [options] [-]",
                "       mini-redis-server - (read config from stdin)",
                "       mini-redis-server -v or --version",
                "       mini-redis-server -h or --help",
                "       (or java -jar mini-redis-server.jar ...)",
                "",
                "Options are redis.conf parameters with two dashes, for example:",
                "       mini-redis-server --port 6380 --requirepass secret",
                "       echo 'maxmemory 128mb' | mini-redis-server -",
                "       mini-redis-server /etc/redis/redis.conf --loglevel verbose -",
                "       mini-redis-server --bind 0.0.0.0 --maxmemory 100mb --io-threads 2",
                "",
                "The default bind address is " + ServerConfig.DEFAULT_BIND + " (loopback only).");
    }
}
