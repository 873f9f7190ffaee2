package io.miniredis.testing;

/**
 * The cluster slot of a key, as the Redis Cluster specification defines it: CRC16 (XMODEM: polynomial 0x1021, initial
 * value 0) of the key, or of its hash tag (what is between the first '{' and the next '}', when not empty), modulo
 * 16384. For {@code MOVED} faults.
 */
final class KeySlot {

    static final int SLOTS = 16384;

    private KeySlot() {}

    static int of(byte[] key) {
        int start = 0;
        int end = key.length;
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        return crc16(key, start, end) & (SLOTS - 1);
    }

    static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xffff;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
