package io.miniredis.store;

import java.util.function.DoubleBinaryOperator;

/**
 * Collects members and their aggregated scores for ZUNION / ZUNIONSTORE, then orders them into a sorted set in one
 * pass. While scores still change only the member hash is kept up to date; the skip list is built at the end, so
 * an aggregation costs a hash look-up, not a move in the order.
 */
public final class ScoreAccumulator {

    private final MemberIndex index = new MemberIndex();

    /** Adds {@code member} with {@code score}, or folds the score into the member's with {@code aggregate}. */
    public void accumulate(byte[] member, double score, DoubleBinaryOperator aggregate) {
        int hash = KeyHash.hash(member);
        RedisSortedSet.Node node = index.get(member, hash);
        if (node == null) {
            index.add(new RedisSortedSet.Node(member, hash, score, RedisSortedSet.randomLevel()));
        } else {
            node.score = aggregate.applyAsDouble(node.score, score);
        }
    }

    public int size() {
        return index.size();
    }

    /** The members in order, as a skip-list encoded set; the accumulator must not be used afterwards. */
    public RedisSortedSet toSortedSet() {
        return RedisSortedSet.ofIndexed(index);
    }
}
