package io.miniredis.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void reportsTheHighestValueOfABucketLikeHdr() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(25_000); // Redis shows a single 25 us call as p50=25.087
        assertThat(histogram.valueAtPercentile(50)).isEqualTo(25_087);
        assertThat(histogram.valueAtPercentile(99.9)).isEqualTo(25_087);
    }

    @Test
    void isExactBelow256NanosAndWithinOnePercentAbove() {
        for (long v : new long[] {1, 7, 255, 256, 257, 1000, 123_456, 999_999_999}) {
            long bucketTop = LatencyHistogram.highestInBucket(LatencyHistogram.index(v));
            assertThat(bucketTop).isGreaterThanOrEqualTo(v);
            assertThat(bucketTop - v).isLessThanOrEqualTo(Math.max(0, v / 100));
        }
    }

    @Test
    void percentilesSplitTheCalls() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            histogram.record(100);
        }
        histogram.record(2_000_000_000L); // clamped to one second
        assertThat(histogram.total()).isEqualTo(100);
        assertThat(histogram.valueAtPercentile(50)).isEqualTo(100);
        assertThat(histogram.valueAtPercentile(99)).isEqualTo(100);
        assertThat(histogram.valueAtPercentile(99.9)).isBetween(1_000_000_000L, 1_010_000_000L);
        assertThat(new LatencyHistogram().valueAtPercentile(50)).isZero();
    }
}
