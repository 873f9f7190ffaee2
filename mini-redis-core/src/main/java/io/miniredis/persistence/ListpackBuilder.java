package io.miniredis.persistence;

import io.miniredis.protocol.Numbers;
import io.miniredis.store.ListpackSizes;
import java.util.Arrays;

/**
 * Builds a listpack, the compact sequence Redis 7.0 keeps small hashes, small sorted sets and list nodes in, and
 * writes into RDB files as one string: a header (total bytes and element count, little-endian), the entries, and
 * the terminator {@code 0xFF}.
 *
 * <p>An entry is an encoding byte (with the value or the length in it, or after it), the data, then the entry's
 * own length written backwards (7 bits a byte) so the listpack can be walked from the end. A string that is the
 * canonical decimal of a 64-bit integer is stored as an integer in the smallest of 7-bit unsigned, 13, 16, 24,
 * 32 or 64-bit signed, as Redis stores it (that choice shows in DUMP payloads).
 */
public final class ListpackBuilder {

    static final int HEADER_SIZE = 6;
    static final int TERMINATOR = 0xFF;
    /** Element counts from this on are written as "unknown", per the listpack specification. */
    static final int COUNT_UNKNOWN = 65535;

    private byte[] bytes;
    private int size = HEADER_SIZE;
    private int count;

    public ListpackBuilder() {
        this(64);
    }

    public ListpackBuilder(int expectedBytes) {
        bytes = new byte[Math.max(expectedBytes, HEADER_SIZE + 1)];
    }

    /** Bytes the listpack takes with what was added so far, header and terminator included. */
    public int totalBytes() {
        return size + 1;
    }

    public int count() {
        return count;
    }

    public void clear() {
        size = HEADER_SIZE;
        count = 0;
    }

    /** Adds an element: as an integer when it is the canonical text of one, else as a string. */
    public void add(byte[] element) {
        if (looksNumeric(element) && Numbers.isLong(element)) {
            addInteger(Numbers.parseLong(element));
        } else {
            addString(element);
        }
    }

    public void addString(byte[] s) {
        int length = s.length;
        int header = length < 64 ? 1 : length < 4096 ? 2 : 5;
        int entry = header + length;
        ensure(entry + backlenSize(entry));
        if (header == 1) {
            bytes[size++] = (byte) (0x80 | length);
        } else if (header == 2) {
            bytes[size++] = (byte) (0xE0 | (length >>> 8));
            bytes[size++] = (byte) length;
        } else {
            bytes[size++] = (byte) 0xF0;
            putLittleEndian(length, 4);
        }
        System.arraycopy(s, 0, bytes, size, length);
        size += length;
        putBacklen(entry);
        count++;
    }

    public void addInteger(long v) {
        ensure(10);
        int start = size;
        if (v >= 0 && v <= 127) {
            bytes[size++] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            int u = (int) v & 0x1fff;
            bytes[size++] = (byte) (0xC0 | (u >>> 8));
            bytes[size++] = (byte) u;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            bytes[size++] = (byte) 0xF1;
            putLittleEndian(v, 2);
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            bytes[size++] = (byte) 0xF2;
            putLittleEndian(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            bytes[size++] = (byte) 0xF3;
            putLittleEndian(v, 4);
        } else {
            bytes[size++] = (byte) 0xF4;
            putLittleEndian(v, 8);
        }
        putBacklen(size - start);
        count++;
    }

    /** The finished listpack: header filled in, terminator added. The builder can be cleared and reused. */
    public byte[] toBytes() {
        ensure(1);
        bytes[size] = (byte) TERMINATOR;
        int total = size + 1;
        bytes[0] = (byte) total;
        bytes[1] = (byte) (total >>> 8);
        bytes[2] = (byte) (total >>> 16);
        bytes[3] = (byte) (total >>> 24);
        int n = Math.min(count, COUNT_UNKNOWN);
        bytes[4] = (byte) n;
        bytes[5] = (byte) (n >>> 8);
        return Arrays.copyOf(bytes, total);
    }

    /** The bytes an element takes in a listpack, as {@link #add} would store it. */
    public static int entrySize(byte[] element) {
        return ListpackSizes.element(element);
    }

    static boolean looksNumeric(byte[] s) {
        return ListpackSizes.looksNumeric(s);
    }

    static int backlenSize(long entry) {
        return ListpackSizes.backlenSize(entry);
    }

    /** The entry length, high 7-bit group first; every byte after the first has its top bit set. */
    private void putBacklen(int entry) {
        int n = backlenSize(entry);
        for (int i = n - 1; i >= 0; i--) {
            int group = (entry >>> (7 * i)) & 0x7f;
            bytes[size++] = (byte) (i == n - 1 ? group : group | 0x80);
        }
    }

    private void putLittleEndian(long v, int n) {
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) (v >>> (8 * i));
        }
    }

    private void ensure(int more) {
        if (size + more + 1 > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more + 1);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("listpack larger than 2 GB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
