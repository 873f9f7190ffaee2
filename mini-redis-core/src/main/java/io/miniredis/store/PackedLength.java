package io.miniredis.store;

/**
 * The length prefix of an element in a packed array ({@link PackedEntries}, {@link PackedElements}): one byte for a
 * length under 255, else 255 and the length as a big-endian int.
 */
final class PackedLength {

    private PackedLength() {}

    static int read(byte[] p, int at) {
        int b = p[at] & 0xff;
        if (b < 255) {
            return b;
        }
        return (p[at + 1] & 0xff) << 24 | (p[at + 2] & 0xff) << 16 | (p[at + 3] & 0xff) << 8 | (p[at + 4] & 0xff);
    }

    static int size(int length) {
        return length < 255 ? 1 : 5;
    }

    /** Writes the prefix at {@code at}; returns the offset after it. */
    static int write(byte[] p, int at, int length) {
        if (length < 255) {
            p[at] = (byte) length;
            return at + 1;
        }
        p[at] = (byte) 255;
        p[at + 1] = (byte) (length >>> 24);
        p[at + 2] = (byte) (length >>> 16);
        p[at + 3] = (byte) (length >>> 8);
        p[at + 4] = (byte) length;
        return at + 5;
    }
}
