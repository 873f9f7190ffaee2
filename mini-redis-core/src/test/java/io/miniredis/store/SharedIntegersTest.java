package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SharedIntegersTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void canonicalSmallIntegersAreSharedAndCountNothing() {
        Object five = SharedIntegers.share(b("5"));
        assertThat(SharedIntegers.share(b("5"))).isSameAs(five);
        assertThat(SharedIntegers.isShared((byte[]) five)).isTrue();
        assertThat(MemoryEstimates.value(five)).isZero();
        assertThat((byte[]) SharedIntegers.share(b("9999"))).isEqualTo(b("9999"));
        assertThat(SharedIntegers.isShared((byte[]) SharedIntegers.share(b("0"))))
                .isTrue();
        for (String other : new String[] {"10000", "05", "-1", "+1", "1 ", "", "abc"}) {
            byte[] bytes = b(other);
            assertThat(SharedIntegers.share(bytes)).as(other).isSameAs(bytes);
            assertThat(MemoryEstimates.value(bytes)).as(other).isEqualTo(MemoryEstimates.bytes(bytes));
        }
    }
}
