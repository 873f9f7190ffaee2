package io.miniredis.store;

import java.nio.charset.StandardCharsets;

/**
 * One {@code byte[]} for each of the strings "0" to "9999", shared by every key whose value is one of them, as Redis
 * shares its integer objects 0..9999: counters, flags and small ids then cost their key no value array at all
 * ({@link MemoryEstimates} counts a shared value as nothing). Safe because a string value's array is never changed in
 * place (a bit command first copies it into an {@link AppendableString}).
 */
final class SharedIntegers {

    static final int COUNT = 10_000;

    private static final byte[][] SHARED = new byte[COUNT][];

    static {
        for (int i = 0; i < COUNT; i++) {
            SHARED[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private SharedIntegers() {}

    /** The shared array equal to {@code value} when there is one, else {@code value} itself. */
    static Object share(Object value) {
        if (value instanceof byte[] bytes) {
            int n = parse(bytes);
            if (n >= 0 && SHARED[n] != bytes) {
                return SHARED[n];
            }
        }
        return value;
    }

    static boolean isShared(byte[] bytes) {
        int n = parse(bytes);
        return n >= 0 && SHARED[n] == bytes;
    }

    /** The number 0..9999 that {@code bytes} spells in canonical form (no sign, no leading zero), or -1. */
    private static int parse(byte[] bytes) {
        int length = bytes.length;
        if (length == 0 || length > 4 || (bytes[0] == '0' && length > 1)) {
            return -1;
        }
        int n = 0;
        for (byte b : bytes) {
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }
}
