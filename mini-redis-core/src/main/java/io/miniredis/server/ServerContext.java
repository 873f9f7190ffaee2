package io.miniredis.server;

import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandTable;
import io.miniredis.command.Commands;
import io.miniredis.config.ConfigRegistry;
import io.miniredis.protocol.ProtocolLimits;
import io.miniredis.stats.ServerStats;
import io.miniredis.store.Keyspace;
import io.netty.util.concurrent.EventExecutor;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the running server is, for commands and for the starter: the keyspace, live configuration, clients,
 * statistics, the command table, and the keyspace thread everything runs on.
 */
public final class ServerContext {

    public static final String REDIS_VERSION = "7.0.15";

    private final ServerConfig startConfig;
    private final ConfigRegistry config;
    private final ServerStats stats = new ServerStats();
    private final Keyspace keyspace;
    private final ClientRegistry clients = new ClientRegistry();
    private final CommandTable commands;
    private final CommandDispatcher dispatcher;
    private final BlockedClients blockedClients;
    private final long startMillis;
    private final String runId;
    private volatile EventExecutor keyspaceThread;
    private volatile int boundPort;
    private volatile long lastSaveSeconds;
    private volatile String replicationId = randomHex(20);
    private volatile ProtocolLimits protocolLimits;

    ServerContext(ServerConfig startConfig) {
        this.startConfig = startConfig;
        this.config = startConfig.newRegistry();
        this.keyspace = new Keyspace(config.getInt("databases"), startConfig.clock(), stats);
        this.commands = Commands.table();
        this.dispatcher = new CommandDispatcher(this);
        this.blockedClients = new BlockedClients(this);
        keyspace.listener(blockedClients);
        this.startMillis = startConfig.clock().millis();
        this.lastSaveSeconds = startMillis / 1000;
        byte[] id = new byte[20];
        ThreadLocalRandom.current().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        updateProtocolLimits();
        updateAccessTracking();
        for (String parameter : new String[] {"maxmemory-policy", "lfu-log-factor", "lfu-decay-time"}) {
            config.onChange(parameter, value -> updateAccessTracking());
        }
        config.onChange("proto-max-bulk-len", value -> updateProtocolLimits());
        config.onChange("client-query-buffer-limit", value -> updateProtocolLimits());
    }

    private void updateAccessTracking() {
        keyspace.accessTracking(config.get("maxmemory-policy").endsWith("-lfu"), config.getInt("lfu-log-factor"),
                config.getInt("lfu-decay-time"));
    }

    private void updateProtocolLimits() {
        protocolLimits = new ProtocolLimits(config.getLong("proto-max-bulk-len"),
                ProtocolLimits.DEFAULTS.maxInlineLength(), config.getLong("client-query-buffer-limit"));
    }

    /** The request decoder's limits from the live configuration; every connection reads them at each check. */
    public ProtocolLimits protocolLimits() {
        return protocolLimits;
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    public ServerConfig startConfig() {
        return startConfig;
    }

    public ConfigRegistry config() {
        return config;
    }

    public ServerStats stats() {
        return stats;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public CommandTable commands() {
        return commands;
    }

    public CommandDispatcher dispatcher() {
        return dispatcher;
    }

    /** Clients waiting in blocking commands, and the API those commands block with. */
    public BlockedClients blockedClients() {
        return blockedClients;
    }

    public long startMillis() {
        return startMillis;
    }

    public String runId() {
        return runId;
    }

    /** The thread that owns the keyspace; everything that touches keys runs there. */
    public EventExecutor keyspaceThread() {
        return keyspaceThread;
    }

    void keyspaceThread(EventExecutor executor) {
        this.keyspaceThread = executor;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return boundPort;
    }

    void port(int port) {
        this.boundPort = port;
    }

    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    /** INFO master_replid: 40 hex characters, new at start and on DEBUG CHANGE-REPL-ID. */
    public String replicationId() {
        return replicationId;
    }

    public void changeReplicationId() {
        replicationId = randomHex(20);
    }

    // ---- scripting (io.miniredis.scripting): the Lua engine, made on first use, and the busy-script state ----

    private io.miniredis.scripting.Scripting scripting;
    /** While a script runs past busy-reply-threshold: the BUSY error other clients get. Keyspace thread only. */
    private String busyScriptError;
    private final java.util.ArrayDeque<Runnable> afterBusyScript = new java.util.ArrayDeque<>();

    /** Lua scripts and functions; the engine starts on the first call (keyspace thread). */
    public io.miniredis.scripting.Scripting scripting() {
        if (scripting == null) {
            scripting = new io.miniredis.scripting.Scripting(this);
        }
        return scripting;
    }

    /** Stops the script thread, if scripting was ever used. */
    void closeScripting() {
        if (scripting != null) {
            scripting.close();
        }
    }

    /**
     * Non-null while a script has run past busy-reply-threshold and owns the keyspace from its own thread: the
     * error (BUSY ...) the dispatcher answers every command with, but those flagged allow_busy.
     */
    public String busyScriptError() {
        return busyScriptError;
    }

    /** Set when a script goes past the threshold, cleared (null) when it ends; then deferred work runs. */
    public void busyScriptError(String error) {
        this.busyScriptError = error;
        while (error == null && !afterBusyScript.isEmpty()) {
            afterBusyScript.pollFirst().run();
        }
    }

    /**
     * Runs {@code task}, which touches the keyspace, now, or after the busy script if one runs (the keyspace is the
     * script thread's until then). Keyspace thread only.
     */
    public void whenNotBusy(Runnable task) {
        if (busyScriptError == null) {
            task.run();
        } else {
            afterBusyScript.addLast(task);
        }
    }

    /** Whether a new connection starts authenticated: only when no password is required. */
    boolean authenticatedByDefault() {
        return config.get("requirepass").isEmpty();
    }
}
