package io.miniredis.persistence;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The primitives of the RDB encoding, written to a stream through a buffer of our own, with the running CRC-64 of
 * everything written: lengths, strings (as Redis stores them: small integers as integers, long compressible
 * strings LZF-compressed when {@code rdbcompression} is on), doubles, expiry times.
 */
public final class RdbOutput {

    private static final int BUFFER_SIZE = 64 * 1024;
    /** Redis tries the integer encodings only on strings this short ("-2147483648" is 11 characters). */
    private static final int MAX_INT_ENCODED_LENGTH = 11;
    /** Redis compresses only strings longer than this. */
    private static final int MIN_COMPRESSED_LENGTH = 21;

    private final OutputStream out;
    private final boolean compression;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private long flushed;
    private long crc;
    private final Lzf lzf = new Lzf();
    private byte[] scratch = new byte[256];

    /** {@code compression}: LZF-compress strings where that saves space (Redis's {@code rdbcompression}). */
    public RdbOutput(OutputStream out, boolean compression) {
        this.out = out;
        this.compression = compression;
    }

    /** Bytes written so far. */
    public long written() {
        return flushed + position;
    }

    /** The CRC-64 of everything written so far. */
    public long crc() {
        return Crc64.update(crc, buffer, 0, position);
    }

    public void writeByte(int b) throws IOException {
        if (position == BUFFER_SIZE) {
            drain();
        }
        buffer[position++] = (byte) b;
    }

    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > BUFFER_SIZE - position) {
            drain();
            if (length >= BUFFER_SIZE) {
                crc = Crc64.update(crc, bytes, offset, length);
                out.write(bytes, offset, length);
                flushed += length;
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    /** Passes everything buffered on to the stream (and flushes it). */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (position > 0) {
            crc = Crc64.update(crc, buffer, 0, position);
            out.write(buffer, 0, position);
            flushed += position;
            position = 0;
        }
    }

    /** A little-endian integer of {@code bytes} bytes. */
    public void writeLittleEndian(long value, int bytes) throws IOException {
        for (int i = 0; i < bytes; i++) {
            writeByte((int) (value >>> (8 * i)));
        }
    }

    /**
     * A length: 6 bits in one byte, 14 bits in two, then 32 or 64 bits big-endian after a marker byte. A negative
     * {@code length} is an unsigned 64-bit one (stream IDs and counters).
     */
    public void writeLength(long length) throws IOException {
        if (length >= 0 && length < 1 << 6) {
            writeByte((int) length);
        } else if (length >= 0 && length < 1 << 14) {
            writeByte((RdbFormat.LENGTH_14BIT << 6) | (int) (length >>> 8));
            writeByte((int) length);
        } else if (length >= 0 && length <= 0xffffffffL) {
            writeByte(RdbFormat.LENGTH_32BIT);
            for (int shift = 24; shift >= 0; shift -= 8) {
                writeByte((int) (length >>> shift));
            }
        } else {
            writeByte(RdbFormat.LENGTH_64BIT);
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (length >>> shift));
            }
        }
    }

    public void writeString(byte[] s) throws IOException {
        writeString(s, 0, s.length);
    }

    /**
     * A string as Redis encodes it: a decimal integer that fits 32 bits as an integer (1, 2 or 4 bytes), else,
     * with compression on and more than 20 bytes, LZF-compressed when that makes it at least 4 bytes shorter,
     * else the length and the bytes.
     */
    public void writeString(byte[] s, int offset, int length) throws IOException {
        if (length <= MAX_INT_ENCODED_LENGTH && writeAsInteger(s, offset, length)) {
            return;
        }
        if (compression && length >= MIN_COMPRESSED_LENGTH && writeCompressed(s, offset, length)) {
            return;
        }
        writeLength(length);
        write(s, offset, length);
    }

    private boolean writeAsInteger(byte[] s, int offset, int length) throws IOException {
        long value = canonicalInteger(s, offset, length);
        return value != NOT_AN_INTEGER && writeIntegerEncoding(value);
    }

    private boolean writeIntegerEncoding(long value) throws IOException {
        int marker = RdbFormat.ENCODED << 6;
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            writeByte(marker | RdbFormat.ENCODING_INT8);
            writeByte((int) value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            writeByte(marker | RdbFormat.ENCODING_INT16);
            writeLittleEndian(value, 2);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            writeByte(marker | RdbFormat.ENCODING_INT32);
            writeLittleEndian(value, 4);
        } else {
            return false;
        }
        return true;
    }

    private static final long NOT_AN_INTEGER = Long.MIN_VALUE;

    /**
     * The value of a string that is exactly the decimal text of an integer within 32 bits (what Redis stores as an
     * integer: no sign but '-', no leading zero, not "-0"), or {@link #NOT_AN_INTEGER}.
     */
    static long canonicalInteger(byte[] s, int offset, int length) {
        if (length == 0 || length > MAX_INT_ENCODED_LENGTH) {
            return NOT_AN_INTEGER;
        }
        int i = offset;
        int end = offset + length;
        boolean negative = s[i] == '-';
        if (negative) {
            i++;
        }
        if (i == end || (s[i] == '0' && (end - i > 1 || negative))) {
            return NOT_AN_INTEGER;
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = s[i] - '0';
            if (digit < 0 || digit > 9) {
                return NOT_AN_INTEGER;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private boolean writeCompressed(byte[] s, int offset, int length) throws IOException {
        int limit = length - 4; // Redis wants at least four bytes saved, by its compressor's own bound checks
        if (scratch.length < limit) {
            scratch = new byte[Math.max(limit, Math.min(scratch.length * 2, Integer.MAX_VALUE - 8))];
        }
        int compressed = lzf.compress(s, offset, length, scratch, limit);
        if (compressed == 0) {
            return false;
        }
        writeCompressedBlob(scratch, compressed, length);
        return true;
    }

    /** An LZF-compressed string already compressed: the marker, both lengths, the data. */
    public void writeCompressedBlob(byte[] compressed, int compressedLength, long originalLength) throws IOException {
        writeByte((RdbFormat.ENCODED << 6) | RdbFormat.ENCODING_LZF);
        writeLength(compressedLength);
        writeLength(originalLength);
        write(compressed, 0, compressedLength);
    }

    /** The compressor, for callers that compress blobs themselves (list nodes under list-compress-depth). */
    Lzf lzf() {
        return lzf;
    }

    /** A double as 8 bytes, little-endian IEEE 754 (sorted set scores in ZSET_2). */
    public void writeBinaryDouble(double value) throws IOException {
        writeLittleEndian(Double.doubleToRawLongBits(value), 8);
    }
}
