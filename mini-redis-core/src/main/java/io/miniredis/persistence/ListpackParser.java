package io.miniredis.persistence;

import io.miniredis.protocol.Numbers;

/**
 * Walks a listpack read from an RDB string, element by element, checking everything as it goes: the header's
 * total against the blob's size, each entry's encoding and length against what is left, the backwards length
 * after each entry, the terminator, and the element count. Integers come out as their decimal text, as Redis
 * returns them to clients.
 */
final class ListpackParser {

    private static final String NAME = "listpack";

    private final byte[] lp;
    private final int end; // position of the terminator
    private final int declaredCount;
    private int position = ListpackBuilder.HEADER_SIZE;
    private int seen;
    /** Whether the last element was stored as an integer, and its value. */
    private boolean lastWasInteger;

    private long lastInteger;

    ListpackParser(byte[] lp) throws CorruptBlobException {
        this.lp = lp;
        if (lp.length < ListpackBuilder.HEADER_SIZE + 1) {
            throw new CorruptBlobException(NAME, 0, "only " + lp.length + " bytes, shorter than a header");
        }
        long total = littleEndian(0, 4);
        if (total != lp.length) {
            throw new CorruptBlobException(NAME, 0, "header says " + total + " bytes, the string has " + lp.length);
        }
        this.declaredCount = (int) littleEndian(4, 2);
        this.end = lp.length - 1;
        if ((lp[end] & 0xff) != ListpackBuilder.TERMINATOR) {
            throw new CorruptBlobException(NAME, end, "no terminator at the end");
        }
    }

    /** The count in the header, or -1 when it says "unknown" (65535 or more elements). */
    int declaredCount() {
        return declaredCount == ListpackBuilder.COUNT_UNKNOWN ? -1 : declaredCount;
    }

    boolean hasNext() throws CorruptBlobException {
        if (position == end) {
            if (declaredCount != ListpackBuilder.COUNT_UNKNOWN && seen != declaredCount) {
                throw new CorruptBlobException(NAME, 4, "header says " + declaredCount + " elements, found " + seen);
            }
            return false;
        }
        return true;
    }

    /** The next element's bytes (an integer as its decimal text). */
    byte[] next() throws CorruptBlobException {
        int start = position;
        int b = lp[position] & 0xff;
        byte[] value;
        lastWasInteger = false;
        if ((b & 0x80) == 0) {
            position += 1;
            integer(b);
            value = null;
        } else if ((b & 0xC0) == 0x80) {
            value = string(start, 1, b & 0x3f);
        } else if ((b & 0xE0) == 0xC0) {
            need(start, 2);
            int u = ((b & 0x1f) << 8) | (lp[start + 1] & 0xff);
            position += 2;
            integer(u >= 1 << 12 ? u - (1 << 13) : u);
            value = null;
        } else if ((b & 0xF0) == 0xE0) {
            need(start, 2);
            value = string(start, 2, ((b & 0x0f) << 8) | (lp[start + 1] & 0xff));
        } else {
            switch (b) {
                case 0xF0 -> {
                    need(start, 5);
                    long length = littleEndian(start + 1, 4);
                    if (length > Integer.MAX_VALUE) {
                        throw new CorruptBlobException(NAME, start, "string of " + length + " bytes");
                    }
                    value = string(start, 5, (int) length);
                }
                case 0xF1 -> value = fixedInteger(start, 2);
                case 0xF2 -> value = fixedInteger(start, 3);
                case 0xF3 -> value = fixedInteger(start, 4);
                case 0xF4 -> value = fixedInteger(start, 8);
                case 0xFF -> throw new CorruptBlobException(NAME, start, "terminator before the end");
                default ->
                    throw new CorruptBlobException(NAME, start, "unknown entry encoding 0x" + Integer.toHexString(b));
            }
        }
        checkBacklen(start, position - start);
        seen++;
        return value != null ? value : Numbers.toBytes(lastInteger);
    }

    /** Where the next element starts in the blob (for error messages). */
    int position() {
        return position;
    }

    boolean lastWasInteger() {
        return lastWasInteger;
    }

    long lastInteger() {
        return lastInteger;
    }

    private void integer(long v) {
        lastWasInteger = true;
        lastInteger = v;
    }

    private byte[] fixedInteger(int start, int bytes) throws CorruptBlobException {
        need(start, 1 + bytes);
        long v = littleEndian(start + 1, bytes);
        int shift = 64 - 8 * bytes;
        integer((v << shift) >> shift); // sign-extend
        position = start + 1 + bytes;
        return null;
    }

    private byte[] string(int start, int header, int length) throws CorruptBlobException {
        need(start, (long) header + length);
        byte[] s = new byte[length];
        System.arraycopy(lp, start + header, s, 0, length);
        position = start + header + length;
        return s;
    }

    private void checkBacklen(int start, int entry) throws CorruptBlobException {
        int n = ListpackBuilder.backlenSize(entry);
        need(position, n);
        long decoded = 0;
        for (int i = 0; i < n; i++) {
            int b = lp[position + i] & 0xff;
            boolean continued = i > 0;
            if (continued != ((b & 0x80) != 0)) {
                throw new CorruptBlobException(
                        NAME, position + i, "malformed entry length after the entry at " + start);
            }
            decoded = (decoded << 7) | (b & 0x7f);
        }
        if (decoded != entry) {
            throw new CorruptBlobException(
                    NAME, position, "entry at " + start + " is " + entry + " bytes, its back length says " + decoded);
        }
        position += n;
    }

    /** Fails unless {@code bytes} bytes from {@code from} lie before the terminator. */
    private void need(int from, long bytes) throws CorruptBlobException {
        if (from + bytes > end) {
            throw new CorruptBlobException(NAME, from, "entry runs past the end");
        }
    }

    private long littleEndian(int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (lp[at + i] & 0xff);
        }
        return v;
    }
}
