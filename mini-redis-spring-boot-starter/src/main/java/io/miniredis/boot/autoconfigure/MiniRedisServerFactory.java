package io.miniredis.boot.autoconfigure;

import io.miniredis.config.ConfigException;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerConfig;
import io.miniredis.testing.ServerClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.util.unit.DataSize;

/**
 * Builds the server from {@link MiniRedisProperties} and the customizers (not started). Each property is
 * first validated on its own by the server's own rules, so that a refused value is reported under the Spring
 * property it came from rather than under its Redis name.
 */
final class MiniRedisServerFactory {

    private static final String PREFIX = "mini-redis.";
    /** Parameters with a property of their own: {@code mini-redis.config} must not set them a second way. */
    private static final Map<String, String> DEDICATED = Map.ofEntries(
            Map.entry("port", "port"),
            Map.entry("bind", "bind-address"),
            Map.entry("databases", "databases"),
            Map.entry("requirepass", "password"),
            Map.entry("maxclients", "max-clients"),
            Map.entry("timeout", "timeout"),
            Map.entry("maxmemory", "maxmemory"),
            Map.entry("maxmemory-policy", "maxmemory-policy"),
            Map.entry("maxmemory-samples", "maxmemory-samples"),
            Map.entry("proto-max-bulk-len", "proto-max-bulk-len"),
            Map.entry("client-query-buffer-limit", "client-query-buffer-limit"),
            Map.entry("io-threads", "io-threads"),
            Map.entry("unixsocket", "unix-socket"),
            Map.entry("unixsocketperm", "unix-socket-perm"),
            Map.entry("save", "persistence.save-points"),
            Map.entry("appendonly", "persistence.mode"),
            Map.entry("appendfsync", "persistence.fsync"),
            Map.entry("dir", "persistence.dir"));

    private static final Set<String> NOT_SHOWN = Set.of("requirepass");

    private MiniRedisServerFactory() {}

    /** The properties applied first, then each customizer in order; every value validated. */
    static MiniRedisServer create(
            MiniRedisProperties properties, ServerClock clock, List<MiniRedisServerCustomizer> customizers) {
        Map<String, Parameter> parameters = parameters(properties);
        ServerConfig.Builder builder = ServerConfig.builder().clock(clock);
        for (Parameter parameter : parameters.values()) {
            validateAlone(parameter);
            builder.config(parameter.name(), parameter.value());
        }
        builder.shutdownCommand(properties.isShutdownCommandEnabled());
        customizers.forEach(customizer -> customizer.customize(builder));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // Every property passed on its own, so a customizer set the refused value (or two values clash).
            throw new InvalidMiniRedisConfigurationException(
                    null, null, "?", reason(e) + " (set by a MiniRedisServerCustomizer)", e);
        }
    }

    /** The Redis parameters the properties stand for, keyed by redis.conf name, each with its property's name. */
    private static Map<String, Parameter> parameters(MiniRedisProperties p) {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        Consumer<Parameter> add = parameter -> parameters.put(parameter.name(), parameter);
        add.accept(new Parameter("port", "port", Integer.toString(p.getPort())));
        add.accept(new Parameter("bind-address", "bind", p.getBindAddress() == null ? "" : p.getBindAddress()));
        add.accept(new Parameter("databases", "databases", Integer.toString(p.getDatabases())));
        if (p.getPassword() != null) {
            add.accept(new Parameter("password", "requirepass", p.getPassword()));
        }
        add.accept(new Parameter("max-clients", "maxclients", Integer.toString(p.getMaxClients())));
        add.accept(new Parameter("timeout", "timeout", seconds(p.getTimeout())));
        add.accept(new Parameter("maxmemory", "maxmemory", bytes(p.getMaxmemory())));
        add.accept(new Parameter(
                "maxmemory-policy", "maxmemory-policy", p.getMaxmemoryPolicy().redisName()));
        add.accept(new Parameter("maxmemory-samples", "maxmemory-samples", Integer.toString(p.getMaxmemorySamples())));
        add.accept(new Parameter("proto-max-bulk-len", "proto-max-bulk-len", bytes(p.getProtoMaxBulkLen())));
        add.accept(new Parameter(
                "client-query-buffer-limit", "client-query-buffer-limit", bytes(p.getClientQueryBufferLimit())));
        add.accept(new Parameter("io-threads", "io-threads", Integer.toString(p.getIoThreads())));
        if (p.getUnixSocket() != null && !p.getUnixSocket().isEmpty()) {
            add.accept(new Parameter("unix-socket", "unixsocket", p.getUnixSocket()));
        }
        add.accept(new Parameter("unix-socket-perm", "unixsocketperm", p.getUnixSocketPerm()));
        persistence(p.getPersistence()).forEach(add);
        for (Map.Entry<String, String> entry : p.getConfig().entrySet()) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            String property = "config." + entry.getKey();
            String value = entry.getValue() == null ? "" : entry.getValue();
            String dedicated = DEDICATED.get(name);
            if (dedicated != null) {
                throw new InvalidMiniRedisConfigurationException(
                        PREFIX + property,
                        name,
                        shown(name, value),
                        "'" + name + "' has a property of its own: set " + PREFIX + dedicated + " instead",
                        null);
            }
            add.accept(new Parameter(property, name, value));
        }
        return parameters;
    }

    /** The persistence properties as Redis's parameters: the mode decides {@code save} and {@code appendonly}. */
    private static List<Parameter> persistence(MiniRedisProperties.Persistence persistence) {
        List<Parameter> parameters = new ArrayList<>();
        PersistenceMode mode = persistence.getMode();
        String savePoints = mode.snapshots() ? String.join(" ", persistence.getSavePoints()) : "";
        parameters.add(new Parameter("persistence.save-points", "save", savePoints));
        parameters.add(new Parameter("persistence.mode", "appendonly", mode.appendOnly() ? "yes" : "no"));
        parameters.add(new Parameter(
                "persistence.fsync", "appendfsync", persistence.getFsync().redisName()));
        if (persistence.getDir() != null && !persistence.getDir().isEmpty()) {
            parameters.add(new Parameter("persistence.dir", "dir", persistence.getDir()));
        }
        return parameters;
    }

    /** Redis's {@code timeout} is whole seconds; refusing a fraction beats silently rounding it. */
    private static String seconds(Duration timeout) {
        if (timeout == null) {
            return "0";
        }
        if (timeout.toNanosPart() != 0) {
            throw new InvalidMiniRedisConfigurationException(
                    PREFIX + "timeout", "timeout", timeout.toString(), "must be a whole number of seconds", null);
        }
        return Long.toString(timeout.getSeconds());
    }

    private static String bytes(DataSize size) {
        return size == null ? "0" : Long.toString(size.toBytes());
    }

    private static void validateAlone(Parameter parameter) {
        try {
            ServerConfig.builder().config(parameter.name(), parameter.value()).buildConfig();
        } catch (IllegalArgumentException e) {
            throw new InvalidMiniRedisConfigurationException(
                    PREFIX + parameter.property(),
                    parameter.name(),
                    shown(parameter.name(), parameter.value()),
                    reason(e),
                    e);
        }
    }

    /** The server's reason without its own "Invalid value ... for ..." preamble, which the exception rewrites. */
    private static String reason(IllegalArgumentException e) {
        return e.getCause() instanceof ConfigException config ? config.getMessage() : e.getMessage();
    }

    /** Values are repeated in the failure report, except passwords. */
    private static String shown(String parameter, String value) {
        return NOT_SHOWN.contains(parameter) ? "******" : value;
    }

    private record Parameter(String property, String name, String value) {}
}
