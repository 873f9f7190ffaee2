package io.miniredis.server;

import io.miniredis.config.ConfigRegistry;
import io.miniredis.persistence.IncrementalFsync;
import io.miniredis.persistence.KeyspaceLoader;
import io.miniredis.persistence.RdbFileWriter;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.persistence.RdbWriteOptions;
import io.miniredis.persistence.RdbWriter;
import io.miniredis.persistence.SnapshotWriter;
import io.miniredis.store.Keyspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * The server's RDB persistence, on the keyspace thread: SAVE, BGSAVE (a {@link SnapshotWriter} fed slice by slice
 * to a {@link RdbFileWriter}), the save points the cron checks, the load at start, and the state INFO persistence
 * reports. Every field is the keyspace thread's except the few INFO reads (volatile).
 */
public final class RdbPersistence {

    private static final System.Logger LOG = System.getLogger(RdbPersistence.class.getName());

    /** Redis retries a failed background save from a save point only after this long (CONFIG_BGSAVE_RETRY_DELAY). */
    static final long BGSAVE_RETRY_DELAY_SECONDS = 5;

    private final ServerContext server;
    private volatile long lastSaveSeconds;
    private volatile boolean lastBgsaveOk = true;
    private volatile long lastBgsaveSeconds = -1;
    private volatile long saves;
    private volatile long failedBackgroundSaves;
    private volatile long lastCowBytes;
    private volatile long loadKeysLoaded;
    private volatile long loadKeysExpired;
    private long lastBgsaveTrySeconds;
    private boolean bgsaveScheduled;
    private volatile BackgroundSave running;

    /** A BGSAVE in progress: the snapshot being walked and the file it goes to. */
    private final class BackgroundSave {
        final SnapshotWriter snapshot;
        final RdbFileWriter file;
        final long startMillis;
        final long dirtyBefore;
        boolean aborted;

        BackgroundSave(SnapshotWriter snapshot, RdbFileWriter file, long startMillis, long dirtyBefore) {
            this.snapshot = snapshot;
            this.file = file;
            this.startMillis = startMillis;
            this.dirtyBefore = dirtyBefore;
        }
    }

    RdbPersistence(ServerContext server, long startMillis) {
        this.server = server;
        this.lastSaveSeconds = startMillis / 1000;
    }

    private ConfigRegistry config() {
        return server.config();
    }

    private Keyspace keyspace() {
        return server.keyspace();
    }

    /** {@code dir}/{@code dbfilename}. */
    public Path file() {
        return Path.of(config().get("dir")).resolve(config().get("dbfilename"));
    }

    private Path tempFile() {
        return Path.of(config().get("dir"))
                .resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
    }

    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public boolean bgsaveInProgress() {
        return running != null;
    }

    /** Saves started (INFO rdb_saves: SAVE, BGSAVE, save points), failed or not. */
    public long saves() {
        return saves;
    }

    /** Background saves that failed since start (the starter's metrics). */
    public long failedBackgroundSaves() {
        return failedBackgroundSaves;
    }

    /** How long the last background save took, in whole seconds as INFO rdb_last_bgsave_time_sec; -1 before one. */
    public long lastBgsaveDurationSeconds() {
        return lastBgsaveSeconds;
    }

    public boolean lastBgsaveOk() {
        return lastBgsaveOk;
    }

    /** The save points of {@code save}: pairs of seconds and changes. Empty: no automatic saves. */
    public long[][] savePoints() {
        String value = config().get("save").trim();
        if (value.isEmpty()) {
            return new long[0][];
        }
        String[] words = value.split("\\s+");
        long[][] points = new long[words.length / 2][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new long[] {Long.parseLong(words[2 * i]), Long.parseLong(words[2 * i + 1])};
        }
        return points;
    }

    /**
     * Redis's MISCONF condition: writes are refused after a failed background save while save points are set and
     * {@code stop-writes-on-bgsave-error} is on.
     */
    public boolean writesDenied() {
        return !lastBgsaveOk && config().getBool("stop-writes-on-bgsave-error") && savePoints().length > 0;
    }

    // ---- SAVE ------------------------------------------------------------------------------------------------

    /** SAVE (and SHUTDOWN, DEBUG RELOAD): writes the whole keyspace now, on this thread. False on failure (logged). */
    public boolean saveNow() {
        Path temp = tempFile();
        Path target = file();
        long dirtyBefore = keyspace().dirty();
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            OutputStream out = IncrementalFsync.stream(channel, config().getBool("rdb-save-incremental-fsync"));
            RdbWriter.writeKeyspace(
                    out,
                    keyspace(),
                    functionCodes(),
                    RdbWriteOptions.from(config()),
                    RdbWriter.AccessData.forPolicy(config().get("maxmemory-policy")),
                    ServerContext.REDIS_VERSION);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Failed saving the DB to " + temp + " (in server root dir " + config().get("dir") + "): " + e);
            deleteQuietly(temp);
            return false;
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Error moving temp DB file " + temp + " on the final destination " + target + ": " + e);
            deleteQuietly(temp);
            return false;
        }
        LOG.log(System.Logger.Level.INFO, "DB saved on disk");
        keyspace().dirty(keyspace().dirty() - dirtyBefore);
        lastSaveSeconds = keyspace().clock().millis() / 1000;
        lastBgsaveOk = true;
        return true;
    }

    /** The whole keyspace as an RDB image in memory (SYNC for redis-cli --rdb), written on this thread. */
    public byte[] snapshotBytes() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            RdbWriter.writeKeyspace(
                    bytes,
                    keyspace(),
                    functionCodes(),
                    RdbWriteOptions.from(config()),
                    RdbWriter.AccessData.forPolicy(config().get("maxmemory-policy")),
                    ServerContext.REDIS_VERSION);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The SAVE command counts in rdb_saves, as every BGSAVE started, failed or not (the saves FLUSHALL, SHUTDOWN and
     * DEBUG RELOAD make do not).
     */
    public void countSave() {
        saves++;
    }

    private List<byte[]> functionCodes() {
        var scripting = server.scriptingIfStarted();
        return scripting == null ? List.of() : scripting.functions().codes();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the save's failure is what gets reported
        }
    }

    // ---- BGSAVE ----------------------------------------------------------------------------------------------

    /** Starts a background save; false when it could not start (logged, and counted as a failed save). */
    public boolean startBackgroundSave() {
        if (running != null) {
            throw new IllegalStateException("a background save is running");
        }
        long now = keyspace().clock().millis();
        lastBgsaveTrySeconds = now / 1000;
        saves++; // Redis counts the saves it starts, failed or not
        Path temp = tempFile();
        Path target = file();
        BackgroundSave[] self = new BackgroundSave[1];
        RdbFileWriter file = new RdbFileWriter(
                temp,
                target,
                config().getBool("rdb-save-incremental-fsync"),
                outcome -> server.keyspaceThread().execute(() -> finished(self[0], outcome)));
        SnapshotWriter snapshot;
        try {
            snapshot = SnapshotWriter.begin(
                    keyspace(),
                    file,
                    RdbWriteOptions.from(config()),
                    RdbWriter.AccessData.forPolicy(config().get("maxmemory-policy")),
                    functionCodes(),
                    ServerContext.REDIS_VERSION,
                    false);
        } catch (IOException e) {
            file.abort();
            lastBgsaveOk = false;
            failedBackgroundSaves++;
            LOG.log(System.Logger.Level.WARNING, "Can't save in background: " + e);
            return false;
        }
        BackgroundSave save = new BackgroundSave(snapshot, file, now, keyspace().dirty());
        self[0] = save;
        running = save;
        LOG.log(
                System.Logger.Level.INFO,
                "Background saving started by pid " + ProcessHandle.current().pid());
        SnapshotSlices.start(
                server.keyspaceThread(),
                snapshot,
                file,
                () -> !save.aborted && running == save,
                e -> LOG.log(System.Logger.Level.WARNING, "Background saving failed: " + e));
        return true;
    }

    /** The writer thread is done, on the keyspace thread. */
    private void finished(BackgroundSave save, Throwable outcome) {
        if (running != save) {
            return;
        }
        running = null;
        save.snapshot.cancel();
        long now = keyspace().clock().millis();
        lastBgsaveSeconds = (now - save.startMillis) / 1000;
        lastCowBytes = save.snapshot.hookBytes();
        if (save.aborted) {
            // as Redis's child killed with SIGUSR1: not an error, the status stays what it was
            LOG.log(System.Logger.Level.WARNING, "Background saving terminated by signal 10");
        } else if (outcome == null) {
            LOG.log(System.Logger.Level.INFO, "Background saving terminated with success");
            LOG.log(
                    System.Logger.Level.INFO,
                    String.format(
                            Locale.ROOT,
                            "Snapshot: %d keys in %d ms; keyspace thread %.1f ms in slices, %.1f ms in the pre-write"
                                    + " hook (%d keys, %d bytes copied)",
                            save.snapshot.keysWritten(),
                            now - save.startMillis,
                            save.snapshot.sliceNanos() / 1e6,
                            save.snapshot.hookNanos() / 1e6,
                            save.snapshot.hookKeys(),
                            save.snapshot.hookBytes()));
            keyspace().dirty(keyspace().dirty() - save.dirtyBefore);
            lastSaveSeconds = now / 1000;
            lastBgsaveOk = true;
        } else {
            LOG.log(System.Logger.Level.WARNING, "Background saving error: " + outcome);
            lastBgsaveOk = false;
            failedBackgroundSaves++;
        }
    }

    /** Stops a running background save and waits for its temp file to be gone (SHUTDOWN, FLUSHALL, close). */
    public void abortBackgroundSave() {
        BackgroundSave save = running;
        if (save == null) {
            return;
        }
        save.aborted = true;
        save.snapshot.cancel();
        save.file.abort();
        try {
            save.file.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = null;
        lastBgsaveSeconds = (keyspace().clock().millis() - save.startMillis) / 1000;
        LOG.log(System.Logger.Level.WARNING, "Background saving terminated by signal 10");
    }

    /** BGSAVE SCHEDULE while a save runs: the cron starts one as soon as it may. */
    public void scheduleBackgroundSave() {
        bgsaveScheduled = true;
    }

    // ---- the cron ----------------------------------------------------------------------------------------------

    /** One snapshot at a time: a save or an AOF rewrite. */
    private boolean snapshotRunning() {
        return running != null
                || server.aofPersistence() != null && server.aofPersistence().rewriteInProgress();
    }

    private boolean retryAllowed() {
        long nowSeconds = keyspace().clock().millis() / 1000;
        return nowSeconds - lastBgsaveTrySeconds > BGSAVE_RETRY_DELAY_SECONDS || lastBgsaveOk;
    }

    /**
     * From the server cron, after the scheduled AOF rewrite and the save points (Redis's order in serverCron): a
     * scheduled BGSAVE (BGSAVE SCHEDULE, BGSAVE inside EXEC) starts when no snapshot runs.
     */
    void cronScheduled() {
        if (bgsaveScheduled && !snapshotRunning() && retryAllowed()) {
            bgsaveScheduled = false;
            startBackgroundSave();
        }
    }

    /** BGSAVE SCHEDULE or BGSAVE inside EXEC is waiting for the cron. */
    public boolean bgsaveScheduled() {
        return bgsaveScheduled;
    }

    /** From the server cron: a save point reached starts a background save. */
    void cronSavePoints() {
        if (snapshotRunning()) {
            return; // one snapshot at a time
        }
        long nowSeconds = keyspace().clock().millis() / 1000;
        boolean retryAllowed = retryAllowed();
        long dirty = keyspace().dirty();
        for (long[] point : savePoints()) {
            if (dirty >= point[1] && nowSeconds - lastSaveSeconds > point[0] && retryAllowed) {
                LOG.log(System.Logger.Level.INFO, point[1] + " changes in " + point[0] + " seconds. Saving...");
                startBackgroundSave();
                return;
            }
        }
    }

    // ---- load --------------------------------------------------------------------------------------------------

    /**
     * Loads {@code dir}/{@code dbfilename} into the keyspace, if it exists, at start, in the loading state (clients
     * connected meanwhile get LOADING).
     *
     * @throws IllegalStateException when the file cannot be read or is corrupt: its message names the file and the
     *                               offset; the file is left as it is and nothing is loaded
     */
    void loadAtStart() {
        Path file = file();
        if (!Files.exists(file)) {
            return;
        }
        long start = System.nanoTime();
        KeyspaceLoader.Loaded loaded;
        try {
            loaded = KeyspaceLoader.load(
                    file, keyspace().databaseCount(), keyspace().clock(), RdbLoadLimits.DEFAULTS, server.loading());
        } catch (NoSuchFileException e) {
            return;
        } catch (Loading.Aborted e) {
            throw e; // a shutdown while loading: no error
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Fatal error loading the DB from " + file + ": " + e.getMessage(), e);
        }
        for (byte[] code : loaded.functions()) {
            server.scripting().functions().load(code, false);
        }
        long keys = keyspace().adopt(loaded.keyspace());
        keyspace().resetDirty();
        loadKeysLoaded = keys;
        loadKeysExpired = loaded.expiredSkipped();
        LOG.log(
                System.Logger.Level.INFO,
                "Done loading RDB, keys loaded: " + keys + ", keys expired: " + loadKeysExpired + ".");
        LOG.log(
                System.Logger.Level.INFO,
                String.format(Locale.ROOT, "DB loaded from disk: %.3f seconds", (System.nanoTime() - start) / 1e9));
    }

    /**
     * DEBUG RELOAD's load: reads {@code dir}/{@code dbfilename} and, on success only, makes it the data ({@code
     * flush}: instead of the current keys; else added to them, a key present in both an error unless {@code
     * merge}, which takes the file's). Function libraries in the file replace those of the same name. False when
     * the file cannot be read or a key clashes (logged); nothing changed then.
     */
    public boolean reload(boolean flush, boolean merge) {
        Path file = file();
        KeyspaceLoader.Loaded loaded;
        // as Redis, other clients are let in while the file loads, and get LOADING (see Loading)
        server.loading().begin();
        try {
            loaded = KeyspaceLoader.load(
                    file, keyspace().databaseCount(), keyspace().clock(), RdbLoadLimits.DEFAULTS, server.loading());
        } catch (Loading.Aborted e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Error loading " + file + ": " + e.getMessage());
            return false;
        } finally {
            server.loading().end();
        }
        Keyspace source = loaded.keyspace();
        if (!flush && !merge) {
            for (int i = 0; i < source.databaseCount(); i++) {
                io.miniredis.store.Database target = keyspace().db(i);
                boolean[] clash = {false};
                source.db(i).forEachLive(entry -> clash[0] |= target.stores(entry.key()));
                if (clash[0]) {
                    LOG.log(System.Logger.Level.WARNING, "RDB has duplicated key in DB " + i + ": " + file);
                    return false;
                }
            }
        }
        long dirty = keyspace().dirty();
        for (byte[] code : loaded.functions()) {
            server.scripting().functions().load(code, true);
        }
        if (flush) {
            keyspace().flushAll();
            keyspace().adopt(source);
        } else {
            for (int i = 0; i < source.databaseCount(); i++) {
                io.miniredis.store.Database target = keyspace().db(i);
                source.db(i).forEachLive(entry -> {
                    target.delete(entry.key());
                    target.putEntry(
                            entry.key(),
                            entry.value(),
                            entry.hasExpiry() ? entry.expireAt() : io.miniredis.store.KeyEntry.NO_EXPIRY);
                });
            }
        }
        keyspace().dirty(dirty); // a load is not a change to save
        LOG.log(System.Logger.Level.WARNING, "DB reloaded by DEBUG RELOAD");
        return true;
    }

    // ---- INFO --------------------------------------------------------------------------------------------------

    /** The rdb_* fields of INFO persistence, in Redis's order, as name/value pairs. */
    public List<Object[]> infoFields() {
        BackgroundSave save = running;
        long now = keyspace().clock().millis();
        return List.of(
                new Object[] {"current_save_keys_processed", save == null ? 0 : save.snapshot.keysWritten()},
                new Object[] {"current_save_keys_total", save == null ? 0 : save.snapshot.keysTotal()},
                new Object[] {"rdb_changes_since_last_save", keyspace().dirty()},
                new Object[] {"rdb_bgsave_in_progress", save == null ? 0 : 1},
                new Object[] {"rdb_last_save_time", lastSaveSeconds},
                new Object[] {"rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err"},
                new Object[] {"rdb_last_bgsave_time_sec", lastBgsaveSeconds},
                new Object[] {"rdb_current_bgsave_time_sec", save == null ? -1 : (now - save.startMillis) / 1000},
                new Object[] {"rdb_saves", saves},
                new Object[] {"rdb_last_cow_size", lastCowBytes},
                new Object[] {"rdb_last_load_keys_expired", loadKeysExpired},
                new Object[] {"rdb_last_load_keys_loaded", loadKeysLoaded});
    }

    /** The hook's copies of the running save so far (INFO current_cow_size), 0 when none runs. */
    public long currentCowBytes() {
        BackgroundSave save = running;
        return save == null ? 0 : save.snapshot.hookBytes();
    }
}
