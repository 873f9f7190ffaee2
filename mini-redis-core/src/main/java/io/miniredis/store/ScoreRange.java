package io.miniredis.store;

/**
 * A score interval of a sorted-set query (ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE...): each end inclusive or
 * exclusive ({@code (} in the command). Compared with primitive operators, so {@code -0} and {@code 0} are the same
 * score, as in Redis.
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

    /** True when no score can be inside: min above max, or equal ends with one of them exclusive. */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }

    public boolean aboveMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    public boolean belowMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    public boolean contains(double score) {
        return aboveMin(score) && belowMax(score);
    }
}
