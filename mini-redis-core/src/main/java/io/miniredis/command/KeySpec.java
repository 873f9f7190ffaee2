package io.miniredis.command;

import io.miniredis.protocol.Reply;

import java.util.List;

/**
 * One key specification of a command, as Redis 7 declares and COMMAND INFO reports it: the access flags of the
 * keys it finds, where the search begins (an argument index), and how the keys are found from there, either a
 * {@code range} (last key relative to the first, or from the end when negative; a step) or a {@code keynum} (an
 * argument holding the number of keys, then the keys).
 *
 * <p>Declared where one range cannot describe a command's keys: a source and a destination with different flags
 * (LMOVE, SMOVE, SINTERSTORE's destination and sources), or a count of keys among the arguments (LMPOP, SINTERCARD).
 * COMMAND INFO writes these instead of the spec derived from the key positions, and COMMAND GETKEYS(ANDFLAGS) finds
 * the keys and gives each the flags of the spec that finds it.
 */
public final class KeySpec {

    private final List<String> flags;
    private final int beginIndex;
    private final boolean keynum;
    /** range: the last key; keynum: the index of the count, relative to the begin index. */
    private final int lastKeyOrKeynumIndex;
    /** keynum: the first key, relative to the begin index; unused for a range. */
    private final int firstKey;
    private final int keyStep;

    private KeySpec(String flags, int beginIndex, boolean keynum, int lastKeyOrKeynumIndex, int firstKey,
                    int keyStep) {
        this.flags = List.of(flags.trim().split("\\s+"));
        this.beginIndex = beginIndex;
        this.keynum = keynum;
        this.lastKeyOrKeynumIndex = lastKeyOrKeynumIndex;
        this.firstKey = firstKey;
        this.keyStep = keyStep;
    }

    /**
     * Keys from argument {@code index} to {@code lastKey} (relative to {@code index}: 0 is one key; negative counts
     * from the end of the arguments, -1 being the last), every {@code keyStep}.
     */
    public static KeySpec range(String flags, int index, int lastKey, int keyStep) {
        return new KeySpec(flags, index, false, lastKey, 0, keyStep);
    }

    /**
     * As many keys as the argument at {@code index + keynumIndex} says, the first at {@code index + firstKey}, every
     * {@code keyStep}.
     */
    public static KeySpec keynum(String flags, int index, int keynumIndex, int firstKey, int keyStep) {
        return new KeySpec(flags, index, true, keynumIndex, firstKey, keyStep);
    }

    public List<String> flags() {
        return flags;
    }

    public boolean isKeynum() {
        return keynum;
    }

    /**
     * The argument indexes of the keys this spec finds in {@code argv}. Fails with a {@link RedisError} when the
     * arguments cannot hold them (a count that is not a number or negative, or more keys than arguments), which COMMAND
     * GETKEYS reports as invalid arguments.
     */
    public int[] keyIndexes(byte[][] argv) {
        if (beginIndex >= argv.length) {
            return new int[0];
        }
        int first;
        int last;
        if (keynum) {
            long count = Args.toLong(argv[beginIndex + lastKeyOrKeynumIndex]);
            first = beginIndex + firstKey;
            if (count == 0) {
                return new int[0];
            }
            if (count < 0 || count > argv.length) {
                throw RedisError.SYNTAX;
            }
            last = first + (int) (count - 1) * keyStep;
            if (last >= argv.length) {
                throw RedisError.SYNTAX;
            }
        } else {
            first = beginIndex;
            last = lastKeyOrKeynumIndex >= 0 ? first + lastKeyOrKeynumIndex : argv.length + lastKeyOrKeynumIndex;
            last = Math.min(last, argv.length - 1);
        }
        int n = last < first ? 0 : (last - first) / keyStep + 1;
        int[] indexes = new int[n];
        for (int i = 0; i < n; i++) {
            indexes[i] = first + i * keyStep;
        }
        return indexes;
    }

    /** The map COMMAND INFO shows for this spec. */
    void write(Reply reply) {
        reply.map(3);
        reply.bulk("flags");
        CommandInfoReply.writeStatusSet(reply, flags);
        reply.bulk("begin_search").map(2);
        reply.bulk("type").bulk("index");
        reply.bulk("spec").map(1).bulk("index").integer(beginIndex);
        reply.bulk("find_keys").map(2);
        if (keynum) {
            reply.bulk("type").bulk("keynum");
            reply.bulk("spec").map(3);
            reply.bulk("keynumidx").integer(lastKeyOrKeynumIndex);
            reply.bulk("firstkey").integer(firstKey);
            reply.bulk("keystep").integer(keyStep);
        } else {
            reply.bulk("type").bulk("range");
            reply.bulk("spec").map(3);
            reply.bulk("lastkey").integer(lastKeyOrKeynumIndex);
            reply.bulk("keystep").integer(keyStep);
            reply.bulk("limit").integer(0);
        }
    }
}
