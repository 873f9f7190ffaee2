package io.miniredis.bench;

import java.util.SplittableRandom;

/**
 * A set of keys in redis-benchmark's format and a random order to visit them in. Lookups use copies of the keys,
 * never the stored arrays: a real request's key is a fresh array from the decoder, and {@code Arrays.equals} on the
 * same instance would skip the comparison.
 */
final class Keys {

    final byte[][] stored;
    final byte[][] probes;
    final byte[][] missing;
    /** Indexes into the arrays above, in random order; its length is a power of two. */
    final int[] order;

    private int next;

    Keys(int count) {
        stored = new byte[count][];
        probes = new byte[count][];
        missing = new byte[count][];
        for (int i = 0; i < count; i++) {
            stored[i] = Resp.key(i);
            probes[i] = stored[i].clone();
            missing[i] = Resp.key(i + (long) count);
        }
        order = new int[Integer.highestOneBit(count)];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < order.length; i++) {
            order[i] = random.nextInt(count);
        }
    }

    /** The index of the next key to visit. */
    int next() {
        int index = order[next];
        next = (next + 1) & (order.length - 1);
        return index;
    }
}
