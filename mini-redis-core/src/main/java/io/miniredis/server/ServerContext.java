package io.miniredis.server;

import io.miniredis.config.ConfigRegistry;
import io.miniredis.config.PendingParameters;
import io.miniredis.protocol.ProtocolLimits;
import io.miniredis.pubsub.KeyspaceNotifications;
import io.miniredis.pubsub.PubSubRegistry;
import io.miniredis.stats.ServerStats;
import io.miniredis.store.Keyspace;
import io.miniredis.store.MemoryAccounting;
import io.miniredis.store.eviction.EvictionPolicy;
import io.miniredis.store.eviction.Evictor;
import io.netty.util.concurrent.EventExecutor;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the running server is, for commands and for the starter: the keyspace, live configuration, clients,
 * statistics, the command table, and the keyspace thread everything runs on.
 */
public final class ServerContext implements io.miniredis.scripting.ScriptHost {

    public static final String REDIS_VERSION = io.miniredis.protocol.RedisVersion.VERSION;

    private final ServerConfig startConfig;
    private final ConfigRegistry config;
    private final ServerStats stats = new ServerStats();
    private final Keyspace keyspace;
    private final ClientRegistry clients = new ClientRegistry();
    private final BlockedClients blockedClients;
    private final WatchedKeys watchedKeys;
    private final OutputBufferLimits outputLimits = new OutputBufferLimits();
    private final PubSubRegistry pubsub;
    private final KeyspaceNotifications notifications;
    private final long startMillis;
    private final String runId;
    private volatile EventExecutor keyspaceThread;
    private KeyspaceLoop keyspaceLoop;
    private boolean outOfMemoryAtCommandStart;
    private boolean inIoCallback;
    private volatile int boundPort;
    private final RdbPersistence persistence;
    private final Loading loading;
    private volatile String replicationId = randomHex(20);
    private volatile ProtocolLimits protocolLimits;
    private final MemoryAccounting memory;
    private final Evictor evictor;
    private final ClientEviction clientEviction = new ClientEviction(clients);
    private final io.miniredis.propagation.Propagator propagator = new io.miniredis.propagation.Propagator();
    /** The AOF, when the server has one (set at start, whether appendonly is on or off). */
    private io.miniredis.persistence.aof.AppendOnlyFile aof;
    /** Faults and the command recorder (test support, Java API only): one flag on the command path when unused. */
    private final io.miniredis.testing.TestHooks testHooks = new io.miniredis.testing.TestHooks(this::keyspaceThread);

    ServerContext(ServerConfig startConfig) {
        this.startConfig = startConfig;
        this.config = startConfig.newRegistry();
        PendingParameters.warnWhenSet(config);
        this.keyspace = new Keyspace(config.getInt("databases"), startConfig.clock(), stats);
        this.blockedClients = new BlockedClients(this);
        keyspace.listener(blockedClients);
        this.watchedKeys = new WatchedKeys(keyspace);
        keyspace.listener(watchedKeys);
        // output buffer soft limits are the process's time (an I/O timeout), not the server clock a test moves
        this.pubsub = new PubSubRegistry(this::keyspaceThread, stats, java.time.InstantSource.system());
        this.notifications = new KeyspaceNotifications(pubsub, keyspace);
        keyspace.listener(notifications);
        keyspace.listener(new io.miniredis.propagation.DeletionPropagation(
                propagator,
                () -> config.getBool("lazyfree-lazy-expire"),
                () -> config.getBool("lazyfree-lazy-eviction")));
        notifications.configure(config.get("notify-keyspace-events"));
        config.onChange("notify-keyspace-events", notifications::configure);
        outputLimits.update(config.get("client-output-buffer-limit"));
        config.onChange("client-output-buffer-limit", outputLimits::update);
        this.startMillis = startConfig.clock().millis();
        testHooks.recorder().clock(startConfig.clock());
        this.persistence = new RdbPersistence(this, startMillis);
        this.loading = new Loading(this);
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
        // ---- memory accounting and eviction ----
        this.memory = new MemoryAccounting(keyspace, clients::connectedCount);
        this.evictor = new Evictor(keyspace, memory, () -> keyspaceThread);
        evictor.maxmemory(maxmemoryBytes(config.get("maxmemory")));
        evictor.policy(EvictionPolicy.of(config.get("maxmemory-policy")));
        evictor.samples(config.getInt("maxmemory-samples"));
        evictor.tenacity(config.getInt("maxmemory-eviction-tenacity"));
        config.onChange("maxmemory", value -> {
            evictor.maxmemory(maxmemoryBytes(value));
            evictor.performEvictions(); // as Redis does when CONFIG SET lowers the limit
        });
        config.onChange("maxmemory-policy", value -> evictor.policy(EvictionPolicy.of(value)));
        config.onChange("maxmemory-samples", value -> evictor.samples(Integer.parseInt(value)));
        config.onChange("maxmemory-eviction-tenacity", value -> evictor.tenacity(Integer.parseInt(value)));
        // ---- client eviction (maxmemory-clients) ----
        clientEviction.maxmemory(maxmemoryBytes(config.get("maxmemory")));
        clientEviction.setting(config.get("maxmemory-clients"));
        config.onChange("maxmemory", value -> clientEviction.maxmemory(maxmemoryBytes(value)));
        config.onChange("maxmemory-clients", clientEviction::setting);
    }

    /** maxmemory-clients: disconnects the clients using the most memory when all clients together use too much. */
    /** What each command changed, for the AOF and (later) replicas. Keyspace thread only. */
    public io.miniredis.propagation.Propagator propagator() {
        return propagator;
    }

    /** The append-only file machinery (null before the server starts). */
    public io.miniredis.persistence.aof.AppendOnlyFile aof() {
        return aof;
    }

    public void aof(io.miniredis.persistence.aof.AppendOnlyFile aof) {
        this.aof = aof;
    }

    private AofPersistence aofPersistence;
    /**
     * Replies held until the AOF is written (and with appendfsync always fsynced) at the end of this loop turn: one
     * write, one fsync, for every command of the turn.
     */
    private java.util.ArrayDeque<Runnable> repliesAwaitingAof = new java.util.ArrayDeque<>();

    /**
     * While the AOF is on, a reply that follows a write (or any reply while others wait, to keep each connection's
     * order) is held until the end of the loop turn, when the turn's writes go to the file in one write, as Redis
     * writes its AOF buffer once per event-loop iteration (beforeSleep) before any reply: one system call per turn
     * instead of one per client read (with {@code appendfsync always}, one fsync too). Returns false when the reply
     * may go now.
     */
    boolean holdUntilAofWritten(Runnable write) {
        if (aof == null || !aof.on()) {
            return false;
        }
        if (aof.bufferLength() == 0 && repliesAwaitingAof.isEmpty()) {
            return false;
        }
        repliesAwaitingAof.add(write);
        return true;
    }

    /** The end of a loop turn: the AOF written (and fsynced if always) once, then the held replies go out, in order. */
    void endOfTurn() {
        if (repliesAwaitingAof.isEmpty()) {
            return;
        }
        aof.beforeReplies();
        java.util.ArrayDeque<Runnable> held = repliesAwaitingAof;
        repliesAwaitingAof = new java.util.ArrayDeque<>();
        for (Runnable write : held) {
            write.run();
        }
    }

    /** Loading, CONFIG SET appendonly, BGREWRITEAOF, DEBUG LOADAOF (null before the server is built). */
    public AofPersistence aofPersistence() {
        return aofPersistence;
    }

    void aofPersistence(AofPersistence persistence) {
        this.aofPersistence = persistence;
    }

    public ClientEviction clientEviction() {
        return clientEviction;
    }

    /** A maxmemory as stored (an unsigned 64-bit count), with values beyond a long read as "no real limit". */
    private static long maxmemoryBytes(String value) {
        long bytes = Long.parseUnsignedLong(value);
        return bytes < 0 ? Long.MAX_VALUE : bytes;
    }

    /** used_memory and its parts, as our own structures count them. */
    public MemoryAccounting memory() {
        return memory;
    }

    /**
     * Whether the client command running now found memory over {@code maxmemory} when it started (Redis's
     * "pre-command OOM state"), as the dispatcher recorded it: a script it runs is held to it (see scripting).
     */
    public boolean outOfMemoryAtCommandStart() {
        return evictor.limited() && outOfMemoryAtCommandStart;
    }

    public void outOfMemoryAtCommandStart(boolean outOfMemory) {
        this.outOfMemoryAtCommandStart = outOfMemory;
    }

    /** Keeps used_memory under maxmemory; the dispatcher runs it before commands while a limit is set. */
    public Evictor evictor() {
        return evictor;
    }

    private void updateAccessTracking() {
        keyspace.accessTracking(
                config.get("maxmemory-policy").endsWith("-lfu"),
                config.getInt("lfu-log-factor"),
                config.getInt("lfu-decay-time"));
    }

    private void updateProtocolLimits() {
        protocolLimits = new ProtocolLimits(
                config.getLong("proto-max-bulk-len"),
                ProtocolLimits.DEFAULTS.maxInlineLength(),
                config.getLong("client-query-buffer-limit"));
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

    /** Clients waiting in blocking commands, and the API those commands block with. */
    public BlockedClients blockedClients() {
        return blockedClients;
    }

    /** WATCH: which clients watch which keys; EXEC asks it whether a watch broke. */
    public WatchedKeys watchedKeys() {
        return watchedKeys;
    }

    /** Pub/sub channels, patterns and their subscribers. */
    public PubSubRegistry pubsub() {
        return pubsub;
    }

    /** Keyspace notifications: where the command families report their events. */
    public KeyspaceNotifications notifications() {
        return notifications;
    }

    /** {@code client-output-buffer-limit}, live. */
    public OutputBufferLimits outputLimits() {
        return outputLimits;
    }

    /** Channels with at least one subscriber (INFO pubsub_channels); readable from any thread, for metrics. */
    public int pubSubChannels() {
        return pubsub.channelCount();
    }

    /** Distinct patterns subscribed to (INFO pubsub_patterns); readable from any thread, for metrics. */
    public int pubSubPatterns() {
        return pubsub.patternCount();
    }

    /** The server's time: expiry, TTLs, blocking timeouts, TIME (see {@link io.miniredis.testing.ServerClock}). */
    public io.miniredis.testing.ServerClock clock() {
        return startConfig.clock();
    }

    public long startMillis() {
        return startMillis;
    }

    public String runId() {
        return runId;
    }

    /** Faults and the command recorder: see {@link io.miniredis.testing.TestHooks}. */
    public io.miniredis.testing.TestHooks testHooks() {
        return testHooks;
    }

    /** The thread that owns the keyspace; everything that touches keys runs there. */
    public EventExecutor keyspaceThread() {
        return keyspaceThread;
    }

    void keyspaceLoop(KeyspaceLoop loop) {
        this.keyspaceLoop = loop;
        this.keyspaceThread = loop.eventLoop();
    }

    /**
     * True while the keyspace thread is inside a channel read (ConnectionHandler sets it): a command that may run a
     * script is then deferred to a task, so that a busy script can process events (see {@link KeyspaceLoop}).
     */
    public boolean inIoCallback() {
        return inIoCallback;
    }

    /** Sets the flag above; returns what it was, for the caller to restore. */
    boolean inIoCallback(boolean inside) {
        boolean was = inIoCallback;
        inIoCallback = inside;
        return was;
    }

    /**
     * For a busy script's hook: reads and answers other clients (BUSY, or the allow_busy commands such as SCRIPT
     * KILL) and runs queued tasks, then comes back. The command's time is kept across it: a command answered in
     * between must not move the script's clock.
     */
    public void processEventsWhileBlocked() {
        if (inIoCallback) {
            return; // cannot happen (see KeyspaceLoop); never nest inside the loop's own I/O step
        }
        long now = keyspace.now();
        boolean touch = keyspace.touchEnabled();
        boolean oom = outOfMemoryAtCommandStart;
        try {
            keyspaceLoop.processEventsWhileBlocked();
        } finally {
            keyspace.restoreCommand(now, touch);
            outOfMemoryAtCommandStart = oom;
        }
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return boundPort;
    }

    void port(int port) {
        this.boundPort = port;
    }

    public long lastSaveSeconds() {
        return persistence.lastSaveSeconds();
    }

    /** The server's shutdown procedure (MiniRedisServer.shutdown), for the SHUTDOWN command. */
    private java.util.function.Predicate<ShutdownRequest> shutdown = request -> false;

    void shutdownProcedure(java.util.function.Predicate<ShutdownRequest> procedure) {
        this.shutdown = procedure;
    }

    /** Whether SHUTDOWN may stop this server (the builder's shutdownCommand). */
    public boolean shutdownCommandEnabled() {
        return startConfig.shutdownCommand();
    }

    /**
     * SHUTDOWN, on the keyspace thread: false when the server refused to stop (the final save failed); true when
     * it is stopping (the connections close, the reply is none).
     */
    public boolean shutdown(ShutdownRequest request) {
        return shutdown.test(request);
    }

    private boolean inExec;

    /**
     * True while EXEC runs its queue (Redis's {@code server.in_exec}): BGSAVE, BGREWRITEAOF and CONFIG SET appendonly
     * yes then schedule their snapshot rather than start it inside the transaction. Keyspace thread only.
     */
    public boolean inExec() {
        return inExec;
    }

    /** Set by EXEC around its queue; returns what it was, for the caller to restore. */
    public boolean inExec(boolean inside) {
        boolean was = inExec;
        inExec = inside;
        return was;
    }

    /** The loading state (LOADING replies, INFO loading_*) while the RDB or the AOF loads. */
    public Loading loading() {
        return loading;
    }

    /** SAVE, BGSAVE, save points, the load at start, INFO persistence. */
    public RdbPersistence persistence() {
        return persistence;
    }

    /** INFO master_replid: 40 hex characters, new at start and on DEBUG CHANGE-REPL-ID. */
    public String replicationId() {
        return replicationId;
    }

    public void changeReplicationId() {
        replicationId = randomHex(20);
    }

    // ---- scripting (io.miniredis.scripting): the Lua engine, made on first use, and the busy-script state ----

    private volatile io.miniredis.scripting.Scripting scripting;
    /** While a script runs past busy-reply-threshold: the BUSY error other clients get. Keyspace thread only. */
    private String busyScriptError;

    private final java.util.ArrayDeque<Runnable> afterBusyScript = new java.util.ArrayDeque<>();
    /**
     * DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call the commands flagged {@code noscript} (Redis's test suite uses
     * it to reach DEBUG PROTOCOL from a script). Read by the script thread.
     */
    private volatile boolean denyScriptsDisabled;
    /** Periodic work of command families (MIGRATE's idle connections), run by the cron on the keyspace thread. */
    private final java.util.List<Runnable> cronTasks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds {@code task} to every cron run (keyspace thread); registered once, by the family that needs it. */
    public void addCronTask(Runnable task) {
        cronTasks.add(task);
    }

    public java.util.List<Runnable> cronTasks() {
        return cronTasks;
    }

    /** DEBUG PAUSE-CRON: the periodic tasks (active expiry, stats, idle clients) skip their runs while set. */
    private volatile boolean cronPaused;

    public boolean cronPaused() {
        return cronPaused;
    }

    public void cronPaused(boolean paused) {
        this.cronPaused = paused;
    }

    public boolean denyScriptsDisabled() {
        return denyScriptsDisabled;
    }

    public void denyScriptsDisabled(boolean disabled) {
        this.denyScriptsDisabled = disabled;
    }

    /** Lua scripts and functions; the engine starts on the first call (keyspace thread). */
    public io.miniredis.scripting.Scripting scripting() {
        if (scripting == null) {
            scripting = new io.miniredis.scripting.Scripting(this);
        }
        return scripting;
    }

    /** Scripting if it was ever used, else null (INFO reads it without starting the Lua engine). */
    public io.miniredis.scripting.Scripting scriptingIfStarted() {
        return scripting;
    }

    /** Frees the Lua state, if scripting was ever used; on the keyspace thread, once its loop has ended. */
    void closeScripting() {
        if (scripting != null) {
            scripting.close();
        }
    }

    /** The server is stopping (any thread): a script running now ends at its next hook, written or not. */
    void scriptingShutdown() {
        var started = scripting;
        if (started != null) {
            started.shutdown();
        }
    }

    /**
     * Non-null while a script has run past busy-reply-threshold: the error (BUSY ...) the dispatcher answers every
     * command with, but those flagged allow_busy, while the script's hook lets other clients in.
     */
    public String busyScriptError() {
        return busyScriptError;
    }

    /**
     * Set when a script goes past the threshold, cleared (null) when it ends; the work that waited for it then runs
     * in a task of its own, after the command that ran the script has replied (a client that went away meanwhile
     * is cleaned up after its own script's reply, not under it).
     */
    public void busyScriptError(String error) {
        this.busyScriptError = error;
        if (error == null && !afterBusyScript.isEmpty()) {
            keyspaceThread.execute(this::runAfterBusyScript);
        }
    }

    private void runAfterBusyScript() {
        while (busyScriptError == null && !loading.active() && !afterBusyScript.isEmpty()) {
            afterBusyScript.pollFirst().run();
        }
    }

    /** A load that let clients in is over: what waited for it runs in a task of its own, as after a busy script. */
    void loadingEnded() {
        if (busyScriptError == null && !afterBusyScript.isEmpty()) {
            keyspaceThread.execute(this::runAfterBusyScript);
        }
    }

    /**
     * Runs {@code task}, which touches the keyspace, now, or after the busy script or the load if one runs (a script
     * is atomic: nothing else may change the keyspace halfway through it; a reloading client's reply must still find
     * its connection's state). Keyspace thread only.
     */
    public void whenNotBusy(Runnable task) {
        if (busyScriptError == null && !loading.active()) {
            task.run();
        } else {
            afterBusyScript.addLast(task);
        }
    }

    // ---- what scripting needs of the server (io.miniredis.scripting.ScriptHost)

    private io.miniredis.scripting.ScriptCommands scriptCommands;

    /** The command layer's side of redis.call, set by the server when it builds its command table. */
    public void scriptCommands(io.miniredis.scripting.ScriptCommands commands) {
        this.scriptCommands = commands;
    }

    @Override
    public io.miniredis.scripting.ScriptCommands scriptCommands() {
        return scriptCommands;
    }

    @Override
    public long nowMillis() {
        return keyspace.clock().millis();
    }

    /** Whether a new connection starts authenticated: only when no password is required. */
    boolean authenticatedByDefault() {
        return config.get("requirepass").isEmpty();
    }
}
