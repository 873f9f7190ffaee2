package io.miniredis.store;

import java.util.Arrays;

/**
 * Field-value pairs packed back to back in one {@code byte[]}, in the spirit of Redis's listpack: each entry is the
 * field's length, the field, the value's length, the value (lengths as {@link PackedLength}). A small hash then costs one array instead of two per pair plus the
 * arrays that point to them. Static functions over the array; {@link FieldTable} uses them while packed. Every change
 * returns a new array exactly as long as its entries, as Redis reallocates a listpack: O(n) for a hash of at most
 * {@code hash-max-listpack-entries} entries.
 */
final class PackedEntries {

    static final byte[] EMPTY = new byte[0];

    private PackedEntries() {}

    /** The offset of the value's length, after the field of the entry at {@code at}. */
    private static int valueOffset(byte[] p, int at) {
        int keyLength = PackedLength.read(p, at);
        return at + PackedLength.size(keyLength) + keyLength;
    }

    /** The offset of the entry after the one at {@code at}. */
    static int next(byte[] p, int at) {
        int v = valueOffset(p, at);
        int valueLength = PackedLength.read(p, v);
        return v + PackedLength.size(valueLength) + valueLength;
    }

    static boolean keyEquals(byte[] p, int at, byte[] key) {
        int keyLength = PackedLength.read(p, at);
        if (keyLength != key.length) {
            return false;
        }
        int from = at + PackedLength.size(keyLength);
        return Arrays.equals(p, from, from + keyLength, key, 0, keyLength);
    }

    static byte[] key(byte[] p, int at) {
        int keyLength = PackedLength.read(p, at);
        int from = at + PackedLength.size(keyLength);
        return Arrays.copyOfRange(p, from, from + keyLength);
    }

    static byte[] value(byte[] p, int at) {
        int v = valueOffset(p, at);
        int valueLength = PackedLength.read(p, v);
        int from = v + PackedLength.size(valueLength);
        return Arrays.copyOfRange(p, from, from + valueLength);
    }

    private static int entrySize(byte[] key, byte[] value) {
        return PackedLength.size(key.length) + key.length + PackedLength.size(value.length) + value.length;
    }

    private static int write(byte[] p, int at, byte[] key, byte[] value) {
        at = PackedLength.write(p, at, key.length);
        System.arraycopy(key, 0, p, at, key.length);
        at = PackedLength.write(p, at + key.length, value.length);
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
        byte[] fresh = new byte[v + PackedLength.size(value.length) + value.length + (p.length - end)];
        System.arraycopy(p, 0, fresh, 0, v);
        int after = PackedLength.write(fresh, v, value.length);
        System.arraycopy(value, 0, fresh, after, value.length);
        System.arraycopy(p, end, fresh, after + value.length, p.length - end);
        return fresh;
    }
}
