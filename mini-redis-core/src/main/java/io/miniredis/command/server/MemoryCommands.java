package io.miniredis.command.server;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.Help;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.stats.JvmResources;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import io.miniredis.store.MemoryAccounting;
import io.miniredis.store.MemoryEstimates;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE and HELP, over the server's own memory accounting ({@link
 * MemoryAccounting}). The figures are estimates of mini-redis's JVM structures, not of Redis's allocations, so they
 * differ from Redis's numbers; names, shapes, texts and errors are Redis 7.0.15's.
 */
public final class MemoryCommands implements CommandFamily {

    private static final String ALL_SHARDS = "request_policy:all_shards";
    /** Redis's doctor does not judge an instance using less than this. */
    private static final long DOCTOR_MINIMUM = 5L * 1024 * 1024;

    private static final String DOCTOR_EMPTY = "Hi Sam, this instance is empty or is using very little memory, my "
            + "issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it "
            + "with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
    private static final String DOCTOR_FINE = "Hi Sam, I can't find any memory issue in your instance. I can only "
            + "account for what occurs on this base.\n";

    private final JvmResources jvm = new JvmResources();

    @Override
    public String group() {
        return "server";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        // Summaries, since, complexity, tips and key specs are Redis 7.0.15's COMMAND INFO / DOCS.
        String allocatorComplexity = "Depends on how much memory is allocated, could be slow";
        return List.of(
                container("memory", "",
                        command("doctor", 2, "", this::doctor),
                        command("help", 2, "loading stale", MemoryCommands::help),
                        command("malloc-stats", 2, "", MemoryCommands::mallocStats),
                        command("purge", 2, "", c -> c.reply().ok()),
                        command("stats", 2, "", this::stats),
                        command("usage", -3, "readonly", 2, 2, 1, MemoryCommands::usage)));
        // spotless:on
    }

    /**
     * MEMORY USAGE key [SAMPLES count]. Options are checked before the key, as in Redis. SAMPLES is accepted and
     * validated but not needed: every value keeps a running total of its elements, so the figure is the full count,
     * in O(1), whatever the sample size (Redis estimates big collections from a sample).
     */
    private static void usage(CommandCall c) {
        Args args = c.args(2);
        byte[] key = args.next();
        while (args.hasNext()) {
            if (args.option("SAMPLES") && args.hasNext()) {
                if (args.nextLong() < 0) {
                    throw RedisError.SYNTAX; // Redis's own choice: a negative count is a syntax error, not a range one
                }
            } else {
                throw RedisError.SYNTAX;
            }
        }
        KeyEntry entry = c.db().peek(key);
        if (entry == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().integer(MemoryEstimates.entry(entry));
    }

    private void stats(CommandCall c) {
        MemoryAccounting memory = c.server().memory();
        Keyspace keyspace = c.keyspace();
        long used = memory.used();
        long peak = memory.peak();
        long startup = memory.startup();
        long overhead = memory.overhead();
        long keys = keyspace.totalKeys();
        long netUsage = used > startup ? used - startup : 1;
        long dataset = used - overhead;
        MemoryUsage heap = jvm.heap();
        long allocated = heap.getUsed();
        long active = Math.max(heap.getCommitted(), allocated);
        long rss = jvm.residentBytes();
        int populated = 0;
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            if (keyspace.db(i).size() > 0) {
                populated++;
            }
        }
        Reply reply = c.reply();
        reply.map(27 + populated);
        reply.bulk("peak.allocated").integer(peak);
        reply.bulk("total.allocated").integer(used);
        reply.bulk("startup.allocated").integer(startup);
        reply.bulk("replication.backlog").integer(0);
        reply.bulk("clients.slaves").integer(0);
        reply.bulk("clients.normal").integer(c.server().clientEviction().clientsMemory());
        reply.bulk("cluster.links").integer(0);
        reply.bulk("aof.buffer").integer(0);
        reply.bulk("lua.caches").integer(0);
        reply.bulk("functions.caches").integer(0);
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.db(i);
            if (db.size() == 0) {
                continue;
            }
            reply.bulk("db." + i).map(3);
            reply.bulk("overhead.hashtable.main").integer(db.mainTableBytes());
            reply.bulk("overhead.hashtable.expires").integer(db.expiresTableBytes());
            reply.bulk("overhead.hashtable.slot-to-keys").integer(0);
        }
        reply.bulk("overhead.total").integer(overhead);
        reply.bulk("keys.count").integer(keys);
        reply.bulk("keys.bytes-per-key").integer(keys == 0 ? 0 : netUsage / keys);
        reply.bulk("dataset.bytes").integer(dataset);
        reply.bulk("dataset.percentage").doubleValue(asFloat(dataset * 100.0 / netUsage));
        reply.bulk("peak.percentage").doubleValue(asFloat(used * 100.0 / Math.max(1, peak)));
        // The JVM heap plays Redis's allocator; the process's resident size is the RSS.
        reply.bulk("allocator.allocated").integer(allocated);
        reply.bulk("allocator.active").integer(active);
        reply.bulk("allocator.resident").integer(active);
        reply.bulk("allocator-fragmentation.ratio").doubleValue(asFloat((double) active / Math.max(1, allocated)));
        reply.bulk("allocator-fragmentation.bytes").integer(active - allocated);
        reply.bulk("allocator-rss.ratio").doubleValue(asFloat(1.0));
        reply.bulk("allocator-rss.bytes").integer(0);
        reply.bulk("rss-overhead.ratio").doubleValue(asFloat((double) rss / Math.max(1, active)));
        reply.bulk("rss-overhead.bytes").integer(rss - active);
        reply.bulk("fragmentation").doubleValue(asFloat((double) rss / Math.max(1, used)));
        reply.bulk("fragmentation.bytes").integer(rss - used);
    }

    /** Redis keeps these ratios in C floats: the digits it prints are those of the float. */
    private static double asFloat(double value) {
        return (float) value;
    }

    /**
     * Redis's two verdicts that do not depend on its allocator: too little data to judge, or nothing wrong. (Its
     * other checks are about jemalloc fragmentation and replica buffers, which have no counterpart here.)
     */
    private void doctor(CommandCall c) {
        long used = c.server().memory().used();
        c.reply().verbatim(used < DOCTOR_MINIMUM ? DOCTOR_EMPTY : DOCTOR_FINE);
    }

    /** Redis's answer when its allocator is not jemalloc: the JVM's heap has no such report. */
    private static void mallocStats(CommandCall c) {
        c.reply().verbatim("Stats not supported for the current allocator");
    }

    private static void help(CommandCall c) {
        Help.reply(
                c.reply(),
                "MEMORY",
                "DOCTOR",
                "    Return memory problems reports.",
                "MALLOC-STATS",
                "    Return internal statistics report from the memory allocator.",
                "PURGE",
                "    Attempt to purge dirty pages for reclamation by the allocator.",
                "STATS",
                "    Return information about the memory usage of the server.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all).");
    }
}
