package io.miniredis.boot.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.miniredis.command.CommandSpec;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerContext;
import io.miniredis.stats.CommandStats;
import io.miniredis.stats.ServerStats;
import io.miniredis.store.Database;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The embedded server's figures as Micrometer meters, all under {@code miniredis.}: the counters INFO shows, read
 * when the registry is scraped. They are written by the server's keyspace thread as plain fields and read here from
 * another thread, so a scrape may see a value a moment old, which is fine for monitoring. Every tag has a bounded
 * set of values: command names come from the server's command table, databases from {@code databases}. Only
 * byte figures carry a base unit; counts of keys, clients and commands are plain numbers.
 * <p>
 * Counters restart from 0 after {@code CONFIG RESETSTAT}, which monitoring systems treat as a counter reset.
 */
public class MiniRedisMetrics implements MeterBinder {

    private final MiniRedisServer server;
    private final Tags tags;

    public MiniRedisMetrics(MiniRedisServer server) {
        this(server, Tags.empty());
    }

    /** @param tags added to every meter, e.g. to tell two embedded servers apart */
    public MiniRedisMetrics(MiniRedisServer server, Iterable<io.micrometer.core.instrument.Tag> tags) {
        this.server = server;
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ServerContext context = server.context();
        bindCommands(registry);
        bindClients(registry, context);
        bindKeyspace(registry, context);
        bindMemory(registry, context);
        bindStats(registry, context.stats());
        bindPubSub(registry);
        bindPersistence(registry);
    }

    /** One timer per command (subcommands as {@code config|get}): calls and the time they took. */
    private void bindCommands(MeterRegistry registry) {
        for (CommandSpec spec : server.commands().commands()) {
            bindCommand(registry, spec);
            for (CommandSpec sub : spec.subcommands()) {
                bindCommand(registry, sub);
            }
        }
    }

    private void bindCommand(MeterRegistry registry, CommandSpec spec) {
        if (spec.isContainer() && spec.handler() == null) {
            return; // only its subcommands run
        }
        FunctionTimer.builder(
                        "miniredis.commands",
                        spec.stats(),
                        CommandStats::calls,
                        CommandStats::micros,
                        TimeUnit.MICROSECONDS)
                .description("Commands run, and the time they took (INFO commandstats)")
                .tags(tags)
                .tag("command", spec.fullName())
                .register(registry);
    }

    private void bindClients(MeterRegistry registry, ServerContext context) {
        gauge(
                registry,
                "miniredis.clients.connected",
                context,
                c -> c.clients().connectedCount(),
                null,
                "Clients connected");
        gauge(
                registry,
                "miniredis.clients.blocked",
                context,
                c -> c.blockedClients().blockedCount(),
                null,
                "Clients waiting in a blocking command");
        counter(
                registry,
                "miniredis.connections.received",
                context.stats(),
                ServerStats::connectionsReceived,
                null,
                "Connections accepted");
        counter(
                registry,
                "miniredis.connections.rejected",
                context.stats(),
                ServerStats::rejectedConnections,
                null,
                "Connections refused because maxclients was reached");
    }

    /** Per database, every one of them ({@code databases} is fixed at start), so each series exists from start. */
    private void bindKeyspace(MeterRegistry registry, ServerContext context) {
        for (int i = 0; i < context.keyspace().databaseCount(); i++) {
            Database db = context.keyspace().db(i);
            Tags dbTag = tags.and("db", Integer.toString(i));
            Gauge.builder("miniredis.keys", db, Database::size)
                    .description("Keys in the database")
                    .tags(dbTag)
                    .register(registry);
            Gauge.builder("miniredis.keys.expiring", db, Database::expiringSize)
                    .description("Keys with an expiry in the database")
                    .tags(dbTag)
                    .register(registry);
        }
    }

    /**
     * Used memory is INFO's {@code used_memory}: the server's own accounting of its keys, values, tables and
     * clients (what {@code maxmemory} is compared with), not the JVM heap, which the host application shares. Max
     * memory is the live {@code maxmemory}, 0 when unlimited.
     */
    private void bindMemory(MeterRegistry registry, ServerContext context) {
        gauge(
                registry,
                "miniredis.memory.used",
                context,
                c -> c.memory().used(),
                BaseUnits.BYTES,
                "Memory in use as the server accounts it (INFO used_memory), compared with maxmemory");
        gauge(
                registry,
                "miniredis.memory.peak",
                context,
                c -> c.memory().peak(),
                BaseUnits.BYTES,
                "The highest used memory since start (INFO used_memory_peak)");
        gauge(
                registry,
                "miniredis.memory.max",
                context,
                c -> c.config().getLong("maxmemory"),
                BaseUnits.BYTES,
                "The maxmemory limit, 0 when there is none");
    }

    private void bindStats(MeterRegistry registry, ServerStats stats) {
        counter(
                registry,
                "miniredis.keyspace.hits",
                stats,
                ServerStats::keyspaceHits,
                null,
                "Key lookups that found the key");
        counter(
                registry,
                "miniredis.keyspace.misses",
                stats,
                ServerStats::keyspaceMisses,
                null,
                "Key lookups that did not find the key");
        counter(
                registry,
                "miniredis.keys.expired",
                stats,
                ServerStats::expiredKeys,
                null,
                "Keys removed because they expired");
        counter(
                registry,
                "miniredis.keys.evicted",
                stats,
                ServerStats::evictedKeys,
                null,
                "Keys evicted because of maxmemory");
        counter(registry, "miniredis.errors", stats, ServerStats::errorReplies, null, "Error replies sent");
        counter(
                registry,
                "miniredis.network.received",
                stats,
                ServerStats::netInputBytes,
                BaseUnits.BYTES,
                "Bytes read from clients");
        counter(
                registry,
                "miniredis.network.sent",
                stats,
                ServerStats::netOutputBytes,
                BaseUnits.BYTES,
                "Bytes written to clients");
    }

    private void bindPubSub(MeterRegistry registry) {
        gauge(
                registry,
                "miniredis.pubsub.channels",
                server,
                s -> s.context().pubSubChannels(),
                null,
                "Channels with at least one subscriber (INFO pubsub_channels)");
        gauge(
                registry,
                "miniredis.pubsub.patterns",
                server,
                s -> s.context().pubSubPatterns(),
                null,
                "Patterns with at least one subscriber (INFO pubsub_patterns)");
    }

    /** RDB saves and AOF rewrites: how long the last took, and how many failed (INFO persistence). */
    private void bindPersistence(MeterRegistry registry) {
        counter(
                registry,
                "miniredis.persistence.rdb.saves",
                server,
                s -> s.context().persistence().saves(),
                null,
                "RDB saves started: SAVE, BGSAVE, save points (INFO rdb_saves)");
        counter(
                registry,
                "miniredis.persistence.rdb.save.failures",
                server,
                s -> s.context().persistence().failedBackgroundSaves(),
                null,
                "Background saves that failed (rdb_last_bgsave_status err)");
        gauge(
                registry,
                "miniredis.persistence.rdb.last.save.duration",
                server,
                s -> s.context().persistence().lastBgsaveDurationSeconds(),
                "seconds",
                "How long the last background save took, whole seconds; -1 before one (INFO rdb_last_bgsave_time_sec)");
        gauge(
                registry,
                "miniredis.persistence.rdb.changes",
                server,
                s -> s.context().keyspace().dirty(),
                null,
                "Changes since the last save (INFO rdb_changes_since_last_save)");
        gauge(
                registry,
                "miniredis.persistence.rdb.last.save.time",
                server,
                s -> s.context().persistence().lastSaveSeconds(),
                "seconds",
                "When the last successful save ended, Unix seconds (LASTSAVE)");
        counter(
                registry,
                "miniredis.persistence.aof.rewrites",
                server,
                s -> s.context().aof() == null ? 0 : s.context().aof().rewrites(),
                null,
                "AOF rewrites completed (INFO aof_rewrites)");
        counter(
                registry,
                "miniredis.persistence.aof.rewrite.failures",
                server,
                s -> s.context().aof() == null ? 0 : s.context().aof().rewriteFailures(),
                null,
                "AOF rewrites that failed (aof_last_bgrewrite_status err)");
        gauge(
                registry,
                "miniredis.persistence.aof.last.rewrite.duration",
                server,
                s -> s.context().aof() == null ? -1 : s.context().aof().lastRewriteSeconds(),
                "seconds",
                "How long the last AOF rewrite took, whole seconds; -1 before one (aof_last_rewrite_time_sec)");
        gauge(
                registry,
                "miniredis.persistence.aof.write.failing",
                server,
                s -> s.context().aof() != null && s.context().aof().writeError() != null ? 1 : 0,
                null,
                "1 while writes to the AOF fail (aof_last_write_status err; writes are refused with MISCONF)");
    }

    private <T> void gauge(
            MeterRegistry registry, String name, T state, ToDoubleFunction<T> value, String unit, String description) {
        Gauge.builder(name, state, value)
                .baseUnit(unit)
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private <T> void counter(
            MeterRegistry registry, String name, T state, ToDoubleFunction<T> value, String unit, String description) {
        FunctionCounter.builder(name, state, value)
                .baseUnit(unit)
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
