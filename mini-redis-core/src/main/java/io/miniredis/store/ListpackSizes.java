package io.miniredis.store;

import io.miniredis.protocol.Numbers;

/**
 * How many bytes an element takes in a Redis listpack: an encoding byte or bytes, the data, and the entry's length
 * written backwards. A string that is the canonical decimal of a 64-bit integer is stored as an integer in the
 * smallest of 7-bit unsigned, 13, 16, 24, 32 or 64-bit signed. Streams need the exact figure because Redis closes a
 * stream node by its listpack's size ({@code stream-node-max-bytes}), and approximate trimming removes whole nodes.
 */
public final class ListpackSizes {

    /** A listpack's header (total bytes, element count) and terminator. */
    public static final int EMPTY = 7;

    private ListpackSizes() {}

    /** The bytes an element takes, stored as an integer when it is the canonical text of one. */
    public static int element(byte[] element) {
        if (looksNumeric(element) && Numbers.isLong(element)) {
            return integer(Numbers.parseLong(element));
        }
        return string(element.length);
    }

    /** The bytes an integer element takes. */
    public static int integer(long v) {
        int encoded = v >= 0 && v <= 127
                ? 1
                : v >= -4096 && v <= 4095
                        ? 2
                        : v >= Short.MIN_VALUE && v <= Short.MAX_VALUE
                                ? 3
                                : v >= -(1 << 23) && v < (1 << 23)
                                        ? 4
                                        : v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 5 : 9;
        return encoded + 1;
    }

    /** The bytes a string element of {@code length} bytes takes. */
    public static int string(int length) {
        int entry = (length < 64 ? 1 : length < 4096 ? 2 : 5) + length;
        return entry + backlenSize(entry);
    }

    /** A cheap first test before the full integer parse. */
    public static boolean looksNumeric(byte[] s) {
        if (s.length == 0 || s.length > Numbers.MAX_LONG_DIGITS) {
            return false;
        }
        byte first = s[0];
        return (first >= '0' && first <= '9') || first == '-';
    }

    /** How many bytes the backwards length of an entry of {@code entry} bytes takes. */
    public static int backlenSize(long entry) {
        return entry < 128 ? 1 : entry < 16384 ? 2 : entry < 2097152 ? 3 : entry < 268435456 ? 4 : 5;
    }
}
