package io.miniredis.command.server;

import io.miniredis.store.Database;
import io.miniredis.store.Dict;
import java.util.Locale;

/**
 * DEBUG HTSTATS's text, in Redis's layout: for the key table, the statistics of its bucket array and, while a
 * resize is under way, of the array being filled ("rehashing target"); then for the keys with a TTL. The figures
 * depend on the seeded key hash, so they are never the same as another server's, but the shape is.
 *
 * <p>Keys with a TTL are a dense array here ({@code ExpiringKeys}), not a second hash table: they are shown as a
 * table whose used slots each hold a chain of one.
 */
final class DebugHtStats {

    /** Redis's DICT_STATS_VECTLEN: chains of 49 and more are counted together, and that count is not shown. */
    private static final int LENGTHS = 50;

    private DebugHtStats() {}

    static String of(Database db) {
        StringBuilder out = new StringBuilder("[Dictionary HT]\n");
        Dict keys = db.table();
        table(out, keys, false);
        if (keys.rehashing()) {
            table(out, keys, true);
        }
        out.append("[Expires HT]\n");
        long[] lengths = new long[LENGTHS];
        int slots = db.expiresCapacity();
        int used = db.expiringSize();
        lengths[0] = slots - used;
        lengths[1] = used;
        stats(out, 0, slots, used, lengths);
        return out.toString();
    }

    private static void table(StringBuilder out, Dict dict, boolean target) {
        long[] lengths = new long[LENGTHS];
        long entries = dict.chainLengths(target, lengths);
        stats(out, target ? 1 : 0, target ? dict.targetSize() : dict.tableSize(), entries, lengths);
    }

    private static void stats(StringBuilder out, int which, long size, long entries, long[] lengths) {
        out.append("Hash table ")
                .append(which)
                .append(" stats (")
                .append(which == 0 ? "main hash table" : "rehashing target")
                .append("):\n");
        if (entries == 0) {
            out.append("No stats available for empty dictionaries\n");
            return;
        }
        long slots = 0;
        long longest = 0; // chains of 49 and more show as 49: a table that long-chained is broken anyway
        for (int n = 1; n < LENGTHS; n++) {
            if (lengths[n] > 0) {
                slots += lengths[n];
                longest = n;
            }
        }
        out.append(" table size: ").append(size).append('\n');
        out.append(" number of elements: ").append(entries).append('\n');
        out.append(" different slots: ").append(slots).append('\n');
        out.append(" max chain length: ").append(longest).append('\n');
        out.append(" avg chain length (counted): ")
                .append(twoDecimals((float) entries / slots))
                .append('\n');
        // the same figure twice: Redis's "counted" sums the chains' lengths, "computed" uses its element count
        out.append(" avg chain length (computed): ")
                .append(twoDecimals((float) entries / slots))
                .append('\n');
        out.append(" Chain length distribution:\n");
        for (int n = 0; n < LENGTHS - 1; n++) {
            if (lengths[n] != 0) {
                out.append("   ")
                        .append(n)
                        .append(": ")
                        .append(lengths[n])
                        .append(" (")
                        .append(twoDecimals((float) lengths[n] / size * 100))
                        .append("%)\n");
            }
        }
    }

    private static String twoDecimals(float value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
