package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IntsetTest {

    /** Random adds and removes across the three widths agree with a TreeSet, member by member and in order. */
    @Test
    void behavesAsASortedSetAcrossWidths() {
        SplittableRandom random = new SplittableRandom(7);
        long[] pool = {
            0,
            1,
            -1,
            32767,
            -32768,
            32768,
            -32769,
            Integer.MAX_VALUE,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE + 1L,
            Integer.MIN_VALUE - 1L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            12345,
            -999
        };
        for (int round = 0; round < 200; round++) {
            byte[] set = Intset.empty();
            TreeSet<Long> expected = new TreeSet<>();
            for (int step = 0; step < 60; step++) {
                long value = random.nextInt(4) == 0 ? pool[random.nextInt(pool.length)] : random.nextLong(-300, 300);
                if (random.nextInt(3) == 0) {
                    byte[] smaller = Intset.remove(set, value);
                    assertThat(smaller != null).isEqualTo(expected.remove(value));
                    set = smaller == null ? set : smaller;
                } else {
                    byte[] larger = Intset.add(set, value);
                    assertThat(larger != null).isEqualTo(expected.add(value));
                    set = larger == null ? set : larger;
                }
                assertThat(Intset.size(set)).isEqualTo(expected.size());
                int i = 0;
                for (long member : expected) {
                    assertThat(Intset.get(set, i++)).isEqualTo(member);
                    assertThat(Intset.contains(set, member)).isTrue();
                }
                assertThat(set.length).isEqualTo(1 + expected.size() * set[0]);
            }
        }
    }

    @Test
    void widthFollowsTheWidestMember() {
        byte[] set = Intset.add(Intset.empty(), 5);
        assertThat(set[0]).isEqualTo((byte) 2);
        set = Intset.add(set, 40000);
        assertThat(set[0]).isEqualTo((byte) 4);
        set = Intset.add(set, -5_000_000_000L);
        assertThat(set[0]).isEqualTo((byte) 8);
        assertThat(Intset.get(set, 0)).isEqualTo(-5_000_000_000L);
        assertThat(Intset.contains(set, 40000)).isTrue();
        assertThat(Intset.contains(set, 1L << 40)).isFalse();
        assertThat(Intset.of(new long[] {-3, 7, 9}, 3))
                .isEqualTo(Intset.add(Intset.add(Intset.add(Intset.empty(), 9), -3), 7));
    }
}
