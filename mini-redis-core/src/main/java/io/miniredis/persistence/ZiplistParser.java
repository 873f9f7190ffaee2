package io.miniredis.persistence;

import io.miniredis.protocol.Numbers;

/**
 * Walks a ziplist, the compact encoding of RDB files before version 10 (Redis 6.2 and older wrote small hashes,
 * sorted sets and list nodes as ziplists), checking it as it goes. Layout: total bytes (4), offset of the last
 * entry (4), entry count (2, 65535 meaning "count them"), entries, {@code 0xFF}; all little-endian. An entry is the
 * previous entry's length (1 byte, or 0xFE and 4 bytes), an encoding (string with a 6, 14 or 32-bit length, or an
 * integer of 8, 16, 24, 32 or 64 bits, or 0 to 12 in the encoding byte itself), and the data.
 */
final class ZiplistParser {

    private static final String NAME = "ziplist";
    private static final int HEADER_SIZE = 10;
    private static final int END = 0xFF;

    private final byte[] zl;
    private final int end;
    private final int declaredCount;
    private final long declaredTail;
    private int position = HEADER_SIZE;
    private int previousLength;
    private int previousStart = -1;
    private int seen;

    ZiplistParser(byte[] zl) throws CorruptBlobException {
        this.zl = zl;
        if (zl.length < HEADER_SIZE + 1) {
            throw new CorruptBlobException(NAME, 0, "only " + zl.length + " bytes, shorter than a header");
        }
        long total = littleEndian(0, 4);
        if (total != zl.length) {
            throw new CorruptBlobException(NAME, 0, "header says " + total + " bytes, the string has " + zl.length);
        }
        declaredTail = littleEndian(4, 4);
        declaredCount = (int) littleEndian(8, 2);
        end = zl.length - 1;
        if ((zl[end] & 0xff) != END) {
            throw new CorruptBlobException(NAME, end, "no end marker at the end");
        }
    }

    boolean hasNext() throws CorruptBlobException {
        if (position == end) {
            long expectedTail = previousStart < 0 ? HEADER_SIZE : previousStart;
            if (declaredTail != expectedTail) {
                throw new CorruptBlobException(
                        NAME, 4, "tail offset " + declaredTail + ", the last entry is at " + expectedTail);
            }
            if (declaredCount != 65535 && declaredCount != seen) {
                throw new CorruptBlobException(NAME, 8, "header says " + declaredCount + " entries, found " + seen);
            }
            return false;
        }
        return true;
    }

    byte[] next() throws CorruptBlobException {
        int start = position;
        int prevlen = zl[position] & 0xff;
        if (prevlen == 0xFE) {
            need(position, 5);
            long big = littleEndian(position + 1, 4);
            prevlen = big > Integer.MAX_VALUE ? -1 : (int) big;
            position += 5;
        } else if (prevlen == END) {
            throw new CorruptBlobException(NAME, start, "end marker before the end");
        } else {
            position += 1;
        }
        if (prevlen != previousLength) {
            throw new CorruptBlobException(
                    NAME, start, "previous entry length " + prevlen + ", it was " + previousLength);
        }
        need(position, 1);
        int encoding = zl[position] & 0xff;
        byte[] value;
        switch (encoding >>> 6) {
            case 0 -> value = string(1, encoding & 0x3f);
            case 1 -> {
                need(position, 2);
                value = string(2, ((encoding & 0x3f) << 8) | (zl[position + 1] & 0xff));
            }
            case 2 -> {
                if (encoding != 0x80) {
                    throw new CorruptBlobException(
                            NAME, position, "unknown string encoding 0x" + Integer.toHexString(encoding));
                }
                need(position, 5);
                long length = (zl[position + 1] & 0xffL) << 24
                        | (zl[position + 2] & 0xff) << 16
                        | (zl[position + 3] & 0xff) << 8
                        | (zl[position + 4] & 0xff);
                if (length > Integer.MAX_VALUE) {
                    throw new CorruptBlobException(NAME, position, "string of " + length + " bytes");
                }
                value = string(5, (int) length);
            }
            default -> value = integer(encoding);
        }
        previousLength = position - start;
        previousStart = start;
        seen++;
        return value;
    }

    private byte[] string(int header, int length) throws CorruptBlobException {
        need(position, (long) header + length);
        byte[] s = new byte[length];
        System.arraycopy(zl, position + header, s, 0, length);
        position += header + length;
        return s;
    }

    private byte[] integer(int encoding) throws CorruptBlobException {
        int bytes;
        switch (encoding) {
            case 0xC0 -> bytes = 2;
            case 0xD0 -> bytes = 4;
            case 0xE0 -> bytes = 8;
            case 0xF0 -> bytes = 3;
            case 0xFE -> bytes = 1;
            default -> {
                if (encoding >= 0xF1 && encoding <= 0xFD) {
                    position += 1;
                    return Numbers.toBytes((encoding & 0x0f) - 1);
                }
                throw new CorruptBlobException(NAME, position, "unknown encoding 0x" + Integer.toHexString(encoding));
            }
        }
        need(position, 1 + bytes);
        long v = littleEndian(position + 1, bytes);
        int shift = 64 - 8 * bytes;
        position += 1 + bytes;
        return Numbers.toBytes((v << shift) >> shift);
    }

    private void need(int from, long bytes) throws CorruptBlobException {
        if (from + bytes > end) {
            throw new CorruptBlobException(NAME, from, "entry runs past the end");
        }
    }

    private long littleEndian(int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (zl[at + i] & 0xff);
        }
        return v;
    }
}
