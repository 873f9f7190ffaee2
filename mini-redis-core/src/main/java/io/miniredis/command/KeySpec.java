package io.miniredis.command;

import io.miniredis.protocol.Reply;

import java.util.List;
import io.miniredis.protocol.RedisError;

/**
 * One key specification of a command, as Redis 7 declares and COMMAND INFO reports it: the access flags of the
 * keys it finds, where the search begins (an argument index), and how the keys are found from there, either a
 * {@code range} (last key relative to the first, or from the end when negative; a step) or a {@code keynum} (an
 * argument holding the number of keys, then the keys).
 *
 * <p>Declared where one range cannot describe a command's keys: a source and a destination with different flags
 * (LMOVE, SMOVE, SINTERSTORE's destination and sources), or a count of keys among the arguments (LMPOP, SINTERCARD).
 * COMMAND INFO writes these instead of the spec derived from the key positions, and COMMAND GETKEYS(ANDFLAGS) finds
 * the keys and gives each the flags of the spec that finds it. An {@link #unknown} spec stands for keys that only
 * the command itself can find (SORT's BY/GET patterns and its STORE destination).
 */
public final class KeySpec {

    private final List<String> flags;
    private final int beginIndex;
    private final boolean keynum;
    /** An "unknown" spec: the keys cannot be found from the arguments' positions (SORT's BY, GET and STORE). */
    private final boolean unknown;
    /** For an unknown spec, what finds its keys in a call (for COMMAND GETKEYSANDFLAGS); null: none. */
    private final KeyFinder finder;
    private final String notes;
    /** range: the last key; keynum: the index of the count, relative to the begin index. */
    private final int lastKeyOrKeynumIndex;
    /** keynum: the first key, relative to the begin index; unused for a range. */
    private final int firstKey;
    private final int keyStep;

    private KeySpec(String flags, int beginIndex, boolean keynum, int lastKeyOrKeynumIndex, int firstKey,
                    int keyStep) {
        this(List.of(flags.trim().split("\\s+")), beginIndex, keynum, false, lastKeyOrKeynumIndex, firstKey,
                keyStep, null, null);
    }

    private KeySpec(List<String> flags, int beginIndex, boolean keynum, boolean unknown, int lastKeyOrKeynumIndex,
                    int firstKey, int keyStep, KeyFinder finder, String notes) {
        this.flags = flags;
        this.beginIndex = beginIndex;
        this.keynum = keynum;
        this.unknown = unknown;
        this.lastKeyOrKeynumIndex = lastKeyOrKeynumIndex;
        this.firstKey = firstKey;
        this.keyStep = keyStep;
        this.finder = finder;
        this.notes = notes;
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

    /**
     * Keys whose place the arguments' positions cannot tell (SORT's BY/GET patterns, its STORE destination): COMMAND
     * INFO shows an "unknown" begin_search and find_keys. {@code finder} (may be null) finds them in one call, so
     * COMMAND GETKEYSANDFLAGS gives them this spec's flags.
     */
    public static KeySpec unknown(String flags, KeyFinder finder) {
        return new KeySpec(List.of(flags.trim().split("\\s+")), 0, false, true, 0, 0, 0, finder, null);
    }

    /** This spec with Redis's note on it (shown first in COMMAND INFO). */
    public KeySpec notes(String text) {
        return new KeySpec(flags, beginIndex, keynum, unknown, lastKeyOrKeynumIndex, firstKey, keyStep, finder, text);
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
        if (unknown) {
            return finder == null ? new int[0] : finder.keyIndexes(argv);
        }
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
        reply.map(notes == null ? 3 : 4);
        if (notes != null) {
            reply.bulk("notes").bulk(notes);
        }
        reply.bulk("flags");
        CommandInfoReply.writeStatusSet(reply, flags);
        if (unknown) {
            reply.bulk("begin_search").map(2).bulk("type").bulk("unknown").bulk("spec").map(0);
            reply.bulk("find_keys").map(2).bulk("type").bulk("unknown").bulk("spec").map(0);
            return;
        }
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
