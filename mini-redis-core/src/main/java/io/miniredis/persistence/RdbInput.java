package io.miniredis.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The primitives of the RDB encoding, read from a stream through a buffer of our own, keeping the offset (for
 * error messages) and the running CRC-64 of what was consumed.
 *
 * <p>Nothing here trusts a length it reads: a string longer than what is left of the input (when the input's size
 * is known) fails at once; when it is not known (a socket), the string's array grows as its bytes actually arrive,
 * so a crafted length of 4 GB costs at most twice the bytes really sent before the input ends. An LZF string may
 * not claim to expand more than LZF can ({@link Lzf#maxExpansion}), and no string may pass the largest Java array.
 */
public final class RdbInput {

    private static final int BUFFER_SIZE = 64 * 1024;
    /** A string's array grows in steps of at most this much while its bytes are read from a stream of unknown size. */
    private static final int GROWTH_STEP = 1 << 20;
    /** The longest string a Java array can hold. */
    static final int MAX_STRING = Integer.MAX_VALUE - 16;

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    /** Offset of buffer[0] in the input. */
    private long bufferStart;
    /** The CRC of the input up to buffer[crcFrom]. */
    private long crc;

    private int crcFrom;
    /** The input's total size when known, else -1. */
    private final long size;

    private boolean eof;

    /** A stream of {@code size} bytes, or of unknown size when {@code size} is -1. */
    public RdbInput(InputStream in, long size) {
        this.in = in;
        this.buffer = new byte[BUFFER_SIZE];
        this.size = size;
    }

    /** The bytes of {@code data}, read in place. */
    public RdbInput(byte[] data) {
        this.in = InputStream.nullInputStream();
        this.buffer = data;
        this.limit = data.length;
        this.size = data.length;
        this.eof = true;
    }

    /** Offset of the next byte to read. */
    public long offset() {
        return bufferStart + position;
    }

    /** Bytes left in the input, or {@link Long#MAX_VALUE} when its size is not known. */
    public long remaining() {
        return size < 0 ? Long.MAX_VALUE : size - offset();
    }

    /** The CRC-64 of everything consumed so far. */
    public long crc() {
        crc = Crc64.update(crc, buffer, crcFrom, position - crcFrom);
        crcFrom = position;
        return crc;
    }

    public RdbFormatException corrupt(String problem) {
        return new RdbFormatException(offset(), problem);
    }

    public RdbFormatException corrupt(long at, String problem) {
        return new RdbFormatException(at, problem);
    }

    /** Fills the buffer; false at the end of the input. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        crc();
        bufferStart += position;
        int kept = limit - position;
        System.arraycopy(buffer, position, buffer, 0, kept);
        position = 0;
        crcFrom = 0;
        limit = kept;
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    private RdbFormatException truncated(String what) {
        return corrupt("the input ends in the middle of " + what);
    }

    public int readByte(String what) throws IOException {
        while (position == limit) {
            if (!fill()) {
                throw truncated(what);
            }
        }
        return buffer[position++] & 0xff;
    }

    /** {@code -1} at the very end of the input instead of an error. */
    public int readByteOrEnd() throws IOException {
        while (position == limit) {
            if (!fill()) {
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    public void readFully(byte[] into, int offset, int length, String what) throws IOException {
        while (length > 0) {
            if (position == limit && !fill()) {
                throw truncated(what);
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    public long readLittleEndian(int bytes, String what) throws IOException {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) readByte(what) << (8 * i);
        }
        return v;
    }

    /** The header's nine bytes, {@code REDIS} and four digits. */
    public byte[] readHeader() throws IOException {
        byte[] header = new byte[9];
        readFully(header, 0, 9, "the header");
        return header;
    }

    /**
     * A length. Returns it, or, for a string's special encodings (top bits 11), {@code -1 - encoding} (so -1 INT8,
     * -2 INT16, -3 INT32, -4 LZF) when {@code encodingAllowed}.
     */
    public long readLengthOrEncoding(String what, boolean encodingAllowed) throws IOException {
        return readLengthOrEncoding(what, encodingAllowed, false);
    }

    /**
     * A length read as an unsigned 64-bit number (stream IDs and counters: Redis writes a -1 entries-read counter as
     * 2^64-1), returned in a {@code long} with the same bits.
     */
    public long readUnsignedLength(String what) throws IOException {
        return readLengthOrEncoding(what, false, true);
    }

    private long readLengthOrEncoding(String what, boolean encodingAllowed, boolean unsigned) throws IOException {
        long at = offset();
        int first = readByte(what);
        int kind = first >>> 6;
        switch (kind) {
            case RdbFormat.LENGTH_6BIT:
                return first & 0x3f;
            case RdbFormat.LENGTH_14BIT:
                return ((first & 0x3f) << 8) | readByte(what);
            case RdbFormat.ENCODED:
                if (!encodingAllowed) {
                    throw corrupt(
                            at,
                            "a string encoding (0x" + Integer.toHexString(first) + ") where the length of " + what
                                    + " belongs");
                }
                return -1 - (first & 0x3f);
            default:
                if (first == RdbFormat.LENGTH_32BIT) {
                    long v = 0;
                    for (int i = 0; i < 4; i++) {
                        v = (v << 8) | readByte(what);
                    }
                    return v;
                }
                if (first == RdbFormat.LENGTH_64BIT) {
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v = (v << 8) | readByte(what);
                    }
                    if (v < 0 && !unsigned) {
                        throw corrupt(at, "length of " + what + " beyond 2^63");
                    }
                    return v;
                }
                throw corrupt(at, "unknown length encoding 0x" + Integer.toHexString(first) + " for " + what);
        }
    }

    public long readLength(String what) throws IOException {
        return readLengthOrEncoding(what, false);
    }

    /**
     * A count of elements that each take at least {@code minBytesEach} bytes: one that the rest of the input could
     * not hold fails here, before anything is built for it.
     */
    public long readCount(String what, int minBytesEach) throws IOException {
        long at = offset();
        long count = readLength(what);
        if (count > remaining() / minBytesEach) {
            throw corrupt(
                    at, what + " of " + count + " elements, more than the " + remaining() + " bytes left could hold");
        }
        return count;
    }

    /** A string in any of its encodings: raw, integer, LZF. */
    public byte[] readString(String what) throws IOException {
        long at = offset();
        long length = readLengthOrEncoding(what, true);
        if (length >= 0) {
            return readRaw(at, length, what);
        }
        return switch ((int) (-1 - length)) {
            case RdbFormat.ENCODING_INT8 -> io.miniredis.protocol.Numbers.toBytes((byte) readByte(what));
            case RdbFormat.ENCODING_INT16 -> io.miniredis.protocol.Numbers.toBytes((short) readLittleEndian(2, what));
            case RdbFormat.ENCODING_INT32 -> io.miniredis.protocol.Numbers.toBytes((int) readLittleEndian(4, what));
            case RdbFormat.ENCODING_LZF -> readCompressed(at, what);
            default -> throw corrupt(at, "unknown string encoding " + (-1 - length) + " for " + what);
        };
    }

    private byte[] readRaw(long at, long length, String what) throws IOException {
        if (length > remaining()) {
            throw corrupt(at, what + " of " + length + " bytes, only " + remaining() + " left in the input");
        }
        if (length > MAX_STRING) {
            throw corrupt(at, what + " of " + length + " bytes, larger than mini-redis can hold in one string");
        }
        int n = (int) length;
        if (size >= 0 || n <= GROWTH_STEP) {
            byte[] s = new byte[n];
            readFully(s, 0, n, what);
            return s;
        }
        // Size unknown: grow with the bytes that really come.
        byte[] s = new byte[GROWTH_STEP];
        int filled = 0;
        while (filled < n) {
            if (filled == s.length) {
                s = Arrays.copyOf(s, (int) Math.min(n, (long) s.length * 2));
            }
            int chunk = Math.min(s.length - filled, n - filled);
            readFully(s, filled, chunk, what);
            filled += chunk;
        }
        return s;
    }

    private byte[] readCompressed(long at, String what) throws IOException {
        long compressedLength = readLength("the compressed length of " + what);
        long length = readLength("the length of " + what);
        if (compressedLength == 0 && length > 0) {
            throw corrupt(at, "compressed " + what + " without data");
        }
        if (length > Lzf.maxExpansion(compressedLength)) {
            throw corrupt(
                    at,
                    "compressed " + what + " of " + compressedLength + " bytes claims " + length
                            + " bytes, more than LZF can expand to");
        }
        if (length > MAX_STRING) {
            throw corrupt(at, what + " of " + length + " bytes, larger than mini-redis can hold in one string");
        }
        byte[] compressed = readRaw(at, compressedLength, "compressed " + what);
        byte[] s = new byte[(int) length];
        int produced;
        try {
            produced = Lzf.decompress(compressed, 0, compressed.length, s);
        } catch (IllegalArgumentException e) {
            throw corrupt(at, "invalid LZF data in " + what + ": " + e.getMessage());
        }
        if (produced != length) {
            throw corrupt(at, "LZF data of " + what + " expands to " + produced + " bytes, not the declared " + length);
        }
        return s;
    }

    /** A double in the old text form: a length byte (253 NaN, 254 +inf, 255 -inf), then that many ASCII bytes. */
    public double readTextDouble(String what) throws IOException {
        long at = offset();
        int length = readByte(what);
        switch (length) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] text = new byte[length];
                readFully(text, 0, length, what);
                try {
                    return io.miniredis.protocol.Numbers.parseStrtod(text, 0, length);
                } catch (io.miniredis.protocol.Numbers.NotANumber e) {
                    throw corrupt(at, what + " is not a number");
                }
        }
    }

    public double readBinaryDouble(String what) throws IOException {
        return Double.longBitsToDouble(readLittleEndian(8, what));
    }
}
