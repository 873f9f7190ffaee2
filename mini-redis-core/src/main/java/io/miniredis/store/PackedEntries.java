package io.miniredis.store;

import java.util.Arrays;

/**
 * Field-value pairs packed back to back in one {@code byte[]}, in the spirit of Redis's listpack: each entry is the
 * field's length, the field, the value's length, the value; a length under 255 takes one byte, a longer one five
 * (255, then the length as a big-endian int). A small hash then costs one array instead of two per pair plus the
 * arrays that point to them. Static functions over the array; {@link FieldTable} uses them while packed. Every change
 * returns a new array exactly as long as its entries, as Redis reallocates a listpack: O(n) for a hash of at most
 * {@code hash-max-listpack-entries} entries.
 */
final class PackedEntries {

    static final byte[] EMPTY = new byte[0];

    private PackedEntries() {}

    private static int lengthAt(byte[] p, int at) {
        int b = p[at] & 0xff;
        if (b < 255) {
            return b;
        }
        return (p[at + 1] & 0xff) << 24 | (p[at + 2] & 0xff) << 16 | (p[at + 3] & 0xff) << 8 | (p[at + 4] & 0xff);
    }

    private static int headerSize(int length) {
        return length < 255 ? 1 : 5;
    }

    private static int writeLength(byte[] p, int at, int length) {
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

    /** The offset of the value's length, after the field of the entry at {@code at}. */
    private static int valueOffset(byte[] p, int at) {
        int keyLength = lengthAt(p, at);
        return at + headerSize(keyLength) + keyLength;
    }

    /** The offset of the entry after the one at {@code at}. */
    static int next(byte[] p, int at) {
        int v = valueOffset(p, at);
        int valueLength = lengthAt(p, v);
        return v + headerSize(valueLength) + valueLength;
    }

    static boolean keyEquals(byte[] p, int at, byte[] key) {
        int keyLength = lengthAt(p, at);
        if (keyLength != key.length) {
            return false;
        }
        int from = at + headerSize(keyLength);
        return Arrays.equals(p, from, from + keyLength, key, 0, keyLength);
    }

    static byte[] key(byte[] p, int at) {
        int keyLength = lengthAt(p, at);
        int from = at + headerSize(keyLength);
        return Arrays.copyOfRange(p, from, from + keyLength);
    }

    static byte[] value(byte[] p, int at) {
        int v = valueOffset(p, at);
        int valueLength = lengthAt(p, v);
        int from = v + headerSize(valueLength);
        return Arrays.copyOfRange(p, from, from + valueLength);
    }

    private static int entrySize(byte[] key, byte[] value) {
        return headerSize(key.length) + key.length + headerSize(value.length) + value.length;
    }

    private static int write(byte[] p, int at, byte[] key, byte[] value) {
        at = writeLength(p, at, key.length);
        System.arraycopy(key, 0, p, at, key.length);
        at = writeLength(p, at + key.length, value.length);
        System.arraycopy(value, 0, p, at, value.length);
        return at + value.length;
    }

    /** {@code p} with the entry appended. */
    static byte[] append(byte[] p, byte[] key, byte[] value) {
        byte[] fresh = Arrays.copyOf(p, p.length + entrySize(key, value));
        write(fresh, p.length, key, value);
        return fresh;
    }

    /** {@code p} without the entry at {@code at}. */
    static byte[] remove(byte[] p, int at) {
        int end = next(p, at);
        byte[] fresh = new byte[p.length - (end - at)];
        System.arraycopy(p, 0, fresh, 0, at);
        System.arraycopy(p, end, fresh, at, p.length - end);
        return fresh;
    }

    /** {@code p} with the value of the entry at {@code at} replaced; the entry keeps its place. */
    static byte[] replaceValue(byte[] p, int at, byte[] value) {
        int v = valueOffset(p, at);
        int end = next(p, at);
        byte[] fresh = new byte[v + headerSize(value.length) + value.length + (p.length - end)];
        System.arraycopy(p, 0, fresh, 0, v);
        int after = writeLength(fresh, v, value.length);
        System.arraycopy(value, 0, fresh, after, value.length);
        System.arraycopy(p, end, fresh, after + value.length, p.length - end);
        return fresh;
    }
}
