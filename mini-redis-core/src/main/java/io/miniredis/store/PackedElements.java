package io.miniredis.store;

import java.util.Arrays;

/**
 * List elements packed back to back in one {@code byte[]}, each its length ({@link PackedLength}) and its bytes, as
 * {@link RedisList} keeps a small list: one array instead of an array per element plus a slot pointing to it.
 * Static functions over the array; every change returns a new array exactly as long as its elements.
 */
final class PackedElements {

    static final byte[] EMPTY = new byte[0];

    private PackedElements() {}

    /** The offset of the element after the one at {@code at}. */
    static int next(byte[] p, int at) {
        int length = PackedLength.read(p, at);
        return at + PackedLength.size(length) + length;
    }

    static byte[] element(byte[] p, int at) {
        int length = PackedLength.read(p, at);
        int from = at + PackedLength.size(length);
        return Arrays.copyOfRange(p, from, from + length);
    }

    static boolean equals(byte[] p, int at, byte[] value) {
        int length = PackedLength.read(p, at);
        int from = at + PackedLength.size(length);
        return length == value.length && Arrays.equals(p, from, from + length, value, 0, length);
    }

    /** {@code p} with {@code element} inserted at offset {@code at} ({@code p.length} appends). */
    static byte[] insert(byte[] p, int at, byte[] element) {
        int size = PackedLength.size(element.length) + element.length;
        byte[] fresh = new byte[p.length + size];
        System.arraycopy(p, 0, fresh, 0, at);
        int after = PackedLength.write(fresh, at, element.length);
        System.arraycopy(element, 0, fresh, after, element.length);
        System.arraycopy(p, at, fresh, at + size, p.length - at);
        return fresh;
    }

    /** {@code p} without the bytes {@code [from, to)}: one element or a run of them. */
    static byte[] cut(byte[] p, int from, int to) {
        byte[] fresh = new byte[p.length - (to - from)];
        System.arraycopy(p, 0, fresh, 0, from);
        System.arraycopy(p, to, fresh, from, p.length - to);
        return fresh;
    }
}
