package io.miniredis.stats;

/** INFO commandstats for one command: calls, time spent, calls rejected before running, calls that failed. */
public final class CommandStats {

    private volatile long calls;
    private volatile long micros;
    private volatile long rejectedCalls;
    private volatile long failedCalls;

    public void called(long elapsedNanos, boolean failed) {
        calls++;
        micros += elapsedNanos / 1000;
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

    public boolean used() {
        return calls > 0 || rejectedCalls > 0 || failedCalls > 0;
    }

    public void reset() {
        calls = 0;
        micros = 0;
        rejectedCalls = 0;
        failedCalls = 0;
    }
}
