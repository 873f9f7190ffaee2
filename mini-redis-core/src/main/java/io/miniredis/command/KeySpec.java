package io.miniredis.command;

import java.util.List;

/**
 * One key specification, declared explicitly for commands whose keys one range cannot describe: a source and a
 * destination with different access flags (LMOVE: {@code RW access delete} at 1, {@code RW insert} at 2), or a
 * count of keys given in the arguments (LMPOP's {@code numkeys}). COMMAND INFO writes these instead of the spec it
 * would derive from the key positions, and COMMAND GETKEYSANDFLAGS gives each key the flags of the spec that finds
 * it.
 *
 * @param flags      the spec's flags ({@code RW}, {@code access}, ...)
 * @param index      begin_search: the argument where the search starts
 * @param keynum     true for a {@code keynum} find_keys (the key count is an argument), false for a {@code range}
 * @param lastKeyOrKeynumIndex {@code range}: lastkey (relative to {@code index}; negative counts from the end);
 *                   {@code keynum}: keynumidx (where the count is, relative to {@code index})
 * @param firstKey   {@code keynum} only: where the first key is, relative to {@code index}
 * @param keyStep    the distance between keys
 * @param limit      {@code range} only: Redis's limit (0 for all the commands that use this)
 */
public record KeySpec(List<String> flags, int index, boolean keynum, int lastKeyOrKeynumIndex, int firstKey,
                      int keyStep, int limit) {

    /** A range spec: keys from {@code index} to {@code index + lastKey} (or to {@code argc + lastKey} if negative). */
    public static KeySpec range(String flags, int index, int lastKey, int keyStep) {
        return new KeySpec(List.of(flags.trim().split("\\s+")), index, false, lastKey, 0, keyStep, 0);
    }

    /** A keynum spec: the number of keys is at {@code index + keynumIndex}, the first at {@code index + firstKey}. */
    public static KeySpec keynum(String flags, int index, int keynumIndex, int firstKey, int keyStep) {
        return new KeySpec(List.of(flags.trim().split("\\s+")), index, true, keynumIndex, firstKey, keyStep, 0);
    }

    /** True when this spec finds the argument at {@code position} of {@code argv} as a key. */
    public boolean finds(byte[][] argv, int position) {
        int first;
        int last;
        if (keynum) {
            int countAt = index + lastKeyOrKeynumIndex;
            if (countAt >= argv.length) {
                return false;
            }
            long count;
            try {
                count = Args.toLong(argv[countAt]);
            } catch (RedisError notANumber) {
                return false;
            }
            first = index + firstKey;
            last = (int) Math.min(argv.length - 1L, first + (count - 1) * keyStep);
        } else {
            first = index;
            last = lastKeyOrKeynumIndex >= 0 ? index + lastKeyOrKeynumIndex : argv.length + lastKeyOrKeynumIndex;
        }
        return position >= first && position <= last && (position - first) % keyStep == 0;
    }
}
