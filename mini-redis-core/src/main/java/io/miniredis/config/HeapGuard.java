package io.miniredis.config;

/**
 * Refuses a {@code maxmemory} the JVM heap cannot hold, at start and on CONFIG SET, so that an embedded server
 * fails with a clear reason instead of taking its host down with an OutOfMemoryError later.
 *
 * <p>The limit is {@value #MAX_PERCENT_OF_HEAP}% of the heap's maximum ({@code -Xmx}). Why that figure: the memory
 * accounting that maxmemory is compared with tracks the retained heap of the data within a few percent (measured
 * 0.2% to 4% under, string keys being the worst case), and the server's fixed part is a few megabytes; the rest is
 * the garbage collector's working room (G1 needs free regions to evacuate into, and a heap kept nearly full of live
 * data spends its time collecting) and, embedded, the host application's own objects. Size {@code -Xmx} at
 * {@code maxmemory / 0.75} or more, plus what the application itself needs.
 */
public final class HeapGuard {

    public static final int MAX_PERCENT_OF_HEAP = 75;

    /** maxmemory's type: a memory value (Redis's units), no more than the heap allows. */
    public static final ConfigType MAXMEMORY = value -> {
        String canonical = ConfigTypes.UNSIGNED_MEMORY.normalize(value);
        check(Long.parseUnsignedLong(canonical), Runtime.getRuntime().maxMemory());
        return canonical;
    };

    private HeapGuard() {}

    /** The largest maxmemory a heap of {@code maxHeap} bytes may be given; unlimited when the JVM has no bound. */
    public static long maxAllowed(long maxHeap) {
        if (maxHeap == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return maxHeap / 100 * MAX_PERCENT_OF_HEAP + maxHeap % 100 * MAX_PERCENT_OF_HEAP / 100;
    }

    /** @throws ConfigException when {@code maxmemory} (unsigned; 0 = no limit) is above what the heap can hold */
    static void check(long maxmemory, long maxHeap) {
        long allowed = maxAllowed(maxHeap);
        if (maxmemory == 0 || Long.compareUnsigned(maxmemory, allowed) <= 0) {
            return;
        }
        long heapNeeded = maxmemory < 0 || maxmemory > Long.MAX_VALUE / 100
                ? Long.MAX_VALUE
                : (maxmemory * 100 + MAX_PERCENT_OF_HEAP - 1) / MAX_PERCENT_OF_HEAP;
        throw new ConfigException("maxmemory " + Long.toUnsignedString(maxmemory) + " is more than the JVM heap can "
                + "hold: at most " + MAX_PERCENT_OF_HEAP + "% of the maximum heap (" + maxHeap + " bytes), that is "
                + allowed + " bytes. Lower maxmemory, or raise -Xmx to at least "
                + (heapNeeded == Long.MAX_VALUE ? "an impossible size" : heapNeeded + " bytes"));
    }
}
