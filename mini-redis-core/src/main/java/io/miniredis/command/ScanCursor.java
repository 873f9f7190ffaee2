package io.miniredis.command;

import io.miniredis.protocol.RedisError;

/**
 * SCAN cursors: unsigned 64-bit numbers, read the way Redis reads them (C's {@code strtoul} in base 10) and written
 * back as unsigned decimals.
 *
 * <p>strtoul is more lenient than Redis's integer parser, and clients rely on some of it: an optional {@code +} or
 * {@code -} (a minus negates modulo 2<sup>64</sup>, so {@code -1} is the largest cursor), leading zeros, an empty
 * argument meaning 0, and parsing stopping at a NUL byte. Redis rejects a leading space, any other trailing byte,
 * a sign without digits and a value beyond 2<sup>64</sup>-1, all with {@code ERR invalid cursor}.
 */
public final class ScanCursor {

    public static final RedisError INVALID = new RedisError("ERR invalid cursor");

    private ScanCursor() {}

    public static long parse(byte[] text) {
        int end = text.length;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == 0) {
                end = i; // C stops at the terminator
                break;
            }
        }
        if (end == 0) {
            return 0; // no digits: strtoul converts nothing and points at the terminator
        }
        int i = 0;
        boolean negative = false;
        if (text[0] == '+' || text[0] == '-') {
            negative = text[0] == '-';
            i++;
        }
        if (i == end) {
            throw INVALID; // a lone sign converts nothing, so parsing "ends" at the sign
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                throw INVALID; // covers leading spaces too: strtoul skips them but Redis refuses them
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
                throw INVALID;
            }
            long shifted = value * 10;
            long next = shifted + digit;
            if (Long.compareUnsigned(next, shifted) < 0) {
                throw INVALID;
            }
            value = next;
        }
        return negative ? -value : value;
    }

    public static byte[] format(long cursor) {
        return Long.toUnsignedString(cursor).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
