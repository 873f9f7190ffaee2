package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The skip list against a plain sorted model under random operations: order, ranks, spans, range look-ups and
 * range removals, with every structural invariant checked along the way.
 */
class RedisSortedSetTest {

    private static final ListpackLimits BIG = new ListpackLimits(0, 0);

    private record Entry(byte[] member, double score) {}

    private static final Comparator<Entry> ORDER = (a, b) -> {
        int byScore = a.score < b.score ? -1 : a.score > b.score ? 1 : 0;
        return byScore != 0 ? byScore : Arrays.compareUnsigned(a.member, b.member);
    };

    private static byte[] member(int i) {
        return ("m" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void randomOperationsKeepRanksSpansAndOrder() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            RedisSortedSet zset = new RedisSortedSet();
            // odd rounds leave the listpack encoding at 16 members: its level-1 nodes are given levels then
            ListpackLimits limits = round % 2 == 0 ? BIG : new ListpackLimits(16, 64);
            Map<String, Double> model = new HashMap<>();
            int universe = 50 + random.nextInt(2000);
            for (int step = 0; step < 3000; step++) {
                int i = random.nextInt(universe);
                byte[] m = member(i);
                String key = "m" + i;
                double score = random.nextInt(40) - 20 + (random.nextBoolean() ? 0 : random.nextInt(4) / 4.0);
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> {
                        RedisSortedSet.Node node = zset.find(m);
                        if (node == null) {
                            zset.add(m, score, limits);
                        } else {
                            zset.updateScore(node, score);
                        }
                        model.put(key, score);
                    }
                    case 3 -> assertThat(zset.remove(m)).isEqualTo(model.remove(key) != null);
                    case 4 -> {
                        double min = random.nextInt(40) - 20;
                        ScoreRange range = new ScoreRange(
                                min, random.nextBoolean(), min + random.nextInt(5), random.nextBoolean());
                        int removed = zset.removeRange(range);
                        int expected = 0;
                        for (var it = model.entrySet().iterator(); it.hasNext(); ) {
                            if (range.contains(it.next().getValue())) {
                                it.remove();
                                expected++;
                            }
                        }
                        assertThat(removed).isEqualTo(expected);
                    }
                    default -> {
                        if (zset.size() > 0) {
                            long start = random.nextInt(zset.size());
                            long end = Math.min(zset.size() - 1, start + random.nextInt(5));
                            List<Entry> sorted = sorted(model);
                            for (long r = start; r <= end; r++) {
                                model.remove(new String(sorted.get((int) r).member, StandardCharsets.US_ASCII));
                            }
                            assertThat(zset.removeRangeByRank(start, end)).isEqualTo(end - start + 1);
                        }
                    }
                }
                if (step % 100 == 0) {
                    zset.verify();
                    checkAgainstModel(zset, model, random);
                }
            }
            zset.verify();
            checkAgainstModel(zset, model, random);
        }
    }

    private static List<Entry> sorted(Map<String, Double> model) {
        List<Entry> entries = new ArrayList<>();
        model.forEach((k, v) -> entries.add(new Entry(k.getBytes(StandardCharsets.US_ASCII), v)));
        entries.sort(ORDER);
        return entries;
    }

    private static void checkAgainstModel(RedisSortedSet zset, Map<String, Double> model, Random random) {
        List<Entry> sorted = sorted(model);
        assertThat(zset.size()).isEqualTo(sorted.size());
        int rank = 0;
        for (RedisSortedSet.Node n = zset.first(); n != null; n = n.next(), rank++) {
            assertThat(n.member()).isEqualTo(sorted.get(rank).member);
            assertThat(n.score()).isEqualTo(sorted.get(rank).score);
            assertThat(zset.rank(n)).isEqualTo(rank);
            assertThat(zset.byRank(rank)).isSameAs(n);
        }
        assertThat(zset.byRank(-1)).isNull();
        assertThat(zset.byRank(sorted.size())).isNull();
        for (int k = 0; k < 20; k++) {
            double min = random.nextInt(44) - 22;
            ScoreRange range =
                    new ScoreRange(min, random.nextBoolean(), min + random.nextInt(6) - 1, random.nextBoolean());
            List<Entry> inRange =
                    sorted.stream().filter(e -> range.contains(e.score)).toList();
            assertThat(zset.count(range)).isEqualTo(inRange.size());
            RedisSortedSet.Node first = zset.firstIn(range);
            RedisSortedSet.Node last = zset.lastIn(range);
            if (inRange.isEmpty()) {
                assertThat(first).isNull();
                assertThat(last).isNull();
            } else {
                assertThat(first.member()).isEqualTo(inRange.get(0).member);
                assertThat(last.member()).isEqualTo(inRange.get(inRange.size() - 1).member);
            }
        }
    }

    @Test
    void lexRangesOnEqualScores() {
        RedisSortedSet zset = new RedisSortedSet();
        List<String> members = new ArrayList<>();
        Random random = new Random(3);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String m = Integer.toString(random.nextInt(100_000), 36);
            if (seen.add(m)) {
                zset.add(m.getBytes(StandardCharsets.US_ASCII), 0, BIG);
                members.add(m);
            }
        }
        members.sort(null);
        for (int k = 0; k < 200; k++) {
            String a = Integer.toString(random.nextInt(100_000), 36);
            String b = Integer.toString(random.nextInt(100_000), 36);
            boolean aEx = random.nextBoolean();
            boolean bEx = random.nextBoolean();
            LexRange range = new LexRange(
                    a.getBytes(StandardCharsets.US_ASCII), aEx, b.getBytes(StandardCharsets.US_ASCII), bEx);
            long expected = members.stream()
                    .filter(m -> (aEx ? m.compareTo(a) > 0 : m.compareTo(a) >= 0)
                            && (bEx ? m.compareTo(b) < 0 : m.compareTo(b) <= 0))
                    .count();
            assertThat(zset.count(range)).as("[%s %s]", a, b).isEqualTo(expected);
        }
        LexRange all = new LexRange(LexRange.MINUS_INFINITY, true, LexRange.PLUS_INFINITY, true);
        assertThat(zset.count(all)).isEqualTo(members.size());
        assertThat(zset.removeRange(all)).isEqualTo(members.size());
        assertThat(zset.size()).isZero();
        zset.verify();
    }

    @Test
    void encodingIsOneWayAndListpackStoresMinusZeroAsZero() {
        ListpackLimits limits = new ListpackLimits(3, 4);
        RedisSortedSet zset = new RedisSortedSet();
        zset.add(member(1), -0.0, limits);
        assertThat(zset.encoding()).isEqualTo("listpack");
        assertThat(1 / zset.first().score()).isPositive();
        zset.add(member(2), 1, limits);
        zset.add(member(3), 2, limits);
        assertThat(zset.encoding()).isEqualTo("listpack");
        zset.add(member(4), 3, limits);
        assertThat(zset.encoding()).isEqualTo("skiplist");
        zset.remove(member(4));
        zset.remove(member(3));
        assertThat(zset.encoding()).isEqualTo("skiplist");
        zset.updateScore(zset.find(member(1)), -0.0);
        assertThat(1 / zset.find(member(1)).score()).isNegative();
        assertThat(zset.copy().encoding()).isEqualTo("skiplist");

        RedisSortedSet longMember = new RedisSortedSet();
        longMember.add("abcde".getBytes(StandardCharsets.US_ASCII), 1, limits);
        assertThat(longMember.encoding()).isEqualTo("skiplist");

        RedisSortedSet stored = RedisSortedSet.skipList();
        stored.insert(member(1), -0.0);
        stored.encodeForStore(limits);
        assertThat(stored.encoding()).isEqualTo("listpack");
        assertThat(1 / stored.first().score()).isPositive();
    }

    @Test
    void accumulatorOrdersAtTheEnd() {
        ScoreAccumulator accumulator = new ScoreAccumulator();
        for (int i = 0; i < 1000; i++) {
            accumulator.accumulate(member(i % 300), i % 7, Double::sum);
        }
        RedisSortedSet zset = accumulator.toSortedSet();
        zset.verify();
        assertThat(zset.size()).isEqualTo(300);
        assertThat(zset.encoding()).isEqualTo("skiplist");
    }

    @Test
    void scanReturnsEveryMemberPresentThroughoutDespiteResizes() {
        Random random = new Random(11);
        RedisSortedSet zset = new RedisSortedSet();
        for (int i = 0; i < 1500; i++) {
            zset.add(member(i), i, BIG);
        }
        Set<String> seen = new HashSet<>();
        List<byte[]> transientMembers = new ArrayList<>();
        int churn = 1_000_000;
        long cursor = 0;
        do {
            cursor = zset.scan(cursor, n -> seen.add(new String(n.member(), StandardCharsets.US_ASCII)));
            if (random.nextBoolean()) {
                for (int i = 0; i < random.nextInt(300); i++) {
                    byte[] m = member(churn++);
                    zset.add(m, 0, BIG);
                    transientMembers.add(m);
                }
            } else {
                transientMembers.forEach(zset::remove);
                transientMembers.clear();
            }
        } while (cursor != 0);
        for (int i = 0; i < 1500; i++) {
            assertThat(seen).contains("m" + i);
        }
        zset.verify();
    }

    @Test
    void theMemberIndexGrowsIncrementallyAndFindsMembersMidResize() {
        RedisSortedSet zset = new RedisSortedSet();
        for (int i = 0; i <= 1024; i++) {
            zset.add(member(i), i, BIG);
        }
        assertThat(zset.indexRehashing()).isTrue();
        long during = zset.estimatedBytes();
        Random random = new Random(3);
        int lookups = 0;
        while (zset.indexRehashing()) {
            int i = random.nextInt(1025);
            assertThat(zset.find(member(i)).score()).isEqualTo(i);
            // a lookup moves no bucket (its step would change the memory count without a charge): writes do
            zset.add(member(5000), 0, BIG);
            zset.remove(member(5000));
            lookups++;
        }
        assertThat(lookups).isBetween(50, 1024);
        // the old array of 1024 buckets is dropped once every bucket has moved
        assertThat(zset.estimatedBytes()).isEqualTo(during - MemoryEstimates.refArray(1024));
        for (int i = 0; i <= 1024; i++) {
            assertThat(zset.find(member(i)).score()).isEqualTo(i);
        }
        // below 256 members the 2048 buckets shrink, incrementally too: 30 removals move at most 300 buckets
        for (int i = 0; i < 800; i++) {
            zset.remove(member(i));
        }
        assertThat(zset.indexRehashing()).isTrue();
        for (int i = 800; i <= 1024; i++) {
            assertThat(zset.find(member(i)).score()).isEqualTo(i);
        }
        zset.verify();
    }
}
