package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamIdTest {

    @Test
    void bytesAreTheUnsignedDecimalForm() {
        long[] edges = {0, 1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, -1, -10, -11, 1_700_000_000_000L};
        for (long ms : edges) {
            for (long seq : edges) {
                assertForm(new StreamId(ms, seq));
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long ms = random.nextLong() >>> random.nextInt(64);
            long seq = random.nextBoolean() ? random.nextLong() : random.nextInt(1000);
            assertForm(new StreamId(ms, seq));
        }
    }

    private static void assertForm(StreamId id) {
        String expected = Long.toUnsignedString(id.ms()) + "-" + Long.toUnsignedString(id.seq());
        assertThat(new String(id.toBytes(), StandardCharsets.US_ASCII)).isEqualTo(expected);
    }
}
