package io.miniredis.persistence;

import io.miniredis.persistence.RdbWriter.AccessData;
import io.miniredis.store.Database;
import io.miniredis.store.Dict;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import io.miniredis.store.SnapshotHook;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the keyspace as it was at one instant while commands go on changing it: a BGSAVE without fork.
 *
 * <p>At {@link #begin} (on the keyspace thread, between two commands) it records each non-empty database's key
 * table and installs itself as the keyspace's {@link SnapshotHook}. From then on, {@link #slice} walks the tables
 * with SCAN's cursor a few hundred entries at a time, between event-loop turns, writing each entry not written yet;
 * and before any write changes or removes an entry not written yet, the hook writes it first. Every entry written
 * is marked with this save's number, so neither path writes it twice (SCAN may return an entry twice when the table
 * shrinks or while it is being resized); entries created after the instant are marked at birth and never written.
 * The key tables go on resizing incrementally during a save, unlike Redis's, which stops rehashing while a forked
 * child holds the memory (to spare copy-on-write pages): there is no child here, SCAN's cursor covers both bucket
 * arrays, and a slice's own walk holds the moves back. A table that FLUSHDB/FLUSHALL
 * replaces is no longer reachable by commands, and SWAPDB only exchanges which database holds which table, so the
 * walk over the recorded tables sees each of them exactly as the hook left it. The result is the keyspace at the
 * instant: the order of keys differs (the hook's entries come early, under a SELECTDB of their database), which RDB
 * allows.
 *
 * <p>Keys past their expiry at the instant are left out, as a load would drop them. Not thread-safe: the keyspace
 * thread only.
 */
public final class SnapshotWriter implements SnapshotHook {

    /** Entries one slice writes at most, and the time it may take: short enough not to be felt as latency. */
    private static final int SLICE_ENTRIES = 2000;

    private static final long SLICE_NANOS = 1_000_000;

    private record Table(int index, Dict dict, long keys, long expiring) {}

    private final Keyspace keyspace;
    private final SnapshotFormat writer;
    private final int mark;
    private final long instant;
    private final AccessData access;
    private final List<Table> tables = new ArrayList<>();
    private final Map<Dict, Table> byDict = new IdentityHashMap<>();
    private final boolean[] resizeWritten;
    private int position;
    private long cursor;
    private Table selected;
    private long keysWritten;
    private long hookBytes;
    private long hookKeys;
    private boolean finished;
    /** Time the keyspace thread spent writing (slices, hook): what this save cost the clients. */
    private long sliceNanos;

    private long hookNanos;

    /** Numbers the saves of every server in this JVM: an entry's mark of an earlier save never matches. */
    private static final java.util.concurrent.atomic.AtomicInteger SAVES =
            new java.util.concurrent.atomic.AtomicInteger();

    private SnapshotWriter(Keyspace keyspace, SnapshotFormat writer, AccessData access) {
        this.keyspace = keyspace;
        this.writer = writer;
        int number = SAVES.incrementAndGet();
        this.mark = number == 0 ? SAVES.incrementAndGet() : number;
        this.instant = keyspace.clock().millis();
        this.access = access;
        this.resizeWritten = new boolean[keyspace.databaseCount()];
    }

    /**
     * Takes the snapshot instant: writes the header, aux fields and function libraries, records the tables and
     * hooks the keyspace. Call on the keyspace thread; then {@link #slice} until it returns true.
     */
    public static SnapshotWriter begin(
            Keyspace keyspace,
            OutputStream out,
            RdbWriteOptions options,
            AccessData access,
            List<byte[]> functions,
            String redisVersion,
            boolean aofBase)
            throws IOException {
        RdbWriter rdb = new RdbWriter(out, options);
        rdb.header();
        rdb.standardAux(redisVersion, keyspace.clock().millis() / 1000, keyspace.datasetBytes(), aofBase);
        for (byte[] code : functions) {
            rdb.function(code);
        }
        return begin(keyspace, rdb, access);
    }

    /**
     * The instant, for a snapshot in another format ({@code aof-use-rdb-preamble no}: commands), whose prologue
     * {@code writer} has written already.
     */
    public static SnapshotWriter begin(Keyspace keyspace, SnapshotFormat writer, AccessData access) {
        SnapshotWriter save = new SnapshotWriter(keyspace, writer, access);
        for (int i = 0; i < keyspace.databaseCount(); i++) {
            Database db = keyspace.db(i);
            if (db.size() > 0) {
                Table table = new Table(i, db.table(), db.size(), db.expiringSize());
                save.tables.add(table);
                save.byDict.put(table.dict(), table);
            }
        }
        keyspace.snapshotHook(save);
        return save;
    }

    /** Keys the snapshot holds (as counted at the instant, expired ones included): INFO current_save_keys_total. */
    public long keysTotal() {
        long total = 0;
        for (Table table : tables) {
            total += table.keys();
        }
        return total;
    }

    /** Keys written so far: INFO current_save_keys_processed. */
    public long keysWritten() {
        return keysWritten;
    }

    /** Bytes the pre-write hook wrote ahead of the cursor: what Redis's copy-on-write would have copied. */
    public long hookBytes() {
        return hookBytes;
    }

    public long hookKeys() {
        return hookKeys;
    }

    /** Nanoseconds the keyspace thread spent in slices. */
    public long sliceNanos() {
        return sliceNanos;
    }

    /** Nanoseconds the keyspace thread spent in the pre-write hook. */
    public long hookNanos() {
        return hookNanos;
    }

    /**
     * Writes up to a slice of entries. Returns true when the image is complete (EOF and checksum written, the hook
     * removed).
     */
    public boolean slice() throws IOException {
        if (finished) {
            return true;
        }
        long began = System.nanoTime();
        try {
            return sliceUntil(began + SLICE_NANOS);
        } finally {
            sliceNanos += System.nanoTime() - began;
        }
    }

    private boolean sliceUntil(long deadline) throws IOException {
        long stop = keysWritten + SLICE_ENTRIES;
        int steps = 0;
        try {
            while (position < tables.size()) {
                Table table = tables.get(position);
                cursor = table.dict().scan(cursor, entry -> write(table, entry, false));
                if (cursor == 0) {
                    position++;
                }
                if (keysWritten >= stop || (++steps % 32 == 0 && System.nanoTime() > deadline)) {
                    return false;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        finish();
        return true;
    }

    /** Stops without completing (an abort): the hook is removed. */
    public void cancel() {
        finished = true;
        keyspace.snapshotHook(null);
    }

    private void finish() throws IOException {
        finished = true;
        keyspace.snapshotHook(null);
        writer.finish();
    }

    @Override
    public void beforeChange(Dict dict, KeyEntry entry) {
        if (entry.saveMark() == mark) {
            return;
        }
        Table table = byDict.get(dict);
        if (table == null) {
            entry.saveMark(mark); // a table made after the instant holds no snapshot key
            return;
        }
        long began = System.nanoTime();
        long before = writer.written();
        try {
            write(table, entry, true);
        } catch (UncheckedIOException e) {
            // the writer thread failed: the save is lost and reports it; commands go on
            return;
        } finally {
            hookNanos += System.nanoTime() - began;
        }
        hookBytes += writer.written() - before;
    }

    @Override
    public void created(KeyEntry entry) {
        entry.saveMark(mark);
    }

    private void write(Table table, KeyEntry entry, boolean hook) {
        if (entry.saveMark() == mark) {
            return;
        }
        entry.saveMark(mark);
        if (entry.hasExpiry() && entry.expireAt() <= instant) {
            return;
        }
        try {
            if (selected != table) {
                if (resizeWritten[table.index()]) {
                    writer.selectDb(table.index());
                } else {
                    writer.database(table.index(), table.keys(), table.expiring());
                    resizeWritten[table.index()] = true;
                }
                selected = table;
            }
            writer.key(entry, keyspace, access);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keysWritten++;
        if (hook) {
            hookKeys++;
        }
    }
}
