package io.miniredis.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Redis's intset encoding of a set, as static functions over one {@code byte[]}: its first byte is the width of
 * every member (2, 4 or 8 bytes, as Redis's int16/int32/int64 encodings), then the distinct members in ascending
 * order, little-endian. Twenty small integers take 57 bytes where a {@code long[]} takes 176, and the set holds
 * the array itself, with no object around it. The array is exactly as long as its members, as Redis reallocates its
 * intset on every change: an insert or a removal returns a new array, O(n) for a set of at most {@code
 * set-max-intset-entries} members.
 */
final class Intset {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Intset() {}

    static byte[] empty() {
        return new byte[] {2};
    }

    static int size(byte[] set) {
        return (set.length - 1) / set[0];
    }

    static long get(byte[] set, int index) {
        return read(set, set[0], index);
    }

    private static long read(byte[] set, int width, int index) {
        return switch (width) {
            case 2 -> (short) SHORT.get(set, 1 + (index << 1));
            case 4 -> (int) INT.get(set, 1 + (index << 2));
            default -> (long) LONG.get(set, 1 + (index << 3));
        };
    }

    private static void write(byte[] set, int width, int index, long value) {
        switch (width) {
            case 2 -> SHORT.set(set, 1 + (index << 1), (short) value);
            case 4 -> INT.set(set, 1 + (index << 2), (int) value);
            default -> LONG.set(set, 1 + (index << 3), value);
        }
    }

    private static int widthOf(long value) {
        if (value == (short) value) {
            return 2;
        }
        return value == (int) value ? 4 : 8;
    }

    /** The index of {@code value}, or {@code -(insertion point) - 1} (as {@link Arrays#binarySearch}). */
    static int indexOf(byte[] set, long value) {
        int width = set[0];
        int count = (set.length - 1) / width;
        if (widthOf(value) > width) {
            return value < 0 ? -1 : -count - 1; // wider than every member: beyond one end
        }
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long m = read(set, width, mid);
            if (m < value) {
                low = mid + 1;
            } else if (m > value) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -low - 1;
    }

    static boolean contains(byte[] set, long value) {
        return indexOf(set, value) >= 0;
    }

    /** The set with {@code value} added: a new array, or null when it was a member already. */
    static byte[] add(byte[] set, long value) {
        int at = indexOf(set, value);
        if (at >= 0) {
            return null;
        }
        at = -at - 1;
        int width = set[0];
        int count = (set.length - 1) / width;
        int newWidth = Math.max(width, widthOf(value));
        byte[] fresh = new byte[1 + (count + 1) * newWidth];
        fresh[0] = (byte) newWidth;
        if (newWidth == width) {
            System.arraycopy(set, 1, fresh, 1, at * width);
            System.arraycopy(set, 1 + at * width, fresh, 1 + (at + 1) * width, (count - at) * width);
        } else {
            for (int i = 0; i < count; i++) {
                write(fresh, newWidth, i < at ? i : i + 1, read(set, width, i));
            }
        }
        write(fresh, newWidth, at, value);
        return fresh;
    }

    /**
     * The set without {@code value}: a new array, or null when it was not a member. The width stays, as in Redis (an
     * intset never narrows).
     */
    static byte[] remove(byte[] set, long value) {
        int at = indexOf(set, value);
        if (at < 0) {
            return null;
        }
        int width = set[0];
        byte[] fresh = new byte[set.length - width];
        fresh[0] = (byte) width;
        System.arraycopy(set, 1, fresh, 1, at * width);
        System.arraycopy(set, 1 + (at + 1) * width, fresh, 1 + at * width, set.length - 1 - (at + 1) * width);
        return fresh;
    }

    /** An intset of {@code values}, sorted and distinct, {@code [0, count)}. */
    static byte[] of(long[] values, int count) {
        int width = 2;
        for (int i = 0; i < count; i++) {
            width = Math.max(width, widthOf(values[i]));
        }
        byte[] set = new byte[1 + count * width];
        set[0] = (byte) width;
        for (int i = 0; i < count; i++) {
            write(set, width, i, values[i]);
        }
        return set;
    }
}
