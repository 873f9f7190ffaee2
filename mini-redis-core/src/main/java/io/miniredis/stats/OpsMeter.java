package io.miniredis.stats;

/**
 * instantaneous_ops_per_sec and the instantaneous network rates: like Redis, a sample of the counters every cron
 * tick, averaged over the last 16 samples.
 */
public final class OpsMeter {

    private static final int SAMPLES = 16;

    private final long[][] samples = new long[3][SAMPLES];
    private final long[] lastValue = new long[3];
    private long lastTimeMillis;
    private int index;

    /** Called from the server cron with the current totals of commands, input bytes and output bytes. */
    public void sample(long nowMillis, long commands, long bytesIn, long bytesOut) {
        long elapsed = nowMillis - lastTimeMillis;
        if (lastTimeMillis != 0 && elapsed > 0) {
            long[] values = {commands, bytesIn, bytesOut};
            for (int metric = 0; metric < 3; metric++) {
                long delta = Math.max(0, values[metric] - lastValue[metric]);
                samples[metric][index] = delta * 1000 / elapsed;
                lastValue[metric] = values[metric];
            }
            index = (index + 1) % SAMPLES;
        } else {
            lastValue[0] = commands;
            lastValue[1] = bytesIn;
            lastValue[2] = bytesOut;
        }
        lastTimeMillis = nowMillis;
    }

    public long opsPerSecond() {
        return average(0);
    }

    public double inputKbps() {
        return average(1) / 1024.0;
    }

    public double outputKbps() {
        return average(2) / 1024.0;
    }

    private long average(int metric) {
        long sum = 0;
        for (long v : samples[metric]) {
            sum += v;
        }
        return sum / SAMPLES;
    }
}
