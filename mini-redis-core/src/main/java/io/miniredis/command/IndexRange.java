package io.miniredis.command;

/**
 * A {@code start..end} pair of indexes as LRANGE, LTRIM, ZRANGE and ZREMRANGEBYRANK read it: negative indexes
 * count from the end, the start is clamped to 0 and the end to the last element, both inclusive.
 *
 * @param first the first index selected
 * @param last  the last index selected, {@code >= first}
 */
public record IndexRange(long first, long last) {

    /** The range {@code start..end} selects in a collection of {@code size} elements, or null when nothing. */
    public static IndexRange of(long start, long end, long size) {
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            return null;
        }
        return new IndexRange(start, Math.min(end, size - 1));
    }

    public long count() {
        return last - first + 1;
    }
}
