package io.miniredis.store;

import java.lang.management.ManagementFactory;

/**
 * What our own structures take on the JVM heap, computed from their shapes rather than asked of the JVM, so that
 * {@code used_memory} and every eviction decision are deterministic and cost a few additions.
 *
 * <p>The layout is HotSpot's on a 64-bit JVM: objects and arrays start at multiples of 8 bytes; an object header is
 * 12 bytes (compressed class pointers), an array header 16; a reference is 4 bytes with compressed oops (heaps under
 * 32 GB, the common case) and 8 without, which is detected once at start. Every figure returned is a multiple of 8.
 *
 * <p>This counts what the keyspace references: a value's bytes, its arrays and nodes, the key, the key's entry. It
 * does not count garbage, the JVM's own headroom, or memory outside the heap (Netty's pooled buffers): see
 * {@link MemoryAccounting} for the fixed parts and the measured error.
 */
public final class MemoryEstimates {

    public static final int OBJECT_HEADER = 12;
    public static final int ARRAY_HEADER = 16;
    /** Bytes per reference field or array slot. */
    public static final int REF = compressedOops() ? 4 : 8;
    /** One {@link KeyEntry}: three references, the key's length, the access clock, the accounted size, the save mark. */
    public static final int KEY_ENTRY = object(3, 4 + 4 + 4 + 4);
    /** The {@link KeyEntry.Expiry} of a key with a TTL: the value's reference, the time and the index slot. */
    static final int EXPIRY = object(1, 8 + 4);
    /** An {@link AppendableString} without its buffer. */
    static final int APPENDABLE_STRING = object(1, 4);

    private MemoryEstimates() {}

    static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** An object with {@code refs} reference fields and {@code primitiveBytes} of primitive fields. */
    public static int object(int refs, int primitiveBytes) {
        return (int) align(OBJECT_HEADER + (long) refs * REF + primitiveBytes);
    }

    public static long bytes(int length) {
        return align(ARRAY_HEADER + (long) length);
    }

    /** A {@code byte[]}, 0 for null (a missing value, or a set member without one). */
    public static long bytes(byte[] array) {
        return array == null ? 0 : align(ARRAY_HEADER + (long) array.length);
    }

    public static long refArray(int length) {
        return align(ARRAY_HEADER + (long) length * REF);
    }

    public static long intArray(int length) {
        return align(ARRAY_HEADER + 4L * length);
    }

    public static long longArray(int length) {
        return align(ARRAY_HEADER + 8L * length);
    }

    /** A string or collection value, in O(1): collections keep a running total of their elements. */
    public static long value(Object value) {
        if (value instanceof byte[] bytes) {
            return SharedIntegers.isShared(bytes) ? 0 : bytes(bytes);
        }
        if (value instanceof AppendableString s) {
            return APPENDABLE_STRING + bytes(s.buffer().length);
        }
        if (value instanceof RedisValue v) {
            return v.estimatedBytes();
        }
        return 0;
    }

    /**
     * A key with its value, its entry in the key table and its expiry if it has one (the table's buckets and the
     * expiry index's slots are counted per database).
     */
    public static long entry(KeyEntry entry) {
        // an inline string is in the key's array, and its stored value counts nothing
        return KEY_ENTRY + bytes(entry.key) + value(entry.stored()) + (entry.hasExpiry() ? EXPIRY : 0);
    }

    private static boolean compressedOops() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean == null
                    || !"false".equals(bean.getVMOption("UseCompressedOops").getValue());
        } catch (RuntimeException | LinkageError notHotSpot) {
            return true;
        }
    }
}
