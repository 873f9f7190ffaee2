package io.miniredis.persistence;

/**
 * The intset encoding of a set of integers, as RDB files store it (type SET_INTSET): the width of every element (2,
 * 4 or 8 bytes, the smallest that holds all), the count, then the elements in ascending order; all little-endian.
 */
final class Intset {

    private static final String NAME = "intset";
    private static final int HEADER_SIZE = 8;

    private Intset() {}

    /** The intset of {@code sorted[0, count)}, which must be ascending and distinct. */
    static byte[] encode(long[] sorted, int count) {
        int width = 2;
        if (count > 0) {
            long min = sorted[0];
            long max = sorted[count - 1];
            if (min < Integer.MIN_VALUE || max > Integer.MAX_VALUE) {
                width = 8;
            } else if (min < Short.MIN_VALUE || max > Short.MAX_VALUE) {
                width = 4;
            }
        }
        byte[] blob = new byte[HEADER_SIZE + count * width];
        put(blob, 0, width, 4);
        put(blob, 4, count, 4);
        for (int i = 0; i < count; i++) {
            put(blob, HEADER_SIZE + i * width, sorted[i], width);
        }
        return blob;
    }

    /** The elements of an intset blob, checked: a valid width, the size the count implies, strictly ascending. */
    static long[] decode(byte[] blob) throws CorruptBlobException {
        if (blob.length < HEADER_SIZE) {
            throw new CorruptBlobException(NAME, 0, "only " + blob.length + " bytes, shorter than a header");
        }
        long width = get(blob, 0, 4);
        if (width != 2 && width != 4 && width != 8) {
            throw new CorruptBlobException(NAME, 0, "element width " + width + " (must be 2, 4 or 8)");
        }
        long count = get(blob, 4, 4);
        if (HEADER_SIZE + count * width != blob.length) {
            throw new CorruptBlobException(
                    NAME, 4, count + " elements of " + width + " bytes do not make " + blob.length + " bytes");
        }
        long[] values = new long[(int) count];
        int shift = 64 - 8 * (int) width;
        for (int i = 0; i < count; i++) {
            long v = (get(blob, HEADER_SIZE + i * (int) width, (int) width) << shift) >> shift;
            if (i > 0 && v <= values[i - 1]) {
                throw new CorruptBlobException(NAME, HEADER_SIZE + i * (int) width, "elements not in ascending order");
            }
            values[i] = v;
        }
        return values;
    }

    private static void put(byte[] blob, int at, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            blob[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static long get(byte[] blob, int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (blob[at + i] & 0xff);
        }
        return v;
    }
}
