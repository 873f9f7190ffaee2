package io.miniredis.server;

import io.miniredis.config.ConfigException;
import io.miniredis.config.ConfigNumbers;
import io.miniredis.config.ConfigRegistry;
import io.miniredis.config.RedisParameters;
import io.miniredis.testing.ServerClock;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The settings a server starts with, immutable. Redis parameters (port, bind, requirepass, maxmemory, ...) are kept
 * by their redis.conf names and validated when the configuration is built, so a bad value fails at start with
 * Redis's reason; runtime changes (CONFIG SET) live in the server's {@link ConfigRegistry}, not here.
 */
public final class ServerConfig {

    /** Loopback only unless told otherwise, like the redis.conf Redis ships. */
    public static final String DEFAULT_BIND = "127.0.0.1 -::1";

    private final Map<String, String> parameters;
    private final int ioThreads;
    private final boolean nativeTransport;
    private final ServerClock clock;
    private final Path configFile;
    private final Map<String, String> commandRenames;
    private final boolean shutdownCommand;

    private ServerConfig(Builder builder) {
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.parameters));
        this.ioThreads = builder.ioThreads;
        this.nativeTransport = builder.nativeTransport;
        this.clock = builder.clock != null ? builder.clock : ServerClock.system();
        this.configFile = builder.configFile;
        this.commandRenames = Collections.unmodifiableMap(new LinkedHashMap<>(builder.commandRenames));
        this.shutdownCommand = builder.shutdownCommand;
        newRegistry(); // validates every parameter now rather than at start()
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Redis parameters set explicitly, by name. */
    public Map<String, String> parameters() {
        return parameters;
    }

    public int port() {
        return Integer.parseInt(parameters.getOrDefault("port", "6379"));
    }

    public String bind() {
        return parameters.getOrDefault("bind", DEFAULT_BIND);
    }

    public int ioThreads() {
        return ioThreads;
    }

    public boolean nativeTransport() {
        return nativeTransport;
    }

    /** The server's time (see {@link ServerClock}): the system clock unless the builder was given another. */
    public ServerClock clock() {
        return clock;
    }

    /** The redis.conf the server was started from, which CONFIG REWRITE updates; null when there is none. */
    public Path configFile() {
        return configFile;
    }

    /** {@code rename-command}: the new name (empty: the command is removed) by the command's own name. */
    public Map<String, String> commandRenames() {
        return commandRenames;
    }

    /** Whether a client may stop the server with SHUTDOWN ({@link Builder#shutdownCommand}). */
    public boolean shutdownCommand() {
        return shutdownCommand;
    }

    /** A fresh live configuration holding Redis's defaults overridden by these parameters. */
    public ConfigRegistry newRegistry() {
        ConfigRegistry registry = new ConfigRegistry(RedisParameters.all());
        registry.initialize("bind", DEFAULT_BIND);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            try {
                registry.initialize(parameter.getKey(), parameter.getValue());
            } catch (ConfigException e) {
                throw new IllegalArgumentException(
                        "Invalid value '" + parameter.getValue() + "' for '" + parameter.getKey() + "': "
                                + e.getMessage(),
                        e);
            }
        }
        return registry;
    }

    public static final class Builder {

        private final Map<String, String> parameters = new LinkedHashMap<>();
        private int ioThreads = 1;
        private boolean nativeTransport = true;
        private ServerClock clock;
        private Path configFile;
        private final Map<String, String> commandRenames = new LinkedHashMap<>();
        private boolean shutdownCommand;

        /**
         * An embedded server starts without save points ({@code save ""}): it writes no dump.rdb into the
         * application's working directory unless asked. The standalone launcher sets Redis's default back.
         */
        private Builder() {
            parameters.put("save", "");
        }

        /**
         * Whether clients may stop the server with SHUTDOWN. Off by default: an application embedding the server
         * must not be stoppable by one of its clients; the standalone launcher turns it on.
         */
        public Builder shutdownCommand(boolean enabled) {
            this.shutdownCommand = enabled;
            return this;
        }

        /**
         * {@code rename-command name newName}: clients call the command by {@code newName}; an empty one removes it.
         * The launcher checks the names as Redis does; here an unknown command is simply not found.
         */
        public Builder renameCommand(String name, String newName) {
            commandRenames.put(name.toLowerCase(Locale.ROOT), newName.toLowerCase(Locale.ROOT));
            return this;
        }

        /** The TCP port; 0 picks a free one, readable from {@link MiniRedisServer#port()} after start. */
        public Builder port(int port) {
            return config("port", Integer.toString(port));
        }

        /** Addresses to listen on, space separated, redis.conf style ({@code -} prefix: optional). */
        public Builder bind(String addresses) {
            return config("bind", addresses);
        }

        public Builder requirePass(String password) {
            return config("requirepass", password == null ? "" : password);
        }

        public Builder databases(int databases) {
            return config("databases", Integer.toString(databases));
        }

        public Builder maxClients(int maxClients) {
            return config("maxclients", Integer.toString(maxClients));
        }

        /**
         * Any Redis parameter by its redis.conf name, e.g. {@code config("maxmemory", "100mb")}. {@code io-threads}
         * also sets {@link #ioThreads(int)}.
         */
        public Builder config(String name, String value) {
            String key = Objects.requireNonNull(name).toLowerCase(Locale.ROOT);
            parameters.put(key, Objects.requireNonNull(value));
            if (key.equals("io-threads")) {
                Long threads = ConfigNumbers.strictLong(value.trim());
                if (threads != null && threads >= 1 && threads <= 128) {
                    this.ioThreads = threads.intValue(); // out of range: refused with Redis's reason when built
                }
            }
            return this;
        }

        /** The working directory ({@code dir}): where the AOF directory (and the RDB file) go. */
        public Builder dir(Path directory) {
            return config("dir", directory.toString());
        }

        /** {@code appendonly}: the AOF loaded at start and appended to (see docs/persistence.md). */
        public Builder appendOnly(boolean enabled) {
            return config("appendonly", enabled ? "yes" : "no");
        }

        /** {@code appendfsync}: {@code always}, {@code everysec} or {@code no}. */
        public Builder appendFsync(String policy) {
            return config("appendfsync", policy);
        }

        /** {@code appenddirname}: the AOF directory's name inside {@code dir}. */
        public Builder appendDirName(String name) {
            return config("appenddirname", name);
        }

        /** The redis.conf file the parameters came from, so that CONFIG REWRITE can update it. */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        public Builder config(Map<String, String> values) {
            values.forEach(this::config);
            return this;
        }

        /**
         * Netty I/O threads. With one (the default), that thread also owns the keyspace and runs every command
         * without a hand-off; with more, commands go to a dedicated keyspace thread in batches.
         */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1");
            }
            this.ioThreads = threads;
            parameters.put("io-threads", Integer.toString(threads)); // so CONFIG GET io-threads tells the truth
            return this;
        }

        /** Use epoll on Linux when available (default); false forces NIO. */
        public Builder nativeTransport(boolean enabled) {
            this.nativeTransport = enabled;
            return this;
        }

        /**
         * The server's time: expiry, TTLs, blocking timeouts, OBJECT IDLETIME, TIME. A test gives {@link
         * ServerClock#manual()} and moves it with {@code server.clock().advance(...)}; a clock is followed by the
         * servers built with it, so one clock can drive several. Default: a system clock of the server's own.
         */
        public Builder clock(ServerClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public ServerConfig buildConfig() {
            return new ServerConfig(this);
        }

        public MiniRedisServer build() {
            return new MiniRedisServer(buildConfig());
        }
    }
}
