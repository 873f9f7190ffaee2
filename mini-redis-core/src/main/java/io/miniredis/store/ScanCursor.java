package io.miniredis.store;

import java.util.function.Consumer;

/**
 * SCAN's cursor over chained buckets in a power-of-two array, shared by the key table ({@link Dict}) and sorted sets'
 * member index ({@link MemberIndex}). The cursor counts with its bits reversed, so buckets that split or merge on a
 * resize between two calls are never skipped. During an incremental resize (two arrays) one call visits the
 * cursor's bucket in the smaller array and every bucket of the larger one that it splits into, as Redis's dictScan
 * does, so entries not moved yet and entries moved are both seen.
 */
final class ScanCursor {

    private ScanCursor() {}

    /**
     * Gives {@code bucket} the head (possibly null) of each bucket the call visits, and returns the next cursor, 0
     * when the scan is complete. {@code target} is the array a resize is filling, null when none is under way.
     */
    static <B> long step(B[] table, B[] target, long cursor, Consumer<B> bucket) {
        if (target == null) {
            long mask = table.length - 1;
            bucket.accept(table[(int) (cursor & mask)]);
            return next(cursor, mask);
        }
        B[] small = table.length <= target.length ? table : target;
        B[] large = small == table ? target : table;
        long smallMask = small.length - 1;
        long largeMask = large.length - 1;
        bucket.accept(small[(int) (cursor & smallMask)]);
        long v = cursor;
        do {
            bucket.accept(large[(int) (v & largeMask)]);
            v = next(v, largeMask);
        } while ((v & (smallMask ^ largeMask)) != 0);
        return v;
    }

    /** The cursor's reversed increment within {@code mask}'s bits (higher bits set so the carry stays inside). */
    private static long next(long cursor, long mask) {
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }
}
