package io.miniredis.stats;

/**
 * Command latencies for INFO latencystats, with the resolution Redis's HDR histogram has (two significant digits):
 * exact below 256 ns, then 128 buckets per power of two. A percentile reports the highest value of its bucket, as
 * HDR does, so a single 25 µs call reads back as 25.087 µs in both servers.
 *
 * <p>Written by the keyspace thread only. About 24 KB, allocated for a command on its first call.
 */
public final class LatencyHistogram {

    /** Redis clamps recorded latencies to 1 ns .. 1 s. */
    static final long MIN_NANOS = 1;

    static final long MAX_NANOS = 1_000_000_000L;
    private static final int SUB_BUCKETS = 128;
    private static final int EXACT = 2 * SUB_BUCKETS;
    private static final int MAX_SHIFT = 63 - Long.numberOfLeadingZeros(MAX_NANOS) - 7;

    private final long[] counts = new long[EXACT + MAX_SHIFT * SUB_BUCKETS];
    private long total;

    public void record(long nanos) {
        long value = Math.max(MIN_NANOS, Math.min(MAX_NANOS, nanos));
        counts[index(value)]++;
        total++;
    }

    public long total() {
        return total;
    }

    /** The latency under which {@code percentile}% of the calls fall, in nanoseconds; 0 with no calls. */
    public long valueAtPercentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        long wanted = Math.max(1, (long) (percentile / 100.0 * total + 0.5));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= wanted) {
                return highestInBucket(i);
            }
        }
        return highestInBucket(counts.length - 1);
    }

    static int index(long value) {
        if (value < EXACT) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - 7;
        int sub = (int) (value >>> shift); // 128..255
        return EXACT + (shift - 1) * SUB_BUCKETS + (sub - SUB_BUCKETS);
    }

    static long highestInBucket(int index) {
        if (index < EXACT) {
            return index;
        }
        int shift = (index - EXACT) / SUB_BUCKETS + 1;
        long sub = (index - EXACT) % SUB_BUCKETS + SUB_BUCKETS;
        return ((sub + 1) << shift) - 1;
    }
}
