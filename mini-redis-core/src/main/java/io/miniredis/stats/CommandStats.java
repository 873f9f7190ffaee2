package io.miniredis.stats;

/**
 * INFO commandstats for one command: calls, time spent, calls rejected before running, calls that failed. Written
 * by the keyspace thread only, so plain fields: a volatile write per counter per command would cost more than the
 * command itself; another thread (metrics) may read a slightly old value, which is fine for monitoring.
 */
public final class CommandStats {

    private long calls;
    private long micros;
    private long rejectedCalls;
    private long failedCalls;
    private volatile LatencyHistogram latency;

    public void called(long elapsedNanos, boolean failed) {
        calls++;
        micros += elapsedNanos / 1000;
        LatencyHistogram histogram = latency;
        if (histogram == null) {
            histogram = new LatencyHistogram();
            latency = histogram;
        }
        histogram.record(elapsedNanos);
        if (failed) {
            failedCalls++;
        }
    }

    public void rejected() {
        rejectedCalls++;
    }

    public long calls() {
        return calls;
    }

    public long micros() {
        return micros;
    }

    public long rejectedCalls() {
        return rejectedCalls;
    }

    public long failedCalls() {
        return failedCalls;
    }

    /** The latency distribution (INFO latencystats), or null before the first call. */
    public LatencyHistogram latency() {
        return latency;
    }

    public boolean used() {
        return calls > 0 || rejectedCalls > 0 || failedCalls > 0;
    }

    public void reset() {
        calls = 0;
        micros = 0;
        rejectedCalls = 0;
        failedCalls = 0;
        latency = null;
    }
}
