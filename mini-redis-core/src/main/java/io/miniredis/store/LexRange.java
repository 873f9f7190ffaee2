package io.miniredis.store;

import java.util.Arrays;

/**
 * A member interval of a sorted-set query by lexicographic order (ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX). An end
 * is a member, inclusive ({@code [a}) or exclusive ({@code (a}), or one of the infinities {@code -} and {@code +},
 * which sort before and after every member. Members compare as unsigned bytes, shorter first on a common prefix
 * (memcmp, then length: Redis's order).
 */
public final class LexRange {

    /** Stand-ins for {@code -} and {@code +}: compared by identity, never as bytes. */
    public static final byte[] MINUS_INFINITY = new byte[0];

    public static final byte[] PLUS_INFINITY = new byte[0];

    private final byte[] min;
    private final boolean minExclusive;
    private final byte[] max;
    private final boolean maxExclusive;

    public LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.maxExclusive = maxExclusive;
    }

    /** Compares two range ends or members, the infinities included. */
    static int compare(byte[] a, byte[] b) {
        if (a == b) {
            return 0;
        }
        if (a == MINUS_INFINITY || b == PLUS_INFINITY) {
            return -1;
        }
        if (a == PLUS_INFINITY || b == MINUS_INFINITY) {
            return 1;
        }
        return Arrays.compareUnsigned(a, b);
    }

    public boolean isEmpty() {
        int cmp = compare(min, max);
        return cmp > 0 || (cmp == 0 && (minExclusive || maxExclusive));
    }

    public boolean aboveMin(byte[] member) {
        int cmp = compare(member, min);
        return minExclusive ? cmp > 0 : cmp >= 0;
    }

    public boolean belowMax(byte[] member) {
        int cmp = compare(member, max);
        return maxExclusive ? cmp < 0 : cmp <= 0;
    }
}
