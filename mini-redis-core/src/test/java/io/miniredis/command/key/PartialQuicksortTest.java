package io.miniredis.command.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The partial quicksort puts in the wanted range what a full sort puts there (with a total order; how it leaves ties
 * is checked against Redis by the SORT differential test).
 */
class PartialQuicksortTest {

    @Test
    void theWantedRangeIsWhatAFullSortGives() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            int n = 1 + random.nextInt(round % 10 == 0 ? 500 : 60);
            Integer[] values = new Integer[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(round % 3 == 0 ? 5 : 1000);
            }
            Integer[] sorted = values.clone();
            Arrays.sort(sorted);
            int first = random.nextInt(n);
            int last = first + random.nextInt(n - first);
            Integer[] partial = values.clone();
            PartialQuicksort.sort(partial, Comparator.naturalOrder(), first, last);
            assertThat(Arrays.copyOfRange(partial, first, last + 1))
                    .as("n=%d range %d..%d of %s", n, first, last, Arrays.toString(values))
                    .containsExactly(Arrays.copyOfRange(sorted, first, last + 1));
            assertThat(partial).containsExactlyInAnyOrder(values);
        }
    }

    @Test
    void aWholeRangeSortsEverything() {
        Integer[] values = {5, 3, 9, 1, 7, 3, 8, 2, 6, 4, 0, 11, 10};
        PartialQuicksort.sort(values, Comparator.naturalOrder(), 0, values.length - 1);
        assertThat(values).isSorted();
    }
}
