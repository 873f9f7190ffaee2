package io.miniredis.command.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeoHashTest {

    @Test
    void asinIsStrictMathsToTheBit() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 2_000_000; i++) {
            // uniform over [0, 0.5), and uniform over the exponents too (small arguments are the common case)
            double x = i % 2 == 0 ? random.nextDouble(0.5) : Math.scalb(random.nextDouble(0.5, 1), -random.nextInt(40));
            assertSameBits(x);
            assertSameBits(-x);
        }
        for (double x : new double[] {
            0.0,
            -0.0,
            0x1p-27,
            Math.nextDown(0x1p-27),
            Math.nextDown(0.5),
            0.5,
            0.75,
            1.0,
            -1.0,
            1.5,
            Double.NaN,
            Double.MIN_VALUE,
            Double.POSITIVE_INFINITY
        }) {
            assertSameBits(x);
        }
    }

    private static void assertSameBits(double x) {
        assertThat(Double.doubleToRawLongBits(GeoHash.asin(x)))
                .as("asin(%s)", x)
                .isEqualTo(Double.doubleToRawLongBits(StrictMath.asin(x)));
    }
}
