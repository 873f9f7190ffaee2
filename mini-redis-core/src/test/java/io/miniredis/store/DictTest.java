package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DictTest {

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void addGetRemoveByContent() {
        Dict dict = new Dict();
        for (int i = 0; i < 10_000; i++) {
            dict.add(key(i), i);
        }
        assertThat(dict.size()).isEqualTo(10_000);
        assertThat(dict.get(key(1234)).value()).isEqualTo(1234);
        assertThat(dict.get("nope".getBytes())).isNull();
        for (int i = 0; i < 10_000; i += 2) {
            assertThat(dict.remove(key(i))).isNotNull();
        }
        assertThat(dict.remove(key(0))).isNull();
        assertThat(dict.size()).isEqualTo(5_000);
        assertThat(dict.get(key(1)).value()).isEqualTo(1);
    }

    @Test
    void sampleEntriesGivesPresentKeysAndReachesEveryKey() {
        SplittableRandom random = new SplittableRandom(7);
        for (int keys : new int[] {1, 3, 5, 6, 40, 10_000}) {
            Dict dict = new Dict();
            for (int i = 0; i < keys; i++) {
                dict.add(key(i), i);
            }
            // a sparse table too: most keys gone, the capacity still large
            Set<Integer> seen = new HashSet<>();
            for (int round = 0; round < 200_000 && seen.size() < keys; round++) {
                java.util.List<KeyEntry> sample = new java.util.ArrayList<>();
                int given = dict.sampleEntries(5, random, sample::add);
                assertThat(given).isEqualTo(sample.size()).isLessThanOrEqualTo(5);
                // all of a table of at most 5 keys; otherwise at least one (fewer than asked when the walk meets few
                // non-empty buckets, as with Redis's dictGetSomeKeys)
                assertThat(given).isBetween(keys <= 5 ? keys : 1, Math.min(5, keys));
                if (keys <= 6) {
                    // a table of at most 10 x count buckets is walked without taking a bucket twice (on a larger
                    // one a jump may land on a walked bucket: eviction's pool ignores repeats)
                    assertThat(new HashSet<>(sample)).hasSameSizeAs(sample);
                }
                for (KeyEntry entry : sample) {
                    assertThat(dict.get(entry.key())).isSameAs(entry);
                    seen.add((Integer) entry.value());
                }
            }
            assertThat(seen).as("keys reached out of " + keys).hasSize(keys);
        }
        Dict sparse = new Dict();
        for (int i = 0; i < 4096; i++) {
            sparse.add(key(i), i);
        }
        for (int i = 0; i < 4096; i += 8) {
            for (int j = 1; j < 8; j++) {
                sparse.remove(key(i + j));
            }
        }
        // One walk of at most 50 buckets may meet only empty ones (about 1 in 800 here, with key hashes seeded per
        // process), as Redis's dictGetSomeKeys may: eviction then samples again. So sample a few times.
        java.util.List<KeyEntry> sample = new java.util.ArrayList<>();
        for (int call = 0; call < 20; call++) {
            sparse.sampleEntries(5, random, sample::add);
        }
        assertThat(sample).isNotEmpty().allMatch(entry -> sparse.get(entry.key()) == entry);
    }

    @Test
    void randomEntryReachesEveryKey() {
        Dict dict = new Dict();
        for (int i = 0; i < 50; i++) {
            dict.add(key(i), i);
        }
        Set<Object> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            seen.add(dict.randomEntry(random).value());
        }
        assertThat(seen).hasSize(50);
        assertThat(new Dict().randomEntry(random)).isNull();
    }

    /** A table of 1024 keys, one more added: its resize has begun and moved at most one bucket. */
    private static Dict midResize() {
        Dict dict = new Dict();
        for (int i = 0; i <= 1024; i++) {
            dict.add(key(i), i);
        }
        assertThat(dict.rehashing()).isTrue();
        assertThat(dict.tableSize()).isEqualTo(1024);
        assertThat(dict.targetSize()).isEqualTo(2048);
        return dict;
    }

    @Test
    void aResizeMovesBucketsStepByStepAndLookupsSearchBothArrays() {
        Dict dict = midResize();
        assertThat(dict.capacity()).isEqualTo(1024 + 2048);
        assertThat(dict.bucketBytes()).isEqualTo(MemoryEstimates.refArray(1024) + MemoryEstimates.refArray(2048));
        int steps = 0;
        while (dict.rehashing()) {
            // every key is found wherever it is, whether its bucket has moved or not
            for (int i = 0; i <= 1024; i += 97) {
                assertThat(dict.get(key(i)).value()).isEqualTo(i);
            }
            steps++;
        }
        // each lookup moved a bucket (or passed ten empty ones): about 1024 steps of 11 lookups
        assertThat(steps).isBetween(1024 / 11 / 10, 1024);
        assertThat(dict.tableSize()).isEqualTo(2048);
        assertThat(dict.capacity()).isEqualTo(2048);
        for (int i = 0; i <= 1024; i++) {
            assertThat(dict.get(key(i)).value()).isEqualTo(i);
        }
        assertThat(dict.size()).isEqualTo(1025);
    }

    @Test
    void addsAndRemovesDuringAResizeKeepEveryOtherKey() {
        Dict dict = midResize();
        for (int i = 2000; i < 2100; i++) {
            dict.add(key(i), i);
        }
        for (int i = 0; i <= 1024; i += 2) {
            assertThat(dict.remove(key(i))).isNotNull();
        }
        assertThat(dict.remove(key(0))).isNull();
        dict.rehashFor(System.nanoTime() + 1_000_000_000L);
        assertThat(dict.rehashing()).isFalse();
        assertThat(dict.size()).isEqualTo(512 + 100);
        java.util.List<Object> all = new java.util.ArrayList<>();
        dict.forEach(e -> all.add(e.value()));
        assertThat(all).hasSize(612).doesNotHaveDuplicates();
        for (int i = 1; i <= 1024; i += 2) {
            assertThat(dict.get(key(i)).value()).isEqualTo(i);
        }
    }

    @Test
    void aShrinkIsIncrementalToo() {
        Dict dict = new Dict();
        for (int i = 0; i < 4096; i++) {
            dict.add(key(i), i);
        }
        dict.rehashFor(System.nanoTime() + 1_000_000_000L);
        for (int i = 0; i < 4096 - 400; i++) {
            dict.remove(key(i));
        }
        assertThat(dict.rehashing()).isTrue();
        assertThat(dict.targetSize()).isLessThan(dict.tableSize());
        for (int i = 4096 - 400; i < 4096; i++) {
            assertThat(dict.get(key(i)).value()).isEqualTo(i);
        }
        dict.rehashFor(System.nanoTime() + 1_000_000_000L);
        assertThat(dict.rehashing()).isFalse();
        assertThat(dict.tableSize()).isEqualTo(512);
    }

    @Test
    void forEachRandomEntryAndSamplingDuringAResizeSeeEveryKeyOnce() {
        Dict dict = midResize();
        for (int i = 0; i < 300; i++) {
            dict.get(key(i)); // a few hundred buckets moved, the rest not
        }
        assertThat(dict.rehashing()).isTrue();
        java.util.List<Object> all = new java.util.ArrayList<>();
        dict.forEach(e -> all.add(e.value()));
        assertThat(all).hasSize(1025).doesNotHaveDuplicates();
        SplittableRandom random = new SplittableRandom(11);
        Set<Object> picked = new HashSet<>();
        Set<Object> sampled = new HashSet<>();
        for (int i = 0; i < 100_000 && (picked.size() < 1025 || sampled.size() < 1025); i++) {
            picked.add(dict.randomEntry(random).value());
            dict.sampleEntries(5, random, e -> {
                assertThat(dict.get(e.key())).isSameAs(e);
                sampled.add(e.value());
            });
        }
        assertThat(picked).hasSize(1025);
        assertThat(sampled).hasSize(1025);
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutDespiteResizesAndRehashing() {
        Random random = new Random(43);
        int callsWhileRehashing = 0;
        for (int round = 0; round < 20; round++) {
            Dict dict = new Dict();
            int stable = 500 + random.nextInt(2000);
            for (int i = 0; i < stable; i++) {
                dict.add(key(i), i);
            }
            Set<Integer> seen = new HashSet<>();
            long cursor = 0;
            int churn = 1_000_000;
            java.util.List<byte[]> transientKeys = new java.util.ArrayList<>();
            do {
                if (dict.rehashing()) {
                    callsWhileRehashing++;
                }
                // the visitor looks keys up, which would move buckets if the scan did not hold the rehash back
                cursor = dict.scan(cursor, e -> {
                    seen.add((Integer) e.value());
                    dict.get(key(random.nextInt(stable)));
                });
                // a few adds, removes or lookups between calls: each moves a bucket of a resize under way
                switch (random.nextInt(3)) {
                    case 0 -> {
                        for (int i = 0; i < random.nextInt(200); i++) {
                            byte[] k = key(churn++);
                            dict.add(k, -1);
                            transientKeys.add(k);
                        }
                    }
                    case 1 -> {
                        transientKeys.forEach(dict::remove);
                        transientKeys.clear();
                    }
                    default -> dict.get(key(random.nextInt(stable)));
                }
            } while (cursor != 0);
            for (int i = 0; i < stable; i++) {
                assertThat(seen).as("round %d key %d", round, i).contains(i);
            }
        }
        assertThat(callsWhileRehashing).isGreaterThan(100);
    }

    @Test
    void anEmptiedTableIsTheSmallestAtOnceEvenMidResize() {
        Dict dict = midResize();
        long empty = new Dict().bucketBytes();
        for (int i = 0; i <= 1024; i++) {
            dict.remove(key(i));
        }
        // used_memory of a database emptied key by key is what it was before its first key
        assertThat(dict.rehashing()).isFalse();
        assertThat(dict.bucketBytes()).isEqualTo(empty);
        assertThat(dict.size()).isZero();
        dict.add(key(1), 1);
        assertThat(dict.get(key(1)).value()).isEqualTo(1);
    }
}
