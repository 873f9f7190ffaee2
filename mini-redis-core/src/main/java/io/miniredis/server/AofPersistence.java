package io.miniredis.server;

import io.miniredis.command.CommandDispatcher;
import io.miniredis.persistence.RdbFileWriter;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.persistence.RdbWriteOptions;
import io.miniredis.persistence.RdbWriter;
import io.miniredis.persistence.SnapshotWriter;
import io.miniredis.persistence.aof.AofLoader;
import io.miniredis.persistence.aof.AppendOnlyFile;
import io.miniredis.persistence.aof.CommandReplayer;
import io.miniredis.persistence.aof.KeyspaceBaseWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
        server.propagator().addListener(aof);
        server.config().onApply("appendonly", value -> {
            try {
                if (server.config().getBool("appendonly")) {
                    abortRewrite(); // one started with the AOF off: enabling rewrites at once
                    aof.enable();
                } else {
                    abortRewrite();
                    aof.disable();
                }
            } catch (IOException e) {
                throw new io.miniredis.config.ConfigException("Failed to start AOF: " + e.getMessage());
            }
        });
        if (!server.config().getBool("aof-use-rdb-preamble")) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "aof-use-rdb-preamble no is not supported: the AOF base is written as an RDB image all the same");
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
                    code -> server.scripting().functions().load(code, true));
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
        ClientSession client = ClientSession.scriptClient(
                error -> {}, server.keyspace().clock().millis());
        client.mustObey(true);
        ByteBuf out = Unpooled.buffer(256);
        return argv -> {
            out.clear();
            client.reply().target(out);
            server.keyspace().beginCommand(false);
            dispatcher.execute(client, argv);
            client.reply().target(null);
            if (out.readableBytes() > 0 && out.getByte(0) == '-') {
                return out.toString(1, Math.min(out.readableBytes() - 1, 200), java.nio.charset.StandardCharsets.UTF_8)
                        .strip();
            }
            return null;
        };
    }

    // ---- background rewrite ---------------------------------------------------------------------------------

    /** A rewrite in progress: the AOF's side of it, the snapshot being walked, and the file it goes to. */
    private record Running(AppendOnlyFile.Rewrite rewrite, SnapshotWriter snapshot, RdbFileWriter file) {}

    private Running running;
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
                outcome -> server.keyspaceThread().execute(() -> finished(self[0], outcome)));
        SnapshotWriter snapshot;
        try {
            snapshot = SnapshotWriter.begin(
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
        aof.failRewrite(run.rewrite(), new IOException("rewrite stopped"));
    }

    /** From the cron: a scheduled rewrite once no save runs, or the automatic one when the AOF has grown enough. */
    void cron() {
        if (running != null || server.persistence().bgsaveInProgress()) {
            return;
        }
        boolean auto = !scheduled && aof.autoRewriteDue();
        if (!scheduled && !auto) {
            return;
        }
        try {
            if (auto) {
                LOG.log(System.Logger.Level.INFO, "Starting automatic rewriting of AOF");
            }
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
        abortRewrite();
        if (!aof.on()) {
            return; // Redis answers OK and does nothing with the AOF off
        }
        aof.flushAndSync();
        server.propagator().enabled(false);
        try {
            server.keyspace().flushAll();
        } finally {
            server.propagator().enabled(true);
        }
        load();
    }

    /** Shutdown: what is buffered written and fsynced, the files closed. */
    void close() {
        abortRewrite();
        aof.close();
    }
}
