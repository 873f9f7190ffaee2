package io.miniredis.persistence;

/**
 * The CRC-64 that protects RDB files and DUMP payloads: the "Jones" polynomial {@code 0xad93d23594c935a9},
 * reflected input and output, initial value 0, no final xor (check value of "123456789": {@code 0xe9c6d914c4b8d9ca}).
 *
 * <p>Written here because neither the JDK ({@code java.util.zip} has CRC-32 and CRC-32C only) nor a common library
 * offers this polynomial; the parameters are the ones Redis documents for its files. Computed eight bytes at a time
 * ("slicing by 8": eight tables, one per byte position), which reads about 1-2 GB/s, so checksumming costs little
 * next to the encoding.
 */
public final class Crc64 {

    /** The polynomial bit-reversed, as a reflected CRC shifts right. */
    private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;

    private static final long[][] TABLES = tables();

    private Crc64() {}

    private static long[][] tables() {
        long[][] t = new long[8][256];
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            t[0][i] = crc;
        }
        for (int i = 0; i < 256; i++) {
            long crc = t[0][i];
            for (int k = 1; k < 8; k++) {
                crc = t[0][(int) crc & 0xff] ^ (crc >>> 8);
                t[k][i] = crc;
            }
        }
        return t;
    }

    /** The CRC of {@code crc}'s input followed by {@code bytes[offset, offset + length)}. Start with 0. */
    public static long update(long crc, byte[] bytes, int offset, int length) {
        long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        int i = offset;
        int end = offset + length;
        while (end - i >= 8) {
            long word = (bytes[i] & 0xffL)
                    | (bytes[i + 1] & 0xffL) << 8
                    | (bytes[i + 2] & 0xffL) << 16
                    | (bytes[i + 3] & 0xffL) << 24
                    | (bytes[i + 4] & 0xffL) << 32
                    | (bytes[i + 5] & 0xffL) << 40
                    | (bytes[i + 6] & 0xffL) << 48
                    | (bytes[i + 7] & 0xffL) << 56;
            crc ^= word;
            crc = t7[(int) crc & 0xff]
                    ^ t6[(int) (crc >>> 8) & 0xff]
                    ^ t5[(int) (crc >>> 16) & 0xff]
                    ^ t4[(int) (crc >>> 24) & 0xff]
                    ^ t3[(int) (crc >>> 32) & 0xff]
                    ^ t2[(int) (crc >>> 40) & 0xff]
                    ^ t1[(int) (crc >>> 48) & 0xff]
                    ^ t0[(int) (crc >>> 56)];
            i += 8;
        }
        for (; i < end; i++) {
            crc = t0[(int) (crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
        }
        return crc;
    }

    public static long of(byte[] bytes) {
        return update(0, bytes, 0, bytes.length);
    }
}
