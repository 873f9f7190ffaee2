package io.miniredis.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hash of a binary key. Seeded at start-up, like Redis's siphash seed, so that a client cannot choose keys
 * that all land in one bucket of the keyspace.
 */
public final class KeyHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = ThreadLocalRandom.current().nextLong() | 1;
    private static final long M = 0x9E3779B97F4A7C15L;

    private KeyHash() {}

    public static int hash(byte[] key) {
        return hash(key, key.length);
    }

    /** The hash of {@code key[0, length)}: a key stored with other bytes after it ({@link KeyEntry}). */
    static int hash(byte[] key, int length) {
        long h = SEED ^ (length * M);
        int i = 0;
        int end = length - 7;
        for (; i < end; i += 8) {
            long k = (long) LONGS.get(key, i);
            h = Long.rotateLeft(h ^ mix(k), 27) * M + 0x52dce729;
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8) {
            tail |= (key[i] & 0xffL) << shift;
        }
        h ^= mix(tail);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    private static long mix(long k) {
        k *= 0x87c37b91114253d5L;
        k = Long.rotateLeft(k, 31);
        return k * 0x4cf5ad432745937fL;
    }
}
