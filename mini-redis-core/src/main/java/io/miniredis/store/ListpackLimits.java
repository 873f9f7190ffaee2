package io.miniredis.store;

/**
 * The live thresholds under which Redis keeps a small collection in a listpack ({@code zset-max-listpack-entries}
 * and {@code zset-max-listpack-value}, or a sibling type's pair): how many elements, and how long the longest one
 * may be. Only the encoding name OBJECT ENCODING reports depends on them.
 */
public record ListpackLimits(long maxEntries, long maxValueLength) {

    /** True when {@code size} elements, none longer than {@code longest} bytes, fit in a listpack. */
    public boolean fit(long size, long longest) {
        return size <= maxEntries && longest <= maxValueLength;
    }
}
