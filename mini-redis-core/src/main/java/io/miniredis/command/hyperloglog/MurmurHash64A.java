package io.miniredis.command.hyperloglog;

/**
 * Austin Appleby's MurmurHash64A (public domain), 64-bit blocks read little-endian, as Redis hashes HyperLogLog
 * elements: the same element must land in the same register with the same run of zeros as in Redis.
 */
final class MurmurHash64A {

    /** The seed Redis's HyperLogLog uses. */
    static final long REDIS_SEED = 0xadc83b19L;

    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;

    private MurmurHash64A() {}

    static long hash(byte[] data, long seed) {
        int length = data.length;
        long h = seed ^ (length * M);
        int blocks = length & ~7;
        for (int i = 0; i < blocks; i += 8) {
            long k = (data[i] & 0xFFL)
                    | (data[i + 1] & 0xFFL) << 8
                    | (data[i + 2] & 0xFFL) << 16
                    | (data[i + 3] & 0xFFL) << 24
                    | (data[i + 4] & 0xFFL) << 32
                    | (data[i + 5] & 0xFFL) << 40
                    | (data[i + 6] & 0xFFL) << 48
                    | (data[i + 7] & 0xFFL) << 56;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int tail = length & 7;
        if (tail > 0) {
            for (int i = tail - 1; i >= 0; i--) {
                h ^= (data[blocks + i] & 0xFFL) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }
}
