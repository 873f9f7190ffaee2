package io.miniredis.persistence;

import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link RdbSink} that puts the keys into a keyspace meant to be fresh, as a Redis master loads a file: keys
 * already expired are left out (and counted), a key twice in one database is an error, IDLE and FREQ set the
 * keys' access clocks. Function libraries and aux fields are kept for the caller.
 *
 * <p>The way to load without ever exposing half a file: {@link #load} into a new {@link Keyspace}, and only when it
 * returns, make that keyspace (or its databases) the live one. A failed load throws and leaves nothing behind but
 * the new keyspace, which the caller drops.
 */
public final class KeyspaceLoader implements RdbSink {

    private final Keyspace target;
    private final long now;
    private final LoadProgress progress;
    private final List<byte[]> functions = new ArrayList<>();
    private final Map<String, byte[]> aux = new LinkedHashMap<>();
    private long expiredSkipped;

    /** Loads into {@code target}; keys whose expiry is at or before {@code now} (epoch ms) are skipped. */
    public KeyspaceLoader(Keyspace target, long now) {
        this(target, now, LoadProgress.NONE);
    }

    /** As above, telling {@code progress} of each key and of the file's {@code used-mem}. */
    public KeyspaceLoader(Keyspace target, long now, LoadProgress progress) {
        this.target = target;
        this.now = now;
        this.progress = progress;
    }

    /** A loaded file: the keyspace, the function libraries' code, the aux fields, and what the read counted. */
    public record Loaded(
            Keyspace keyspace,
            List<byte[]> functions,
            Map<String, byte[]> aux,
            RdbReader.Summary summary,
            long expiredSkipped) {}

    /** Reads {@code file} into a new keyspace of {@code databases} databases. */
    public static Loaded load(Path file, int databases, InstantSource clock, RdbLoadLimits limits) throws IOException {
        return load(file, databases, clock, limits, LoadProgress.NONE);
    }

    /** Reads {@code file} into a new keyspace, telling {@code progress} as it goes (the server's LOADING state). */
    public static Loaded load(
            Path file, int databases, InstantSource clock, RdbLoadLimits limits, LoadProgress progress)
            throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            progress.totalBytes(size);
            return load(LoadProgress.counting(in, progress), size, databases, clock, limits, progress);
        }
    }

    /** Reads an RDB image of {@code size} bytes (-1: unknown) into a new keyspace. */
    public static Loaded load(InputStream in, long size, int databases, InstantSource clock, RdbLoadLimits limits)
            throws IOException {
        return load(in, size, databases, clock, limits, LoadProgress.NONE);
    }

    private static Loaded load(
            InputStream in, long size, int databases, InstantSource clock, RdbLoadLimits limits, LoadProgress progress)
            throws IOException {
        Keyspace keyspace = new Keyspace(databases, clock, new io.miniredis.stats.ServerStats());
        KeyspaceLoader loader = new KeyspaceLoader(keyspace, clock.millis(), progress);
        RdbReader.Summary summary = new RdbReader(limits).read(in, size, loader);
        return new Loaded(
                keyspace, List.copyOf(loader.functions), Map.copyOf(loader.aux), summary, loader.expiredSkipped);
    }

    @Override
    public void aux(byte[] name, byte[] value) {
        String field = new String(name, StandardCharsets.UTF_8);
        aux.put(field, value);
        if (field.equals("used-mem")) {
            try {
                progress.rdbUsedMemory(Long.parseLong(new String(value, StandardCharsets.US_ASCII)));
            } catch (NumberFormatException ignored) {
                // an aux field is information only: Redis ignores what it cannot read
            }
        }
    }

    @Override
    public void function(byte[] code) {
        functions.add(code);
    }

    @Override
    public void database(int index) throws IOException {
        if (index >= target.databaseCount()) {
            throw new RdbFormatException(
                    -1,
                    "the file has keys in database " + index + ", this server has " + target.databaseCount()
                            + " (databases)");
        }
    }

    @Override
    public void key(int db, byte[] key, Object value, long expireAt, long idleSeconds, int frequency)
            throws IOException {
        progress.keyLoaded();
        if (expireAt != -1 && expireAt <= now) {
            expiredSkipped++;
            return;
        }
        Database database = target.db(db);
        if (database.peek(key) != null) {
            throw new RdbFormatException(
                    -1, "key '" + new String(key, StandardCharsets.UTF_8) + "' twice in database " + db);
        }
        KeyEntry entry = database.add(key, value);
        if (expireAt != -1) {
            database.setExpiry(entry, expireAt);
        }
        AccessClocks.apply(target, entry, idleSeconds, frequency);
    }

    public List<byte[]> functions() {
        return functions;
    }

    public long expiredSkipped() {
        return expiredSkipped;
    }
}
