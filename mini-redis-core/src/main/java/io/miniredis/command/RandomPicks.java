package io.miniredis.command;

import io.miniredis.protocol.RedisError;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/** What HRANDFIELD, SRANDMEMBER and SPOP share: the count argument's range and distinct random picks. */
public final class RandomPicks {

    private static final RedisError COUNT_RANGE = new RedisError(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RedisError TOO_MANY = new RedisError("ERR value is out of range");

    private RandomPicks() {}

    /** A count for HRANDFIELD / SRANDMEMBER: any integer but Long.MIN_VALUE, whose negation does not exist. */
    public static long parseCount(byte[] argument) {
        long count = Args.toLong(argument);
        if (count == Long.MIN_VALUE) {
            throw COUNT_RANGE;
        }
        return count;
    }

    /**
     * Refuses a reply of {@code elements} random picks (a negative count repeats picks) that could not fit in memory.
     * Redis tries, and dies when the allocation fails; a JVM out of heap would take the whole server down too.
     */
    public static void checkReplySize(long elements) {
        if (elements > Runtime.getRuntime().maxMemory() / 32) {
            throw TOO_MANY;
        }
    }

    /**
     * {@code count} distinct positions out of {@code size} live ones in {@code [0, limit)}, chosen uniformly. For a
     * count close to the size the live positions are shuffled partially (O(size), under three times the count);
     * otherwise random positions are drawn and repeats skipped (O(count) expected).
     */
    public static int[] distinct(
            int count, int size, int limit, IntPredicate live, IntSupplier randomPosition, RandomGenerator random) {
        int[] picked = new int[count];
        if ((long) count * 3 > size) {
            int[] positions = new int[size];
            int n = 0;
            for (int p = 0; p < limit; p++) {
                if (live.test(p)) {
                    positions[n++] = p;
                }
            }
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(n - i);
                int t = positions[i];
                positions[i] = positions[j];
                positions[j] = t;
                picked[i] = positions[i];
            }
            return picked;
        }
        // Fewer than a third of the members: draw and skip repeats, remembering picks in a small open-addressing
        // set sized by the count (not by the collection, so a small count stays cheap in a huge set).
        int[] seen = new int[Integer.highestOneBit(Math.max(4, count * 2 - 1)) << 1];
        int mask = seen.length - 1;
        int n = 0;
        while (n < count) {
            int p = randomPosition.getAsInt();
            int h = p * 0x9E3779B9;
            int i = (h ^ (h >>> 16)) & mask;
            while (seen[i] != 0 && seen[i] != p + 1) {
                i = (i + 1) & mask;
            }
            if (seen[i] == 0) {
                seen[i] = p + 1;
                picked[n++] = p;
            }
        }
        return picked;
    }
}
