package io.miniredis.server;

import io.miniredis.command.CommandDispatcher;
import io.miniredis.persistence.RdbFileWriter;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.persistence.RdbWriteOptions;
import io.miniredis.persistence.RdbWriter;
import io.miniredis.persistence.SnapshotWriter;
import io.miniredis.persistence.aof.AofBaseFormat;
import io.miniredis.persistence.aof.AofLoader;
import io.miniredis.persistence.aof.AppendOnlyFile;
import io.miniredis.persistence.aof.CommandReplayer;
import io.miniredis.persistence.aof.KeyspaceBaseWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The AOF in the running server, keyspace thread only: loading at start (the entry point the launcher joins with the
 * RDB load: AOF first when {@code appendonly yes}, as Redis), CONFIG SET appendonly, BGREWRITEAOF, DEBUG LOADAOF.
 * The file machinery itself is {@link AppendOnlyFile}; this class only wires it to the keyspace and the commands.
 */
public final class AofPersistence {

    private static final System.Logger LOG = System.getLogger(AofPersistence.class.getName());

    private final ServerContext server;
    private final CommandDispatcher dispatcher;
    private final AppendOnlyFile aof;

    AofPersistence(ServerContext server, CommandDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.aof = new AppendOnlyFile(
                server.config(),
                server.keyspace().clock(),
                () -> Path.of(server.config().get("dir")),
                new KeyspaceBaseWriter(server.keyspace(), server.config(), () -> {
                    io.miniredis.scripting.Scripting scripting = server.scriptingIfStarted();
                    return scripting == null ? List.of() : scripting.functions().codes();
                }));
        server.aof(aof);
        server.aofPersistence(this);
        aof.snapshotRunning(() -> running != null || server.persistence().bgsaveInProgress());
        server.propagator().addListener(aof);
        server.config().onApply("appendonly", value -> {
            try {
                if (server.config().getBool("appendonly")) {
                    abortRewrite(); // one started with the AOF off: enabling rewrites at once
                    aof.enable();
                    startFirstRewrite();
                } else {
                    abortRewrite();
                    aof.disable();
                }
            } catch (IOException e) {
                throw new io.miniredis.config.ConfigException("Failed to start AOF: " + e.getMessage());
            }
        });
    }

    /**
     * CONFIG SET appendonly yes, as Redis's startAppendOnly: the first base is written by a background rewrite,
     * started now, or scheduled while a BGSAVE runs, the data loads or EXEC runs (the cron starts it then). Until it
     * is complete INFO says the AOF is on and rewriting, and a failed attempt is retried by the cron.
     */
    private void startFirstRewrite() throws IOException {
        if (server.persistence().bgsaveInProgress() || server.loading().active()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "AOF was enabled but there is already another background operation. An AOF background was"
                            + " scheduled to start when possible.");
            scheduled = true;
            return;
        }
        if (server.inExec()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "AOF was enabled during a transaction. An AOF background was scheduled to start when possible.");
            scheduled = true;
            return;
        }
        try {
            startBackgroundRewrite();
        } catch (IOException | RuntimeException e) {
            aof.disable();
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Redis needs to enable the AOF but can't trigger a background AOF rewrite operation: " + e);
            throw e;
        }
    }

    /** At start, on the keyspace thread, before clients connect: loads the AOF when appendonly is yes, then appends. */
    void start() throws IOException {
        if (!server.config().getBool("appendonly")) {
            return;
        }
        AofLoader.Result loaded = load();
        aof.open(loaded.manifest());
    }

    /** Loads the AOF directory into the (empty) keyspace; propagation is off meanwhile. */
    private AofLoader.Result load() throws IOException {
        long started = System.nanoTime();
        server.propagator().enabled(false);
        try {
            AofLoader.Result result = AofLoader.load(
                    aof.directory(),
                    server.config().get("appendfilename"),
                    server.keyspace(),
                    RdbLoadLimits.from(server.config()),
                    server.config().getBool("aof-load-truncated"),
                    replayer(),
                    code -> server.scripting().functions().load(code, true),
                    server.loading());
            if (!result.manifest().incrs().isEmpty() || result.manifest().base() != null) {
                LOG.log(
                        System.Logger.Level.INFO,
                        String.format(
                                "DB loaded from append only file: %.3f seconds", (System.nanoTime() - started) / 1e9));
            }
            return result;
        } finally {
            server.propagator().enabled(true);
        }
    }

    /** A connection-less client running the file's commands through the dispatcher, one keyspace time each. */
    private CommandReplayer replayer() {
        return new LocalCommands(server, dispatcher)::run;
    }

    // ---- background rewrite ---------------------------------------------------------------------------------

    /** A rewrite in progress: the AOF's side of it, the snapshot being walked, and the file it goes to. */
    private record Running(AppendOnlyFile.Rewrite rewrite, SnapshotWriter snapshot, RdbFileWriter file) {}

    /** Volatile: the fsync thread asks whether a rewrite runs (no-appendfsync-on-rewrite). */
    private volatile Running running;

    private boolean scheduled;

    /** A rewrite is running: BGSAVE must wait (one snapshot at a time, as Redis runs one child at a time). */
    public boolean rewriteInProgress() {
        return running != null;
    }

    /** BGREWRITEAOF while a BGSAVE runs: the cron starts the rewrite once the save is over. */
    public boolean rewriteScheduled() {
        return scheduled;
    }

    public void scheduleRewrite() {
        scheduled = true;
    }

    /**
     * BGREWRITEAOF and the automatic rewrite, as Redis 7 without fork: a new incremental file opens at once (see
     * {@link AppendOnlyFile#beginRewrite}), and the new base, the keyspace of this instant, is written the way BGSAVE
     * writes its file: the keyspace thread serializes it in slices between event-loop turns, the pre-write hook
     * writes an entry's value of the instant before a command changes it ({@link SnapshotWriter}), and the
     * {@code mini-redis-rdb-writer} thread writes, fsyncs and renames. Commands go on meanwhile.
     */
    public void startBackgroundRewrite() throws IOException {
        if (running != null || server.persistence().bgsaveInProgress()) {
            throw new IllegalStateException("a background save or rewrite is running");
        }
        scheduled = false;
        AppendOnlyFile.Rewrite rewrite = aof.beginRewrite();
        Running[] self = new Running[1];
        RdbFileWriter file = new RdbFileWriter(
                rewrite.tempBase(),
                rewrite.basePath(),
                server.config().getBool("aof-rewrite-incremental-fsync"),
                outcome -> server.keyspaceThread().execute(() -> finished(self[0], outcome)));
        SnapshotWriter snapshot;
        try {
            snapshot = rewrite.base().name().endsWith(".aof")
                    ? SnapshotWriter.begin(
                            server.keyspace(),
                            new AofBaseFormat(
                                    file,
                                    functionCodes(),
                                    KeyspaceBaseWriter.timestamp(server.config(), server.keyspace())),
                            RdbWriter.AccessData.NONE)
                    : SnapshotWriter.begin(
                            server.keyspace(),
                            file,
                            RdbWriteOptions.from(server.config()),
                            RdbWriter.AccessData.forPolicy(server.config().get("maxmemory-policy")),
                            functionCodes(),
                            ServerContext.REDIS_VERSION,
                            true);
        } catch (IOException | RuntimeException e) {
            file.abort();
            aof.failRewrite(rewrite, e);
            throw e;
        }
        running = new Running(rewrite, snapshot, file);
        self[0] = running;
        LOG.log(System.Logger.Level.INFO, "Background append only file rewriting started");
        Running started = running;
        SnapshotSlices.start(server.keyspaceThread(), snapshot, file, () -> running == started, e -> {});
    }

    /** The writer thread is done, on the keyspace thread. */
    private void finished(Running run, Throwable outcome) {
        if (running != run) {
            return;
        }
        running = null;
        run.snapshot().cancel();
        if (outcome != null) {
            aof.failRewrite(run.rewrite(), outcome);
            if (aof.waitingRewrite()) {
                scheduled = true; // as Redis: the AOF waits for its first base, so the cron tries again
            }
            return;
        }
        try {
            aof.finishRewrite(run.rewrite(), Files.size(run.rewrite().basePath()));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not complete the AOF rewrite: " + e);
        }
    }

    /**
     * Stops a running rewrite (CONFIG SET appendonly no, DEBUG LOADAOF, shutdown): its temp file goes, the interim
     * manifest (old files and the new increment) stays, so nothing written is lost.
     */
    public void abortRewrite() {
        Running run = running;
        scheduled = false;
        if (run == null) {
            return;
        }
        running = null;
        run.snapshot().cancel();
        run.file().abort();
        try {
            run.file().join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        aof.stopRewrite(run.rewrite());
    }

    /** From the cron, first thing (Redis's order): a scheduled rewrite once no save runs. */
    void cronScheduled() {
        if (scheduled && running == null && !server.persistence().bgsaveInProgress() && !rewriteLimited()) {
            startFromCron();
        }
    }

    /** From the cron, after the save points: the automatic rewrite when the AOF has grown enough. */
    void cronAuto() {
        if (running == null && !server.persistence().bgsaveInProgress() && aof.autoRewriteDue() && !rewriteLimited()) {
            LOG.log(System.Logger.Level.INFO, "Starting automatic rewriting of AOF");
            startFromCron();
        }
    }

    /** Redis 7.0's AOF_REWRITE_LIMITE_THRESHOLD: consecutive failures before the cron's rewrites back off. */
    static final int LIMIT_THRESHOLD = 3;
    /** AOF_REWRITE_LIMITE_MAX_MINUTES: the back-off doubles from 1 minute up to this. */
    static final int LIMIT_MAX_MINUTES = 60;

    private int nextDelayMinutes;
    private long nextRewriteSeconds;

    /**
     * Redis 7.0's aofRewriteLimited: after 3 failed rewrites in a row, the cron's rewrites (scheduled or automatic)
     * wait 1 minute, then 2, 4... up to an hour between attempts, so that a disk that keeps failing does not get a
     * new incremental file every cron run. BGREWRITEAOF is never held back. A success resets it.
     */
    private boolean rewriteLimited() {
        if (aof.consecutiveFailures() < LIMIT_THRESHOLD) {
            nextDelayMinutes = 0;
            nextRewriteSeconds = 0;
            return false;
        }
        long now = server.keyspace().clock().millis() / 1000;
        if (nextRewriteSeconds != 0) {
            if (now < nextRewriteSeconds) {
                return true;
            }
            nextRewriteSeconds = 0;
            return false;
        }
        nextDelayMinutes = nextDelayMinutes == 0 ? 1 : Math.min(LIMIT_MAX_MINUTES, nextDelayMinutes * 2);
        nextRewriteSeconds = now + nextDelayMinutes * 60L;
        LOG.log(
                System.Logger.Level.WARNING,
                "Background AOF rewrite has repeatedly failed and triggered the limit, will retry in "
                        + nextDelayMinutes + " minutes");
        return true;
    }

    private void startFromCron() {
        try {
            startBackgroundRewrite();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not start the AOF rewrite: " + e);
        }
    }

    private List<byte[]> functionCodes() {
        io.miniredis.scripting.Scripting scripting = server.scriptingIfStarted();
        return scripting == null ? List.of() : scripting.functions().codes();
    }

    /**
     * DEBUG LOADAOF: the buffer written and fsynced, the keyspace emptied, the AOF loaded again. A failure leaves the
     * keyspace empty and says why (Redis exits there).
     */
    public void debugLoadAof() throws IOException {
        if (!aof.on() || aof.waitingRewrite()) {
            return; // Redis answers OK and does nothing with the AOF off (nor before its first base exists)
        }
        abortRewrite();
        aof.flushAndSync();
        server.propagator().enabled(false);
        try {
            server.keyspace().flushAll();
        } finally {
            server.propagator().enabled(true);
        }
        // as Redis, other clients are let in while the AOF loads, and get LOADING (see Loading)
        server.loading().begin();
        try {
            load();
        } finally {
            server.loading().end();
        }
        server.keyspace().dirty(0); // as Redis: what was loaded is no change to save or propagate
    }

    /** Shutdown: what is buffered written and fsynced, the files closed. */
    void close() {
        abortRewrite();
        aof.close();
    }
}
