package io.miniredis.persistence.aof;

import io.miniredis.config.ConfigRegistry;
import io.miniredis.persistence.IncrementalFsync;
import io.miniredis.propagation.PropagationListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The append-only file while the server runs: it hears every propagated command (a {@link PropagationListener}),
 * buffers it in RESP form (with a {@code SELECT} when the database changes), and writes the buffer to the current
 * incremental file before replies go out ({@link #beforeReplies}); with {@code appendfsync always} it also fsyncs
 * then, so a write is on disk before its client is told: one fsync for every command of a read (group commit).
 * With {@code everysec} a thread of its own ({@code mini-redis-aof-fsync}) fsyncs once a second; {@code no} leaves it
 * to the OS.
 *
 * <p>Rewrite ({@link #rewrite}): as Redis 7, a new incremental file opens at the rewrite's instant, a new base is
 * written (the {@link BaseWriter}), then the manifest is replaced atomically and the old files deleted.
 *
 * <p>Threads: everything but the fsync runs on the keyspace thread. The fsync thread only calls {@code force} on the
 * channel it finds in {@link #channel} (volatile); a channel closed under it by a rewrite is skipped.
 */
public final class AppendOnlyFile implements PropagationListener {

    private static final System.Logger LOG = System.getLogger(AppendOnlyFile.class.getName());
    private static final byte[] CRLF = {'\r', '\n'};

    private final ConfigRegistry config;
    private final InstantSource clock;
    private final Supplier<Path> workingDir;
    private final BaseWriter baseWriter;

    private boolean on;
    /**
     * Redis's AOF_WAIT_REWRITE: CONFIG SET appendonly yes turned the AOF on, and its first base is being written in
     * the background (or waits to be). Until the rewrite's instant nothing is appended (the base will hold it); from
     * the instant on, writes go to a temporary incremental file that no manifest names, renamed and named by the
     * manifest only when the base is complete: a crash meanwhile leaves the files as they were.
     */
    private boolean waitingRewrite;

    private AofManifest manifest = AofManifest.EMPTY;
    private volatile FileChannel channel;
    private Path directory;
    private int selectedDb = -1;
    private long lastTimestamp = -1;
    private byte[] buffer = new byte[16 * 1024];
    private int buffered;

    // figures for INFO
    private long currentSize;
    private long baseSize;
    private volatile long rewrites;
    private volatile long rewriteFailures;
    private volatile Rewrite rewriting;
    private long sizeAtRewriteStart;
    private volatile long lastRewriteMillis = -1;
    private volatile boolean lastRewriteOk = true;
    private volatile String writeError;
    private final AtomicLong delayedFsyncs = new AtomicLong();
    private final AtomicBoolean fsyncRunning = new AtomicBoolean();
    private volatile boolean writtenSinceFsync;
    /** When a write was first postponed because the everysec fsync was running (ms), 0 when none is. */
    private long flushPostponedSince;
    /** Rewrites that failed in a row (INFO aof_rewrites_consecutive_failures), 0 after a success. */
    private volatile long consecutiveFailures;
    /**
     * Whether a snapshot (BGSAVE or rewrite) runs: with {@code no-appendfsync-on-rewrite yes} nothing is fsynced
     * meanwhile, as Redis does while it has a child. Read by the fsync thread too.
     */
    private volatile java.util.function.BooleanSupplier snapshotRunning = () -> false;

    private ScheduledExecutorService fsyncThread;

    public AppendOnlyFile(
            ConfigRegistry config, InstantSource clock, Supplier<Path> workingDir, BaseWriter baseWriter) {
        this.config = config;
        this.clock = clock;
        this.workingDir = workingDir;
        this.baseWriter = baseWriter;
    }

    /** The AOF directory: {@code dir}/{@code appenddirname}. */
    public Path directory() {
        return workingDir.get().resolve(config.get("appenddirname"));
    }

    public Path manifestPath() {
        return directory().resolve(AofManifest.fileName(config.get("appendfilename")));
    }

    public boolean on() {
        return on;
    }

    /** An AOF that is off takes no commands: with nothing else listening, commands are not propagated at all. */
    @Override
    public boolean listening() {
        return on;
    }

    /**
     * Starts appending after a load: to the last incremental file of {@code loaded}, or, with no files yet, after a
     * rewrite that creates the base and the first incremental file (as Redis 7 does at start).
     */
    public void open(AofManifest loaded) throws IOException {
        directory = directory();
        Files.createDirectories(directory);
        if (loaded.base() == null && loaded.incrs().isEmpty()) {
            manifest = AofManifest.EMPTY;
            on = true;
            startFsyncThread();
            rewrite();
            return;
        }
        manifest = loaded;
        if (manifest.lastIncr() == null) {
            AofManifest.Entry incr = incrEntry(1);
            manifest = new AofManifest(manifest.base(), manifest.history(), java.util.List.of(incr));
            manifest.write(manifestPath());
        }
        channel = openForAppend(directory.resolve(manifest.lastIncr().name()));
        baseSize = manifest.base() == null
                ? 0
                : Files.size(directory.resolve(manifest.base().name()));
        currentSize = baseSize + incrsSize();
        selectedDb = -1;
        on = true;
        startFsyncThread();
    }

    /**
     * CONFIG SET appendonly yes: the AOF is on, waiting for the rewrite (in the background, the caller starts or
     * schedules it) that writes its first base, as Redis does; see {@link #waitingRewrite()}.
     */
    public void enable() throws IOException {
        if (on) {
            return;
        }
        directory = directory();
        Files.createDirectories(directory);
        manifest = Files.exists(manifestPath()) ? AofManifest.read(manifestPath()) : AofManifest.EMPTY;
        on = true;
        waitingRewrite = true;
        selectedDb = -1;
        startFsyncThread();
    }

    /** Turned on by CONFIG SET, the first base not written yet (Redis's aof_status wait_rewrite). */
    public boolean waitingRewrite() {
        return waitingRewrite;
    }

    /** CONFIG SET appendonly no, and shutdown: writes and fsyncs what is buffered, then stops appending. */
    public void disable() {
        if (!on) {
            return;
        }
        flushBuffer(true);
        on = false;
        waitingRewrite = false;
        stopFsyncThread();
        closeChannel();
    }

    // ---- appending -------------------------------------------------------------------------------------------

    @Override
    public void propagate(int db, byte[][] argv) {
        if (!on || waitingRewrite && rewriting == null) {
            return; // off, or turned on and the first base, still to begin, will hold this write
        }
        if (config.getBool("aof-timestamp-enabled")) {
            long seconds = clock.millis() / 1000;
            if (seconds != lastTimestamp) {
                lastTimestamp = seconds;
                append(("#TS:" + seconds + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (db >= 0 && db != selectedDb) {
            appendCommand(new byte[][] {
                "SELECT".getBytes(StandardCharsets.US_ASCII),
                Integer.toString(db).getBytes(StandardCharsets.US_ASCII)
            });
            selectedDb = db;
        }
        appendCommand(argv);
    }

    private void appendCommand(byte[][] argv) {
        append(header('*', argv.length));
        for (byte[] arg : argv) {
            append(header('$', arg.length));
            append(arg);
            append(CRLF);
        }
    }

    private static byte[] header(char type, int n) {
        return (type + Integer.toString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void append(byte[] bytes) {
        if (buffered + bytes.length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, buffered + bytes.length));
        }
        System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
        buffered += bytes.length;
    }

    /**
     * Before the replies of a read go out (and from the cron): the buffer is written to the file, and with {@code
     * appendfsync always} fsynced, so that no client hears of a write that is not on disk.
     */
    public void beforeReplies() {
        if (!on || buffered == 0) {
            return;
        }
        if (!fsyncAlways() && postponedForFsync()) {
            return;
        }
        flushBuffer(fsyncAlways());
    }

    /** Who tells whether a BGSAVE or rewrite runs (for no-appendfsync-on-rewrite). */
    public void snapshotRunning(java.util.function.BooleanSupplier running) {
        this.snapshotRunning = running;
    }

    /**
     * Redis's everysec rule: a write while the background fsync of the file is still running would wait for it
     * (write and fsync of one file serialize in the kernel), so the write is postponed, for up to 2 seconds; past
     * that it goes anyway and counts a delayed fsync (INFO aof_delayed_fsync), with Redis's log line. The cron and
     * the next replies try again.
     */
    private boolean postponedForFsync() {
        if (!"everysec".equals(config.get("appendfsync")) || !fsyncRunning.get()) {
            flushPostponedSince = 0;
            return false;
        }
        long now = clock.millis();
        if (flushPostponedSince == 0) {
            flushPostponedSince = now;
            return true;
        }
        if (now - flushPostponedSince < 2000) {
            return true;
        }
        flushPostponedSince = 0;
        delayedFsyncs.incrementAndGet();
        LOG.log(
                System.Logger.Level.INFO,
                "Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting"
                        + " for fsync to complete, this may slow down Redis.");
        return false;
    }

    /** no-appendfsync-on-rewrite yes while a BGSAVE or a rewrite runs: no fsync now (Redis: while it has a child). */
    private boolean fsyncHeldForRewrite() {
        return config.getBool("no-appendfsync-on-rewrite") && snapshotRunning.getAsBoolean();
    }

    /** {@code appendfsync always}: replies wait for the fsync (the server holds them to the end of a loop turn). */
    public boolean fsyncAlways() {
        return "always".equals(config.get("appendfsync"));
    }

    private void flushBuffer(boolean fsync) {
        FileChannel target = channel;
        if (target == null) {
            return;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, buffered);
            while (bytes.hasRemaining()) {
                target.write(bytes);
            }
            currentSize += buffered;
            buffered = 0;
            if (buffer.length > 1 << 20) {
                buffer = new byte[16 * 1024]; // a big transaction's buffer is not kept
            }
            writtenSinceFsync = true;
            if (fsync && !fsyncHeldForRewrite()) {
                target.force(false);
                writtenSinceFsync = false;
            }
            if (writeError != null) {
                LOG.log(System.Logger.Level.WARNING, "AOF write error looks solved, Redis can write again.");
                writeError = null;
            }
        } catch (IOException e) {
            if (writeError == null) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Error writing to the AOF file: " + e.getMessage() + " (keeping " + buffered
                                + " bytes to retry)");
            }
            writeError = e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /** Non-null after a failed write: write commands are refused with MISCONF until a write succeeds again. */
    public String writeError() {
        return writeError;
    }

    // ---- everysec ----------------------------------------------------------------------------------------------

    private void startFsyncThread() {
        if (fsyncThread != null) {
            return;
        }
        fsyncThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mini-redis-aof-fsync");
            t.setDaemon(true);
            return t;
        });
        fsyncThread.scheduleWithFixedDelay(this::fsyncEverySecond, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * The once-a-second fsync of {@code everysec}, on its own thread (Redis's bio thread); while it runs, writes are
     * postponed (see {@link #beforeReplies}). Skipped while no-appendfsync-on-rewrite holds fsyncs back.
     */
    private void fsyncEverySecond() {
        if (!"everysec".equals(config.get("appendfsync")) || !writtenSinceFsync || fsyncHeldForRewrite()) {
            return;
        }
        FileChannel target = channel;
        if (target == null || !fsyncRunning.compareAndSet(false, true)) {
            return;
        }
        try {
            writtenSinceFsync = false;
            target.force(false);
        } catch (IOException e) {
            // closed by a rewrite or disable (which fsync themselves): nothing to do
        } finally {
            fsyncRunning.set(false);
        }
    }

    private void stopFsyncThread() {
        if (fsyncThread != null) {
            fsyncThread.shutdown();
            try {
                fsyncThread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            fsyncThread = null;
        }
    }

    // ---- rewrite ------------------------------------------------------------------------------------------------

    /**
     * One rewrite between {@link #beginRewrite} and {@link #finishRewrite} / {@link #failRewrite}: the new base's
     * name, where its image is being written, and the incremental file that opened at the rewrite's instant.
     */
    public record Rewrite(
            AofManifest.Entry base, AofManifest.Entry incr, Path basePath, Path tempBase, long startNanos) {}

    /**
     * Rewrites the AOF at once, on the keyspace thread (turning the AOF on, and at start with no files): the same
     * steps as a background rewrite, with the base written before this returns.
     */
    public void rewrite() throws IOException {
        Rewrite rewrite = beginRewrite();
        try {
            long written;
            try (FileChannel out = FileChannel.open(
                            rewrite.tempBase(),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE);
                    OutputStream stream = new BufferedOutputStream(
                            IncrementalFsync.stream(out, config.getBool("aof-rewrite-incremental-fsync")), 1 << 16)) {
                written = baseWriter.write(stream);
                stream.flush();
                out.force(true);
            }
            Files.move(rewrite.tempBase(), rewrite.basePath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            finishRewrite(rewrite, written);
        } catch (IOException | RuntimeException e) {
            failRewrite(rewrite, e);
            throw e;
        }
    }

    /**
     * The rewrite's instant, as Redis 7: what is buffered is written and fsynced, a new incremental file opens and
     * the manifest names it after the old files (so a crash before the new base is complete loads old base, old
     * increments and the new one: nothing is lost), and from now on writes go there. The caller then writes the
     * keyspace of this instant to {@code tempBase}, renamed to {@code basePath} when complete.
     */
    public Rewrite beginRewrite() throws IOException {
        if (rewriting != null) {
            throw new IllegalStateException("an AOF rewrite is in progress");
        }
        if (!on) {
            // BGREWRITEAOF with the AOF off writes a base and a manifest naming only it, as Redis does
            directory = directory();
            Files.createDirectories(directory);
            manifest = Files.exists(manifestPath()) ? AofManifest.read(manifestPath()) : AofManifest.EMPTY;
        }
        long start = System.nanoTime();
        flushBuffer(true);
        String prefix = config.get("appendfilename");
        long baseSeq = Math.max(
                        manifest.base() == null ? 0 : manifest.base().seq(),
                        manifest.history().stream()
                                .filter(e -> e.type() == 'b')
                                .mapToLong(AofManifest.Entry::seq)
                                .max()
                                .orElse(0))
                + 1;
        // Redis names the base by its form: an RDB image, or commands with aof-use-rdb-preamble no
        String form = config.getBool("aof-use-rdb-preamble") ? ".base.rdb" : ".base.aof";
        AofManifest.Entry base = new AofManifest.Entry(prefix + "." + baseSeq + form, baseSeq, 'b');
        AofManifest.Entry incr = on ? incrEntry(manifest.lastIncrSeq() + 1) : null;
        Path tempBase = directory.resolve(
                "temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof");
        if (waitingRewrite) {
            // the files on disk are from before the AOF was off: no manifest names the new increment yet
            channel = FileChannel.open(
                    tempIncr(incr),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            selectedDb = -1;
            currentSize = 0;
        } else if (incr != null) {
            FileChannel newIncr = FileChannel.open(
                    directory.resolve(incr.name()),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            List<AofManifest.Entry> incrs = new ArrayList<>(manifest.incrs());
            incrs.add(incr);
            AofManifest interim = new AofManifest(manifest.base(), manifest.history(), incrs);
            try {
                interim.write(manifestPath());
            } catch (IOException | RuntimeException e) {
                newIncr.close();
                Files.deleteIfExists(directory.resolve(incr.name()));
                throw e;
            }
            fsyncDirectory();
            FileChannel previous = channel;
            channel = newIncr;
            manifest = interim;
            selectedDb = -1;
            if (previous != null) {
                try {
                    previous.close(); // written and fsynced above
                } catch (IOException ignored) {
                    // nothing is lost: flushBuffer fsynced it
                }
            }
        }
        sizeAtRewriteStart = currentSize;
        rewriting = new Rewrite(base, incr, directory.resolve(base.name()), tempBase, start);
        return rewriting;
    }

    /** The new base is complete at {@code basePath}: the manifest names it and the new increment, the rest goes. */
    public void finishRewrite(Rewrite rewrite, long written) throws IOException {
        if (rewriting != rewrite) {
            return;
        }
        rewriting = null;
        if (waitingRewrite) {
            try {
                flushBuffer(true);
                Files.move(
                        tempIncr(rewrite.incr()),
                        directory.resolve(rewrite.incr().name()));
            } catch (IOException | RuntimeException e) {
                failed(rewrite, e);
                throw e;
            }
        }
        AofManifest old = manifest;
        AofManifest next = new AofManifest(
                rewrite.base(),
                java.util.List.of(),
                rewrite.incr() == null ? java.util.List.of() : java.util.List.of(rewrite.incr()));
        try {
            next.write(manifestPath());
        } catch (IOException | RuntimeException e) {
            failed(rewrite, e);
            throw e;
        }
        fsyncDirectory();
        manifest = next;
        deleteUnlisted(old, next);
        if (waitingRewrite) {
            waitingRewrite = false;
            LOG.log(System.Logger.Level.INFO, "Background AOF rewrite finished: the AOF is on");
        }
        baseSize = written;
        currentSize = written + (currentSize - sizeAtRewriteStart);
        rewrites++;
        lastRewriteOk = true;
        consecutiveFailures = 0;
        lastRewriteMillis = (System.nanoTime() - rewrite.startNanos()) / 1_000_000;
        LOG.log(System.Logger.Level.INFO, "Background AOF rewrite finished successfully");
    }

    /**
     * The base could not be written (or the rewrite was stopped): its temp file goes; the manifest stays the interim
     * one, which holds everything, as Redis keeps the new increment after a failed rewrite.
     */
    public void failRewrite(Rewrite rewrite, Throwable cause) {
        if (rewriting != rewrite) {
            return;
        }
        rewriting = null;
        failed(rewrite, cause);
    }

    /**
     * A rewrite stopped on purpose (CONFIG SET appendonly no, DEBUG LOADAOF, shutdown, a new one): cleaned up as a
     * failure is, but, as Redis's child killed with SIGUSR1, not counted as one.
     */
    public void stopRewrite(Rewrite rewrite) {
        if (rewriting != rewrite) {
            return;
        }
        rewriting = null;
        boolean ok = lastRewriteOk;
        long failures = rewriteFailures;
        long consecutive = consecutiveFailures;
        failed(rewrite, new IOException("rewrite stopped"));
        lastRewriteOk = ok;
        rewriteFailures = failures;
        consecutiveFailures = consecutive;
    }

    /** Rewrites that failed in a row (INFO aof_rewrites_consecutive_failures): the back-off counts them. */
    public long consecutiveFailures() {
        return consecutiveFailures;
    }

    private void failed(Rewrite rewrite, Throwable cause) {
        lastRewriteOk = false;
        rewriteFailures++;
        consecutiveFailures++;
        if (waitingRewrite && rewrite.incr() != null) {
            // still waiting for a first base: the temporary increment goes, the next rewrite starts afresh
            FileChannel temp = channel;
            channel = null;
            buffered = 0;
            try {
                if (temp != null) {
                    temp.close();
                }
                Files.deleteIfExists(tempIncr(rewrite.incr()));
            } catch (IOException ignored) {
                // a leftover temp file is named by no manifest, and truncated by the next attempt
            }
        }
        try {
            Files.deleteIfExists(rewrite.tempBase());
        } catch (IOException ignored) {
            // a leftover temp file is ignored by the loader and overwritten by the next rewrite
        }
        LOG.log(System.Logger.Level.WARNING, "Background AOF rewrite failed: " + cause);
    }

    /** The rewrite in progress, or null. */
    public Rewrite rewriting() {
        return rewriting;
    }

    /** Seconds the running rewrite has taken so far, -1 when none runs (INFO aof_current_rewrite_time_sec). */
    public long currentRewriteSeconds() {
        Rewrite rewrite = rewriting;
        return rewrite == null ? -1 : (System.nanoTime() - rewrite.startNanos()) / 1_000_000_000L;
    }

    /** Where the increment of a rewrite that turns the AOF on is written until the base is complete. */
    private Path tempIncr(AofManifest.Entry incr) {
        return directory.resolve("temp-" + incr.name());
    }

    private AofManifest.Entry incrEntry(long seq) {
        return new AofManifest.Entry(config.get("appendfilename") + "." + seq + ".incr.aof", seq, 'i');
    }

    private void deleteUnlisted(AofManifest old, AofManifest next) {
        java.util.List<AofManifest.Entry> gone = new java.util.ArrayList<>();
        if (old.base() != null && !old.base().equals(next.base())) {
            gone.add(old.base());
        }
        gone.addAll(old.history());
        old.incrs().stream().filter(e -> !next.incrs().contains(e)).forEach(gone::add);
        for (AofManifest.Entry entry : gone) {
            try {
                Files.deleteIfExists(directory.resolve(entry.name()));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not delete the old AOF file " + entry.name() + ": " + e);
            }
        }
    }

    private void fsyncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every platform opens directories; the rename is still atomic
        }
    }

    private static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private long incrsSize() throws IOException {
        long size = 0;
        for (AofManifest.Entry e : manifest.incrs()) {
            Path p = directory.resolve(e.name());
            if (Files.exists(p)) {
                size += Files.size(p);
            }
        }
        return size;
    }

    private void closeChannel() {
        FileChannel previous = channel;
        channel = null;
        if (previous != null) {
            try {
                previous.force(false);
                previous.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Closing the AOF: " + e);
            }
        }
    }

    /** Drops what is buffered without writing it (DEBUG LOADAOF flushes first; nothing else should). */
    public void flushAndSync() {
        if (on) {
            flushBuffer(true);
        }
    }

    // ---- auto rewrite ------------------------------------------------------------------------------------------

    /** Whether the AOF grew past {@code auto-aof-rewrite-percentage} of its base and the minimum size. */
    public boolean autoRewriteDue() {
        if (!on || waitingRewrite) {
            return false;
        }
        long percentage = config.getLong("auto-aof-rewrite-percentage");
        if (percentage <= 0 || currentSize < config.getLong("auto-aof-rewrite-min-size")) {
            return false;
        }
        long base = Math.max(baseSize, 1);
        return (currentSize - base) * 100 / base >= percentage;
    }

    // ---- INFO ------------------------------------------------------------------------------------------------

    /** Rewrites that failed since start (the starter's metrics). */
    public long rewriteFailures() {
        return rewriteFailures;
    }

    public long rewrites() {
        return rewrites;
    }

    public long lastRewriteSeconds() {
        return lastRewriteMillis < 0 ? -1 : lastRewriteMillis / 1000;
    }

    public boolean lastRewriteOk() {
        return lastRewriteOk;
    }

    public long currentSize() {
        return currentSize + buffered;
    }

    public long baseSize() {
        return baseSize;
    }

    public int bufferLength() {
        return buffered;
    }

    public boolean fsyncPending() {
        return fsyncRunning.get();
    }

    public long delayedFsyncs() {
        return delayedFsyncs.get();
    }

    /** Shutdown: the buffer written and fsynced, the files closed, the fsync thread stopped. */
    public void close() {
        disable();
    }
}
