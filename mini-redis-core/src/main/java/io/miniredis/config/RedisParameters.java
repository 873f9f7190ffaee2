package io.miniredis.config;

import static io.miniredis.config.ConfigParameter.immutable;
import static io.miniredis.config.ConfigParameter.mutable;
import static io.miniredis.config.ConfigTypes.BOOL;
import static io.miniredis.config.ConfigTypes.INT_MAX;
import static io.miniredis.config.ConfigTypes.INT_MIN;
import static io.miniredis.config.ConfigTypes.LLONG_MAX;
import static io.miniredis.config.ConfigTypes.MEMORY_OR_PERCENT;
import static io.miniredis.config.ConfigTypes.STRING;
import static io.miniredis.config.ConfigTypes.UINT_MAX;
import static io.miniredis.config.ConfigTypes.UNSIGNED_MEMORY;
import static io.miniredis.config.ConfigTypes.clampedInteger;
import static io.miniredis.config.ConfigTypes.integer;
import static io.miniredis.config.ConfigTypes.memory;
import static io.miniredis.config.ConfigTypes.octal;
import static io.miniredis.config.ConfigTypes.oneOf;
import static io.miniredis.config.ListConfigTypes.BIND;
import static io.miniredis.config.ListConfigTypes.CLIENT_OUTPUT_BUFFER_LIMIT;
import static io.miniredis.config.ListConfigTypes.DIRECTORY;
import static io.miniredis.config.ListConfigTypes.OOM_SCORE_ADJ_VALUES;
import static io.miniredis.config.ListConfigTypes.PERCENTILES;
import static io.miniredis.config.ListConfigTypes.REPLICAOF;
import static io.miniredis.config.ListConfigTypes.SAVE;
import static io.miniredis.config.TextConfigTypes.APPENDDIRNAME;
import static io.miniredis.config.TextConfigTypes.APPENDFILENAME;
import static io.miniredis.config.TextConfigTypes.FILENAME_DBFILENAME;
import static io.miniredis.config.TextConfigTypes.PROC_TITLE_TEMPLATE;

import java.util.ArrayList;
import java.util.List;

/**
 * Every configuration parameter of Redis 7.0.15, with Redis's type, bounds, default and CONFIG SET rules, taken from
 * the real server ({@code CONFIG GET *}, and CONFIG SET of bad values for the bounds), so that redis.conf files load
 * and tools that read or set parameters see what Redis would show. The server acts on some of them (port, bind,
 * requirepass, databases, maxclients, timeout, hz, proto-max-bulk-len, client-query-buffer-limit, tcp-backlog,
 * tcp-keepalive, io-threads, and whatever other components read); the others are validated and reported only.
 *
 * <p>One row per parameter, alphabetical; {@code .alias(...)} adds the old names Redis still answers to (CONFIG GET
 * {@code *} lists both). {@code immutable} ones can only be set at start; {@code protectedConfig()} ones need
 * {@code enable-protected-configs}; {@code hidden()} ones are debugging knobs CONFIG GET patterns skip.
 *
 * <p>Defaults that differ from Redis's on purpose:
 * <ul>
 *   <li>{@code bind}: {@code 127.0.0.1 -::1} (loopback only, like the redis.conf Redis ships) rather than the
 *       compiled-in {@code * -::*}: an embedded server must not be reachable from the network unless asked;</li>
 *   <li>{@code dir}: the JVM's working directory, like Redis's (which is its process's working directory), so it
 *       differs from one process to another;</li>
 *   <li>{@code port}, {@code logfile}, {@code pidfile}, {@code daemonize}: same defaults as Redis, but a test or a
 *       launcher usually sets them, and mini-redis neither daemonizes nor writes a pid file (the values are only
 *       reported).</li>
 * </ul>
 */
public final class RedisParameters {

    /** The process's working directory, Redis's default {@code dir}. */
    private static final String WORKING_DIRECTORY = System.getProperty("user.dir");

    private RedisParameters() {}

    public static List<ConfigParameter> all() {
        List<ConfigParameter> p = new ArrayList<>();
        p.add(mutable("acl-pubsub-default", oneOf("allchannels", "resetchannels"), "resetchannels"));
        p.add(immutable("aclfile", STRING, ""));
        p.add(mutable("acllog-max-len", integer(0, LLONG_MAX), "128"));
        p.add(mutable("active-defrag-cycle-max", integer(1, 99), "25"));
        p.add(mutable("active-defrag-cycle-min", integer(1, 99), "1"));
        p.add(mutable("active-defrag-ignore-bytes", memory(1, LLONG_MAX), "104857600"));
        p.add(mutable("active-defrag-max-scan-fields", integer(1, LLONG_MAX), "1000"));
        p.add(mutable("active-defrag-threshold-lower", integer(0, 1000), "10"));
        p.add(mutable("active-defrag-threshold-upper", integer(0, 1000), "100"));
        p.add(mutable("active-expire-effort", integer(1, 10), "1"));
        p.add(mutable("activedefrag", BOOL, "no"));
        p.add(mutable("activerehashing", BOOL, "yes"));
        p.add(immutable("always-show-logo", BOOL, "no"));
        p.add(mutable("aof-disable-auto-gc", BOOL, "no"));
        p.add(mutable("aof-load-truncated", BOOL, "yes"));
        p.add(mutable("aof-rewrite-incremental-fsync", BOOL, "yes"));
        p.add(mutable("aof-timestamp-enabled", BOOL, "no"));
        p.add(mutable("aof-use-rdb-preamble", BOOL, "yes"));
        p.add(immutable("aof_rewrite_cpulist", STRING, ""));
        p.add(immutable("appenddirname", APPENDDIRNAME, "appendonlydir"));
        p.add(immutable("appendfilename", APPENDFILENAME, "appendonly.aof"));
        p.add(mutable("appendfsync", oneOf("everysec", "always", "no"), "everysec"));
        p.add(mutable("appendonly", BOOL, "no"));
        p.add(mutable("auto-aof-rewrite-min-size", memory(0, LLONG_MAX), "67108864"));
        p.add(mutable("auto-aof-rewrite-percentage", integer(0, INT_MAX), "100"));
        p.add(immutable("bgsave_cpulist", STRING, ""));
        // mini-redis default: loopback only (see above); CONFIG SET rebinds
        p.add(mutable("bind", BIND, "127.0.0.1 -::1"));
        p.add(mutable("bind-source-addr", STRING, ""));
        p.add(immutable("bio_cpulist", STRING, ""));
        p.add(mutable("busy-reply-threshold", integer(0, LLONG_MAX), "5000").alias("lua-time-limit"));
        p.add(mutable(
                "client-output-buffer-limit",
                CLIENT_OUTPUT_BUFFER_LIMIT,
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"));
        p.add(mutable("client-query-buffer-limit", memory(1048576, LLONG_MAX), "1073741824"));
        p.add(mutable("cluster-allow-pubsubshard-when-down", BOOL, "yes"));
        p.add(mutable("cluster-allow-reads-when-down", BOOL, "no"));
        p.add(mutable("cluster-allow-replica-migration", BOOL, "yes"));
        p.add(mutable("cluster-announce-bus-port", integer(0, 65535), "0"));
        p.add(mutable("cluster-announce-hostname", STRING, ""));
        p.add(mutable("cluster-announce-ip", STRING, ""));
        p.add(mutable("cluster-announce-port", integer(0, 65535), "0"));
        p.add(mutable("cluster-announce-tls-port", integer(0, 65535), "0"));
        p.add(immutable("cluster-config-file", STRING, "nodes.conf"));
        p.add(immutable("cluster-enabled", BOOL, "no"));
        p.add(mutable("cluster-link-sendbuf-limit", UNSIGNED_MEMORY, "0"));
        p.add(mutable("cluster-migration-barrier", integer(0, INT_MAX), "1"));
        p.add(mutable("cluster-node-timeout", integer(0, LLONG_MAX), "15000"));
        p.add(immutable("cluster-port", integer(0, 65535), "0"));
        p.add(mutable("cluster-preferred-endpoint-type", oneOf("ip", "hostname", "unknown-endpoint"), "ip"));
        p.add(mutable("cluster-replica-no-failover", BOOL, "no").alias("cluster-slave-no-failover"));
        p.add(mutable("cluster-replica-validity-factor", integer(0, INT_MAX), "10")
                .alias("cluster-slave-validity-factor"));
        p.add(mutable("cluster-require-full-coverage", BOOL, "yes"));
        p.add(mutable("crash-log-enabled", BOOL, "yes"));
        p.add(mutable("crash-memcheck-enabled", BOOL, "yes"));
        // reported only: mini-redis never forks
        p.add(immutable("daemonize", BOOL, "no"));
        p.add(immutable("databases", integer(1, INT_MAX), "16"));
        p.add(mutable("dbfilename", FILENAME_DBFILENAME, "dump.rdb").protectedConfig());
        // the JVM working directory; nothing changes directory, file writers resolve against it
        p.add(mutable("dir", DIRECTORY, WORKING_DIRECTORY).protectedConfig());
        p.add(immutable("disable-thp", BOOL, "yes"));
        p.add(mutable("dynamic-hz", BOOL, "yes"));
        p.add(immutable("enable-debug-command", oneOf("no", "yes", "local"), "no"));
        p.add(immutable("enable-module-command", oneOf("no", "yes", "local"), "no"));
        p.add(immutable("enable-protected-configs", oneOf("no", "yes", "local"), "no"));
        p.add(mutable("hash-max-listpack-entries", integer(0, LLONG_MAX), "512").alias("hash-max-ziplist-entries"));
        p.add(mutable("hash-max-listpack-value", memory(0, LLONG_MAX), "64").alias("hash-max-ziplist-value"));
        p.add(mutable("hll-sparse-max-bytes", memory(0, LLONG_MAX), "3000"));
        // runs (and reports) 1..500; CONFIG SET reschedules the server cron
        p.add(mutable("hz", clampedInteger(0, INT_MAX, 1, 500), "10"));
        p.add(mutable("ignore-warnings", STRING, ""));
        // the Netty I/O threads (ServerConfig.ioThreads)
        p.add(immutable("io-threads", integer(1, 128), "1"));
        p.add(immutable("io-threads-do-reads", BOOL, "no"));
        p.add(mutable("jemalloc-bg-thread", BOOL, "yes"));
        p.add(mutable("key-load-delay", integer(INT_MIN, INT_MAX), "0").hidden());
        p.add(mutable("latency-monitor-threshold", integer(0, LLONG_MAX), "0"));
        p.add(mutable("latency-tracking", BOOL, "yes"));
        p.add(mutable("latency-tracking-info-percentiles", PERCENTILES, "50 99 99.9"));
        p.add(mutable("lazyfree-lazy-eviction", BOOL, "no"));
        p.add(mutable("lazyfree-lazy-expire", BOOL, "no"));
        p.add(mutable("lazyfree-lazy-server-del", BOOL, "no"));
        p.add(mutable("lazyfree-lazy-user-del", BOOL, "no"));
        p.add(mutable("lazyfree-lazy-user-flush", BOOL, "no"));
        p.add(mutable("lfu-decay-time", integer(0, INT_MAX), "1"));
        p.add(mutable("lfu-log-factor", integer(0, INT_MAX), "10"));
        p.add(mutable("list-compress-depth", integer(0, INT_MAX), "0"));
        p.add(mutable("list-max-listpack-size", integer(INT_MIN, INT_MAX), "-2").alias("list-max-ziplist-size"));
        p.add(mutable("loading-process-events-interval-bytes", integer(1024, INT_MAX), "2097152")
                .hidden());
        p.add(immutable("logfile", STRING, ""));
        p.add(mutable("loglevel", oneOf("debug", "verbose", "notice", "warning"), "notice"));
        p.add(immutable("lua-enable-deprecated-api", BOOL, "no").hidden());
        p.add(mutable("masterauth", STRING, ""));
        p.add(mutable("masteruser", STRING, ""));
        p.add(mutable("maxclients", integer(1, UINT_MAX), "10000"));
        p.add(mutable("maxmemory", HeapGuard.MAXMEMORY, "0"));
        p.add(mutable("maxmemory-clients", MEMORY_OR_PERCENT, "0"));
        p.add(mutable("maxmemory-eviction-tenacity", integer(0, 100), "10"));
        p.add(mutable(
                "maxmemory-policy",
                oneOf(
                        "volatile-lru",
                        "volatile-lfu",
                        "volatile-random",
                        "volatile-ttl",
                        "allkeys-lru",
                        "allkeys-lfu",
                        "allkeys-random",
                        "noeviction"),
                "noeviction"));
        p.add(mutable("maxmemory-samples", integer(1, INT_MAX), "5"));
        p.add(mutable("min-replicas-max-lag", integer(0, INT_MAX), "10").alias("min-slaves-max-lag"));
        p.add(mutable("min-replicas-to-write", integer(0, INT_MAX), "0").alias("min-slaves-to-write"));
        p.add(mutable("no-appendfsync-on-rewrite", BOOL, "no"));
        p.add(mutable("notify-keyspace-events", NotifyKeyspaceEvents.TYPE, ""));
        p.add(mutable(
                "oom-score-adj", oneOf("no", "yes", "relative", "absolute").reportedAs("relative", "yes"), "no"));
        p.add(mutable("oom-score-adj-values", OOM_SCORE_ADJ_VALUES, "0 200 800"));
        p.add(immutable("pidfile", STRING, ""));
        // 0 at start: any free port, then reported as the bound one; CONFIG SET moves the listener
        p.add(mutable("port", integer(0, 65535), "6379"));
        p.add(mutable("proc-title-template", PROC_TITLE_TEMPLATE, "{title} {listen-addr} {server-mode}"));
        p.add(mutable("propagation-error-behavior", oneOf("ignore", "panic", "panic-on-replicas"), "ignore"));
        p.add(mutable("protected-mode", BOOL, "yes"));
        p.add(mutable("proto-max-bulk-len", memory(1048576, LLONG_MAX), "536870912"));
        p.add(mutable("rdb-del-sync-files", BOOL, "no"));
        p.add(mutable("rdb-key-save-delay", integer(INT_MIN, INT_MAX), "0").hidden());
        p.add(mutable("rdb-save-incremental-fsync", BOOL, "yes"));
        p.add(immutable("rdbchecksum", BOOL, "yes"));
        p.add(mutable("rdbcompression", BOOL, "yes"));
        p.add(mutable("repl-backlog-size", memory(1, LLONG_MAX), "1048576"));
        p.add(mutable("repl-backlog-ttl", integer(0, LLONG_MAX), "3600"));
        p.add(mutable("repl-disable-tcp-nodelay", BOOL, "no"));
        p.add(mutable("repl-diskless-load", oneOf("disabled", "on-empty-db", "swapdb"), "disabled"));
        p.add(mutable("repl-diskless-sync", BOOL, "yes"));
        p.add(mutable("repl-diskless-sync-delay", integer(0, INT_MAX), "5"));
        p.add(mutable("repl-diskless-sync-max-replicas", integer(0, INT_MAX), "0"));
        p.add(mutable("repl-ping-replica-period", integer(1, INT_MAX), "10").alias("repl-ping-slave-period"));
        p.add(mutable("repl-timeout", integer(1, INT_MAX), "60"));
        p.add(mutable("replica-announce-ip", STRING, "").alias("slave-announce-ip"));
        p.add(mutable("replica-announce-port", integer(0, 65535), "0").alias("slave-announce-port"));
        p.add(mutable("replica-announced", BOOL, "yes"));
        p.add(mutable("replica-ignore-disk-write-errors", BOOL, "no"));
        p.add(mutable("replica-ignore-maxmemory", BOOL, "yes").alias("slave-ignore-maxmemory"));
        p.add(mutable("replica-lazy-flush", BOOL, "no").alias("slave-lazy-flush"));
        p.add(mutable("replica-priority", integer(0, INT_MAX), "100").alias("slave-priority"));
        p.add(mutable("replica-read-only", BOOL, "yes").alias("slave-read-only"));
        p.add(mutable("replica-serve-stale-data", BOOL, "yes").alias("slave-serve-stale-data"));
        p.add(immutable("replicaof", REPLICAOF, "").alias("slaveof"));
        p.add(mutable("requirepass", STRING, ""));
        p.add(mutable("sanitize-dump-payload", oneOf("no", "yes", "clients"), "no"));
        p.add(mutable("save", SAVE, "3600 1 300 100 60 10000"));
        p.add(immutable("server_cpulist", STRING, ""));
        p.add(mutable("set-max-intset-entries", integer(0, LLONG_MAX), "512"));
        p.add(immutable("set-proc-title", BOOL, "yes"));
        p.add(mutable("shutdown-on-sigint", ConfigTypes.SHUTDOWN_FLAGS, "default"));
        p.add(mutable("shutdown-on-sigterm", ConfigTypes.SHUTDOWN_FLAGS, "default"));
        p.add(mutable("shutdown-timeout", integer(0, INT_MAX), "10"));
        p.add(mutable("slowlog-log-slower-than", integer(-1, LLONG_MAX), "10000"));
        p.add(mutable("slowlog-max-len", integer(0, LLONG_MAX), "128"));
        p.add(immutable("socket-mark-id", integer(0, UINT_MAX), "0"));
        p.add(mutable("stop-writes-on-bgsave-error", BOOL, "yes"));
        p.add(mutable("stream-node-max-bytes", memory(0, LLONG_MAX), "4096"));
        p.add(mutable("stream-node-max-entries", integer(0, LLONG_MAX), "100"));
        p.add(immutable("supervised", oneOf("upstart", "systemd", "auto", "no"), "no"));
        p.add(immutable("syslog-enabled", BOOL, "no"));
        p.add(immutable(
                "syslog-facility",
                oneOf("user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"),
                "local0"));
        p.add(immutable("syslog-ident", STRING, "redis"));
        p.add(immutable("tcp-backlog", integer(0, INT_MAX), "511"));
        p.add(mutable("tcp-keepalive", integer(0, INT_MAX), "300"));
        p.add(mutable("timeout", integer(0, INT_MAX), "0"));
        p.add(mutable("tls-auth-clients", oneOf("no", "yes", "optional"), "yes"));
        p.add(mutable("tls-ca-cert-dir", STRING, ""));
        p.add(mutable("tls-ca-cert-file", STRING, ""));
        p.add(mutable("tls-cert-file", STRING, ""));
        p.add(mutable("tls-ciphers", STRING, ""));
        p.add(mutable("tls-ciphersuites", STRING, ""));
        p.add(mutable("tls-client-cert-file", STRING, ""));
        p.add(mutable("tls-client-key-file", STRING, ""));
        p.add(mutable("tls-client-key-file-pass", STRING, ""));
        p.add(mutable("tls-cluster", BOOL, "no"));
        p.add(mutable("tls-dh-params-file", STRING, ""));
        p.add(mutable("tls-key-file", STRING, ""));
        p.add(mutable("tls-key-file-pass", STRING, ""));
        p.add(mutable("tls-port", integer(0, 65535), "0"));
        p.add(mutable("tls-prefer-server-ciphers", BOOL, "no"));
        p.add(mutable("tls-protocols", STRING, ""));
        p.add(mutable("tls-replication", BOOL, "no"));
        p.add(mutable("tls-session-cache-size", integer(0, INT_MAX), "20480"));
        p.add(mutable("tls-session-cache-timeout", integer(0, INT_MAX), "300"));
        p.add(mutable("tls-session-caching", BOOL, "yes"));
        p.add(mutable("tracking-table-max-keys", integer(0, LLONG_MAX), "1000000"));
        p.add(immutable("unixsocket", STRING, ""));
        p.add(immutable("unixsocketperm", octal(0, 0777), "0"));
        p.add(mutable("use-exit-on-panic", BOOL, "no").hidden());
        p.add(mutable("watchdog-period", integer(0, INT_MAX), "0").hidden());
        p.add(mutable("zset-max-listpack-entries", integer(0, LLONG_MAX), "128").alias("zset-max-ziplist-entries"));
        p.add(mutable("zset-max-listpack-value", memory(0, LLONG_MAX), "64").alias("zset-max-ziplist-value"));
        return p;
    }
}
