package io.miniredis.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Redis parameters the server accepts, validates and reports (so that redis.conf files load and tools that
 * read them work) but does not act on yet, each with why. A value other than Redis's default, given at start or by
 * CONFIG SET, is logged as a warning naming the parameter and the reason, so that no setting is silently ignored;
 * the README lists the same table. A parameter leaves this table in the commit that makes it real.
 */
public final class PendingParameters {

    private static final System.Logger LOG = System.getLogger(PendingParameters.class.getName());

    private static final String ACL_TLS = "access control and TLS come with issue [15]";
    private static final String REPLICATION = "replication comes with issue [16]";
    private static final String CLUSTER = "Redis Cluster comes with issue [19]";
    private static final String OBSERVABILITY = "SLOWLOG, LATENCY and client tracking come with issue [18]";
    private static final String NO_JEMALLOC =
            "no meaning in a JVM: memory is the garbage collector's, which compacts the heap itself";
    private static final String NO_NATIVE_PROCESS = "no meaning for a JVM process";

    /** Parameter name to the reason it is not acted on; one line per parameter. */
    private static final Map<String, String> PENDING = new LinkedHashMap<>();

    static {
        pending(ACL_TLS, "acl-pubsub-default", "aclfile", "acllog-max-len", "protected-mode");
        pending(
                ACL_TLS,
                "tls-port",
                "tls-cert-file",
                "tls-key-file",
                "tls-key-file-pass",
                "tls-client-cert-file",
                "tls-client-key-file",
                "tls-client-key-file-pass",
                "tls-dh-params-file",
                "tls-ca-cert-file",
                "tls-ca-cert-dir",
                "tls-protocols",
                "tls-ciphers",
                "tls-ciphersuites",
                "tls-prefer-server-ciphers",
                "tls-session-caching",
                "tls-session-cache-size",
                "tls-session-cache-timeout",
                "tls-auth-clients",
                "tls-replication",
                "tls-cluster");
        pending(
                REPLICATION,
                "masterauth",
                "masteruser",
                "min-replicas-to-write",
                "min-replicas-max-lag",
                "repl-backlog-ttl",
                "repl-disable-tcp-nodelay",
                "repl-diskless-load",
                "repl-diskless-sync",
                "repl-diskless-sync-delay",
                "repl-diskless-sync-max-replicas",
                "repl-ping-replica-period",
                "repl-timeout",
                "replica-announce-ip",
                "replica-announce-port",
                "replica-announced",
                "replica-ignore-disk-write-errors",
                "replica-ignore-maxmemory",
                "replica-lazy-flush",
                "replica-priority",
                "replica-read-only",
                "replica-serve-stale-data",
                "bind-source-addr",
                "repl-backlog-size",
                "replicaof",
                "rdb-del-sync-files",
                "propagation-error-behavior",
                "shutdown-timeout");
        pending(
                CLUSTER,
                "cluster-enabled",
                "cluster-config-file",
                "cluster-node-timeout",
                "cluster-port",
                "cluster-announce-ip",
                "cluster-announce-port",
                "cluster-announce-bus-port",
                "cluster-announce-tls-port",
                "cluster-announce-hostname",
                "cluster-preferred-endpoint-type",
                "cluster-require-full-coverage",
                "cluster-allow-reads-when-down",
                "cluster-allow-pubsubshard-when-down",
                "cluster-allow-replica-migration",
                "cluster-migration-barrier",
                "cluster-replica-no-failover",
                "cluster-replica-validity-factor",
                "cluster-link-sendbuf-limit");
        pending(
                OBSERVABILITY,
                "slowlog-log-slower-than",
                "slowlog-max-len",
                "latency-monitor-threshold",
                "latency-tracking",
                "tracking-table-max-keys");
        pending(
                NO_JEMALLOC,
                "activedefrag",
                "active-defrag-ignore-bytes",
                "active-defrag-threshold-lower",
                "active-defrag-threshold-upper",
                "active-defrag-cycle-min",
                "active-defrag-cycle-max",
                "active-defrag-max-scan-fields",
                "jemalloc-bg-thread");
        pending(
                NO_NATIVE_PROCESS,
                "disable-thp",
                "oom-score-adj",
                "oom-score-adj-values",
                "set-proc-title",
                "proc-title-template",
                "socket-mark-id",
                "crash-log-enabled",
                "crash-memcheck-enabled",
                "use-exit-on-panic",
                "watchdog-period",
                "always-show-logo",
                "ignore-warnings",
                "server_cpulist",
                "bio_cpulist",
                "aof_rewrite_cpulist",
                "bgsave_cpulist");
        pending(
                "no meaning in a JVM: what is deleted is freed by the garbage collector, lazily either way",
                "lazyfree-lazy-server-del",
                "lazyfree-lazy-user-del",
                "lazyfree-lazy-user-flush");
        pending(
                "a JVM cannot fork itself into the background: it runs in the foreground (use a service manager,"
                        + " or nohup)",
                "daemonize");
        pending("no readiness notification is sent to upstart or systemd (use systemd's Type=simple)", "supervised");
        pending(
                "no syslog: the log goes to logfile, or standard output",
                "syslog-enabled",
                "syslog-ident",
                "syslog-facility");
        pending("active expiry always runs at Redis's default effort (1)", "active-expire-effort");
        pending("the server cron runs at hz, never raised for many clients", "dynamic-hz");
        pending("the I/O threads (io-threads) always read and decode as well as write", "io-threads-do-reads");
        pending("the AOF's old files are deleted as soon as a rewrite ends", "aof-disable-auto-gc");
        pending(
                "RESTORE decodes every payload in full and refuses a corrupt one, as with yes",
                "sanitize-dump-payload");
        pending("Lua's deprecated functions stay out of the sandbox", "lua-enable-deprecated-api");
        pending("a debugging knob of Redis's forked save, which has no counterpart here", "rdb-key-save-delay");
    }

    private static void pending(String reason, String... names) {
        for (String name : names) {
            PENDING.put(name, reason);
        }
    }

    private PendingParameters() {}

    /** The parameters not acted on, in the README's order, each with why. */
    public static Map<String, String> all() {
        return Collections.unmodifiableMap(PENDING);
    }

    /**
     * The README's table of these parameters: one row per reason, in this class's order. The README holds this
     * text verbatim (PendingParametersTest compares them).
     */
    public static String markdownTable() {
        Map<String, java.util.List<String>> byReason = new LinkedHashMap<>();
        PENDING.forEach((name, reason) -> byReason.computeIfAbsent(reason, r -> new java.util.ArrayList<>())
                .add("`" + name + "`"));
        StringBuilder table = new StringBuilder("| parameters | why |\n|---|---|\n");
        byReason.forEach((reason, names) -> table.append("| ")
                .append(String.join(", ", names))
                .append(" | ")
                .append(reason)
                .append(" |\n"));
        return table.toString();
    }

    /** The reason {@code name} is not acted on, or null when the server acts on it. */
    public static String reason(String name) {
        return PENDING.get(name);
    }

    /** Warns now for every pending parameter set away from its default, and later for every such CONFIG SET. */
    public static void warnWhenSet(ConfigRegistry config) {
        warnWhenSet(config, PENDING);
        if (!Boolean.getBoolean(STANDALONE_PROPERTY)) {
            warnWhenSet(config, STANDALONE_ONLY);
        }
    }

    /** Set by the standalone launcher, which acts on {@link #STANDALONE_ONLY}'s parameters itself. */
    public static final String STANDALONE_PROPERTY = "mini-redis.standalone";

    /**
     * Parameters the standalone server (java -jar, bin/mini-redis-server) acts on, an embedded one does not: it
     * logs through the application's System.Logger and its process is the application's.
     */
    private static final Map<String, String> STANDALONE_ONLY = new LinkedHashMap<>();

    static {
        String reason = "acted on by the standalone server only; an embedded server logs through the application's"
                + " System.Logger (its level and destination are the application's) and writes no pid file";
        for (String name : new String[] {"logfile", "loglevel", "pidfile"}) {
            STANDALONE_ONLY.put(name, reason);
        }
    }

    private static void warnWhenSet(ConfigRegistry config, Map<String, String> reasons) {
        for (Map.Entry<String, String> pending : reasons.entrySet()) {
            ConfigParameter parameter = config.parameter(pending.getKey());
            if (parameter == null) {
                continue;
            }
            String reason = pending.getValue();
            warnIfNotDefault(parameter, config.get(parameter.name()), reason);
            config.onChange(parameter.name(), value -> warnIfNotDefault(parameter, value, reason));
        }
    }

    private static void warnIfNotDefault(ConfigParameter parameter, String value, String reason) {
        if (!Objects.equals(value, parameter.defaultValue())) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "'" + parameter.name() + " " + value + "' is accepted but not acted on: " + reason);
        }
    }
}
