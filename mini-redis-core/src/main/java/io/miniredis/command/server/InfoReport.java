package io.miniredis.command.server;

import io.miniredis.command.CommandSpec;
import io.miniredis.command.CommandTable;
import io.miniredis.config.ConfigRegistry;
import io.miniredis.server.ServerContext;
import io.miniredis.stats.CommandStats;
import io.miniredis.stats.JvmResources;
import io.miniredis.stats.LatencyHistogram;
import io.miniredis.stats.OpsMeter;
import io.miniredis.stats.ServerStats;
import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;
import io.netty.channel.epoll.Epoll;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes INFO's text: the fields of Redis 7.0.15, section by section, with the same names, order and formats, so
 * tools that parse INFO (redis-cli, exporters, client libraries) read it unchanged. Fields about machinery this
 * server does not have (fork, replication, AOF, defragmentation, Lua) hold the values an idle Redis without it
 * reports. Memory figures are our own accounting, with the JVM's beside them: see {@link #memory}.
 */
final class InfoReport {

    private static final String CRLF = "\r\n";

    private final JvmResources jvm = new JvmResources();

    String render(ServerContext server, CommandTable commands, Set<InfoSection> sections) {
        StringBuilder out = new StringBuilder(sections.size() * 512);
        for (InfoSection section : sections) {
            if (out.length() > 0) {
                out.append(CRLF);
            }
            out.append("# ").append(section.title()).append(CRLF);
            Lines lines = new Lines(out);
            switch (section) {
                case SERVER -> server(server, lines);
                case CLIENTS -> clients(server, lines);
                case MEMORY -> memory(server, lines);
                case PERSISTENCE -> persistence(server, lines);
                case STATS -> stats(server, lines);
                case REPLICATION -> replication(server, lines);
                case CPU -> cpu(lines);
                case MODULES -> {
                    // no modules
                }
                case COMMANDSTATS -> commandStats(commands, lines);
                case ERRORSTATS -> errorStats(server, lines);
                case LATENCYSTATS -> latencyStats(server, commands, lines);
                case CLUSTER -> lines.add("cluster_enabled", 0);
                case KEYSPACE -> keyspace(server, lines);
            }
        }
        return out.toString();
    }

    private void server(ServerContext server, Lines l) {
        long nowMillis = server.keyspace().clock().millis();
        long uptime = Math.max(0, nowMillis - server.startMillis()) / 1000;
        java.time.Instant now = server.keyspace().clock().instant();
        l.add("redis_version", ServerContext.REDIS_VERSION);
        l.add("redis_git_sha1", "00000000");
        l.add("redis_git_dirty", 0);
        l.add("redis_build_id", "6d696e692d726564"); // "mini-red" in hex: a fixed id, there is no C build
        l.add("redis_mode", "standalone");
        l.add("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + unameArch());
        l.add("arch_bits", System.getProperty("sun.arch.data.model", "64"));
        l.add("monotonic_clock", "JVM System.nanoTime");
        l.add("multiplexing_api", server.startConfig().nativeTransport() && Epoll.isAvailable() ? "epoll" : "nio");
        l.add("atomicvar_api", "java.util.concurrent.atomic");
        l.add("gcc_version", "0.0.0"); // what Redis reports when not built by GCC
        l.add("process_id", ProcessHandle.current().pid());
        l.add("process_supervised", "no");
        l.add("run_id", server.runId());
        l.add("tcp_port", server.port());
        l.add("server_time_usec", now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
        l.add("uptime_in_seconds", uptime);
        l.add("uptime_in_days", uptime / 86400);
        l.add("hz", config(server, "hz", "10"));
        l.add("configured_hz", config(server, "hz", "10"));
        l.add("lru_clock", server.keyspace().lruClock());
        l.add("executable", ProcessHandle.current().info().command().orElse(""));
        l.add("config_file", "");
        l.add("io_threads_active", 0);
        l.add("java_version", System.getProperty("java.version"));
    }

    /** uname's machine name for the JVM's os.arch (amd64 is x86_64 to uname). */
    private static String unameArch() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private void clients(ServerContext server, Lines l) {
        l.add("connected_clients", server.clients().connectedCount());
        l.add("cluster_connections", 0);
        l.add("maxclients", config(server, "maxclients", "10000"));
        l.add("client_recent_max_input_buffer", 0);
        l.add("client_recent_max_output_buffer", 0);
        l.add("blocked_clients", server.blockedClients().blockedCount());
        l.add("tracking_clients", 0);
        l.add("clients_in_timeout_table", server.blockedClients().withTimeoutCount());
    }

    /**
     * {@code used_memory} and its parts are the server's own accounting of its structures ({@link
     * io.miniredis.store.MemoryAccounting}): deterministic, and what maxmemory is compared with. The JVM plays
     * Redis's allocator: the {@code allocator_*} fields are the heap's figures, {@code used_memory_rss} the process's
     * resident size. The JVM's own figures follow as extra {@code jvm_*} fields (mini-redis additions).
     */
    private void memory(ServerContext server, Lines l) {
        MemoryUsage heap = jvm.heap();
        MemoryUsage nonHeap = jvm.nonHeap();
        io.miniredis.store.MemoryAccounting memory = server.memory();
        long used = memory.used();
        long peakMemory = memory.peak();
        long startupMemory = memory.startup();
        long rss = jvm.residentBytes();
        long overhead = memory.overhead();
        long dataset = used - overhead;
        long heapUsed = heap.getUsed();
        long committed = Math.max(heap.getCommitted(), heapUsed);
        long maxmemory = Long.parseLong(config(server, "maxmemory", "0"));
        long systemMemory = jvm.totalSystemMemory();
        l.add("used_memory", used);
        l.add("used_memory_human", human(used));
        l.add("used_memory_rss", rss);
        l.add("used_memory_rss_human", human(rss));
        l.add("used_memory_peak", peakMemory);
        l.add("used_memory_peak_human", human(peakMemory));
        l.add("used_memory_peak_perc", percent(used, peakMemory));
        l.add("used_memory_overhead", overhead);
        l.add("used_memory_startup", startupMemory);
        l.add("used_memory_dataset", dataset);
        l.add("used_memory_dataset_perc", percent(dataset, used - Math.min(used, startupMemory)));
        // The JVM heap plays the allocator: what it holds, what it has committed (active and resident alike).
        l.add("allocator_allocated", heapUsed);
        l.add("allocator_active", committed);
        l.add("allocator_resident", committed);
        l.add("total_system_memory", systemMemory);
        l.add("total_system_memory_human", human(systemMemory));
        // Lua: nothing until the engine starts on the first script. EVAL scripts and functions share one Lua
        // state here (Redis has a VM for each), so the whole Lua heap is reported as the eval VM's.
        io.miniredis.scripting.Scripting scripting = server.scriptingIfStarted();
        long luaHeap = scripting == null ? 0 : scripting.luaMemoryBytes();
        long evalBodies = scripting == null ? 0 : scripting.scriptBytes();
        long functionCode = scripting == null ? 0 : scripting.functions().codeBytes();
        l.add("used_memory_lua", luaHeap);
        l.add("used_memory_vm_eval", luaHeap);
        l.add("used_memory_lua_human", human(luaHeap));
        l.add("used_memory_scripts_eval", evalBodies);
        l.add("number_of_cached_scripts", scripting == null ? 0 : scripting.scriptCount());
        l.add(
                "number_of_functions",
                scripting == null ? 0 : scripting.functions().functionCount());
        l.add(
                "number_of_libraries",
                scripting == null ? 0 : scripting.functions().libraryCount());
        l.add("used_memory_vm_functions", 0);
        l.add("used_memory_vm_total", luaHeap);
        l.add("used_memory_vm_total_human", human(luaHeap));
        l.add("used_memory_functions", functionCode);
        l.add("used_memory_scripts", evalBodies + functionCode);
        l.add("used_memory_scripts_human", human(evalBodies + functionCode));
        l.add("maxmemory", maxmemory);
        l.add("maxmemory_human", human(maxmemory));
        l.add("maxmemory_policy", config(server, "maxmemory-policy", "noeviction"));
        l.add("allocator_frag_ratio", ratio(committed, heapUsed));
        l.add("allocator_frag_bytes", committed - heapUsed);
        l.add("allocator_rss_ratio", "1.00");
        l.add("allocator_rss_bytes", 0);
        l.add("rss_overhead_ratio", ratio(rss, committed));
        l.add("rss_overhead_bytes", rss - committed);
        l.add("mem_fragmentation_ratio", ratio(rss, used));
        l.add("mem_fragmentation_bytes", rss - used);
        l.add("mem_not_counted_for_evict", 0);
        l.add("mem_replication_backlog", 0);
        l.add("mem_total_replication_buffers", 0);
        l.add("mem_clients_slaves", 0);
        l.add("mem_clients_normal", server.clientEviction().clientsMemory());
        l.add("mem_cluster_links", 0);
        l.add("mem_aof_buffer", 0);
        l.add("mem_allocator", "jvm");
        l.add("active_defrag_running", 0);
        l.add("lazyfree_pending_objects", 0);
        l.add("lazyfreed_objects", 0);
        long heapMax = Math.max(0, heap.getMax());
        l.add("jvm_heap_used", heapUsed);
        l.add("jvm_heap_used_human", human(heapUsed));
        l.add("jvm_heap_committed", heap.getCommitted());
        l.add("jvm_heap_committed_human", human(heap.getCommitted()));
        l.add("jvm_heap_max", heapMax);
        l.add("jvm_heap_max_human", human(heapMax));
        l.add("jvm_non_heap_used", nonHeap.getUsed());
        l.add("jvm_non_heap_used_human", human(nonHeap.getUsed()));
    }

    /** RDB state from the server's persistence; the aof_* lines are the AOF's. */
    private void persistence(ServerContext server, Lines l) {
        boolean loading = server.loading().active();
        l.add("loading", loading ? 1 : 0);
        l.add("async_loading", 0);
        long cow = server.persistence().currentCowBytes();
        l.add("current_cow_peak", cow);
        l.add("current_cow_size", cow);
        l.add("current_cow_size_age", 0);
        l.add("current_fork_perc", "0.00");
        for (Object[] field : server.persistence().infoFields()) {
            l.add((String) field[0], field[1]);
        }
        // the AOF (persistence.aof); a rewrite runs in the background like BGSAVE (server.AofPersistence)
        io.miniredis.persistence.aof.AppendOnlyFile aof = server.aof();
        boolean aofOn = aof != null && aof.on();
        l.add("aof_enabled", aofOn ? 1 : 0);
        var rewrites = server.aofPersistence();
        l.add("aof_rewrite_in_progress", rewrites != null && rewrites.rewriteInProgress() ? 1 : 0);
        l.add("aof_rewrite_scheduled", rewrites != null && rewrites.rewriteScheduled() ? 1 : 0);
        l.add("aof_last_rewrite_time_sec", aof == null ? -1 : aof.lastRewriteSeconds());
        l.add("aof_current_rewrite_time_sec", aof == null ? -1 : aof.currentRewriteSeconds());
        l.add("aof_last_bgrewrite_status", aof == null || aof.lastRewriteOk() ? "ok" : "err");
        l.add("aof_rewrites", aof == null ? 0 : aof.rewrites());
        l.add("aof_rewrites_consecutive_failures", aof == null ? 0 : aof.consecutiveFailures());
        l.add("aof_last_write_status", aof == null || aof.writeError() == null ? "ok" : "err");
        l.add("aof_last_cow_size", 0);
        if (aofOn) {
            l.add("aof_current_size", aof.currentSize());
            l.add("aof_base_size", aof.baseSize());
            l.add("aof_pending_rewrite", 0);
            l.add("aof_buffer_length", aof.bufferLength());
            l.add("aof_pending_bio_fsync", aof.fsyncPending() ? 1 : 0);
            l.add("aof_delayed_fsync", aof.delayedFsyncs());
        }
        l.add("module_fork_in_progress", 0);
        l.add("module_fork_last_cow_size", 0);
        if (loading) {
            for (Object[] field : server.loading().infoFields()) {
                l.add((String) field[0], field[1]);
            }
        }
    }

    private void stats(ServerContext server, Lines l) {
        ServerStats stats = server.stats();
        OpsMeter ops = stats.opsMeter();
        l.add("total_connections_received", stats.connectionsReceived());
        l.add("total_commands_processed", stats.commandsProcessed());
        l.add("instantaneous_ops_per_sec", ops.opsPerSecond());
        l.add("total_net_input_bytes", stats.netInputBytes());
        l.add("total_net_output_bytes", stats.netOutputBytes());
        l.add("total_net_repl_input_bytes", 0);
        l.add("total_net_repl_output_bytes", 0);
        l.add("instantaneous_input_kbps", fixed2(ops.inputKbps()));
        l.add("instantaneous_output_kbps", fixed2(ops.outputKbps()));
        l.add("instantaneous_input_repl_kbps", "0.00");
        l.add("instantaneous_output_repl_kbps", "0.00");
        l.add("rejected_connections", stats.rejectedConnections());
        l.add("sync_full", 0);
        l.add("sync_partial_ok", 0);
        l.add("sync_partial_err", 0);
        l.add("expired_keys", stats.expiredKeys());
        l.add("expired_stale_perc", "0.00");
        l.add("expired_time_cap_reached_count", 0);
        l.add("expire_cycle_cpu_milliseconds", 0);
        l.add("evicted_keys", stats.evictedKeys());
        l.add("evicted_clients", server.clientEviction().evictedClients());
        l.add("total_eviction_exceeded_time", 0);
        l.add("current_eviction_exceeded_time", 0);
        l.add("keyspace_hits", stats.keyspaceHits());
        l.add("keyspace_misses", stats.keyspaceMisses());
        l.add("pubsub_channels", server.pubsub().channelCount());
        l.add("pubsub_patterns", server.pubsub().patternCount());
        l.add("pubsubshard_channels", server.pubsub().shardChannelCount());
        l.add("latest_fork_usec", 0);
        l.add("total_forks", 0);
        l.add("migrate_cached_sockets", 0);
        l.add("slave_expires_tracked_keys", 0);
        l.add("active_defrag_hits", 0);
        l.add("active_defrag_misses", 0);
        l.add("active_defrag_key_hits", 0);
        l.add("active_defrag_key_misses", 0);
        l.add("total_active_defrag_time", 0);
        l.add("current_active_defrag_time", 0);
        l.add("tracking_total_keys", 0);
        l.add("tracking_total_items", 0);
        l.add("tracking_total_prefixes", 0);
        l.add("unexpected_error_replies", 0);
        l.add("total_error_replies", stats.errorReplies());
        l.add("dump_payload_sanitizations", 0);
        l.add("total_reads_processed", stats.readsProcessed());
        l.add("total_writes_processed", stats.writesProcessed());
        l.add("io_threaded_reads_processed", 0);
        l.add("io_threaded_writes_processed", 0);
        l.add("reply_buffer_shrinks", 0);
        l.add("reply_buffer_expands", 0);
    }

    private void replication(ServerContext server, Lines l) {
        l.add("role", "master");
        l.add("connected_slaves", 0);
        l.add("master_failover_state", "no-failover");
        l.add("master_replid", server.replicationId());
        l.add("master_replid2", "0".repeat(40));
        l.add("master_repl_offset", 0);
        l.add("second_repl_offset", -1);
        l.add("repl_backlog_active", 0);
        l.add("repl_backlog_size", config(server, "repl-backlog-size", "1048576"));
        l.add("repl_backlog_first_byte_offset", 0);
        l.add("repl_backlog_histlen", 0);
    }

    /** The process's CPU time, and the keyspace thread's as the "main thread" (INFO runs on it). */
    private void cpu(Lines l) {
        long[] process = jvm.processCpuNanos();
        long[] main = jvm.currentThreadCpuNanos();
        l.add("used_cpu_sys", seconds(process[1]));
        l.add("used_cpu_user", seconds(process[0]));
        l.add("used_cpu_sys_children", "0.000000");
        l.add("used_cpu_user_children", "0.000000");
        l.add("used_cpu_sys_main_thread", seconds(main[1]));
        l.add("used_cpu_user_main_thread", seconds(main[0]));
    }

    private void commandStats(CommandTable commands, Lines l) {
        forEachCommand(commands, spec -> commandStats(spec, l));
    }

    /** Every command and subcommand of the table, in table order (commandstats and latencystats list them so). */
    private static void forEachCommand(CommandTable commands, java.util.function.Consumer<CommandSpec> action) {
        for (CommandSpec spec : commands.commands()) {
            action.accept(spec);
            spec.subcommands().forEach(action);
        }
    }

    private static void commandStats(CommandSpec spec, Lines l) {
        CommandStats stats = spec.stats();
        if (!stats.used()) {
            return;
        }
        long calls = stats.calls();
        l.add(
                "cmdstat_" + spec.fullName(),
                "calls=" + calls
                        + ",usec=" + stats.micros()
                        + ",usec_per_call=" + fixed2(calls == 0 ? 0 : (double) stats.micros() / calls)
                        + ",rejected_calls=" + stats.rejectedCalls()
                        + ",failed_calls=" + stats.failedCalls());
    }

    private static void errorStats(ServerContext server, Lines l) {
        for (Map.Entry<String, long[]> error : server.stats().errorsByCode().entrySet()) {
            l.add("errorstat_" + error.getKey(), "count=" + error.getValue()[0]);
        }
    }

    /** The percentiles of {@code latency-tracking-info-percentiles}, named as CONFIG GET shows them (p50, p99.9). */
    private void latencyStats(ServerContext server, CommandTable commands, Lines l) {
        String setting =
                server.config().get("latency-tracking-info-percentiles").trim();
        String[] names = setting.isEmpty() ? new String[0] : setting.split(" ");
        double[] percentiles = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            percentiles[i] = Double.parseDouble(names[i]);
        }
        forEachCommand(commands, spec -> latencyStats(spec, names, percentiles, l));
    }

    private static void latencyStats(CommandSpec spec, String[] names, double[] percentiles, Lines l) {
        LatencyHistogram histogram = spec.stats().latency();
        if (histogram == null || histogram.total() == 0) {
            return;
        }
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < percentiles.length; i++) {
            if (i > 0) {
                value.append(',');
            }
            value.append('p')
                    .append(names[i])
                    .append('=')
                    .append(String.format(Locale.ROOT, "%.3f", histogram.valueAtPercentile(percentiles[i]) / 1000.0));
        }
        l.add("latency_percentiles_usec_" + spec.fullName(), value.toString());
    }

    private static void keyspace(ServerContext server, Lines l) {
        Keyspace keyspace = server.keyspace();
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.db(i);
            if (db.size() > 0) {
                l.add("db" + i, "keys=" + db.size() + ",expires=" + db.expiringSize() + ",avg_ttl=" + db.averageTtl());
            }
        }
    }

    /** A parameter's value, or {@code fallback} when this build does not know the parameter yet. */
    private static String config(ServerContext server, String name, String fallback) {
        ConfigRegistry config = server.config();
        return config.parameter(name) == null ? fallback : config.get(name);
    }

    /** Redis's bytesToHuman: B below 1 KiB, then K, M, G, T, P with two decimals. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double value = bytes;
        for (String unit : units) {
            value /= 1024;
            if (value < 1024 || unit.equals("P")) {
                return fixed2(value) + unit;
            }
        }
        throw new AssertionError();
    }

    private static String percent(long part, long whole) {
        return fixed2(whole <= 0 ? 0 : part * 100.0 / whole) + "%";
    }

    private static String ratio(long a, long b) {
        return fixed2(b <= 0 ? 0 : (double) a / b);
    }

    private static String fixed2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%d.%06d", nanos / 1_000_000_000, nanos % 1_000_000_000 / 1000);
    }

    /** The {@code name:value} lines of one section. */
    private static final class Lines {

        private final StringBuilder out;

        Lines(StringBuilder out) {
            this.out = out;
        }

        void add(String name, Object value) {
            out.append(name).append(':').append(value).append(CRLF);
        }
    }
}
