package io.miniredis.command;

import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * One key specification declared explicitly, for the commands whose keys one range spec derived from first / last
 * / step cannot describe: several key groups with different flags (ZRANGESTORE's destination and source), or keys
 * counted by an argument (ZUNION's {@code numkeys}). COMMAND INFO writes these as Redis does, and COMMAND
 * GETKEYSANDFLAGS gives each key the flags of the spec that finds it.
 */
public final class KeySpec {

    private final List<String> flags;
    private final int beginIndex;
    private final boolean keynum;
    /** range: lastkey, keystep, limit; keynum: keynumidx, firstkey, keystep. */
    private final int first;
    private final int second;
    private final int third;

    private KeySpec(String flags, int beginIndex, boolean keynum, int first, int second, int third) {
        this.flags = List.of(flags.trim().split("\\s+"));
        this.beginIndex = beginIndex;
        this.keynum = keynum;
        this.first = first;
        this.second = second;
        this.third = third;
    }

    /**
     * Keys from argument {@code index} to {@code lastKey} (relative to it, or counted from the end when negative),
     * every {@code keyStep}; {@code limit} as Redis's.
     */
    public static KeySpec range(String flags, int index, int lastKey, int keyStep, int limit) {
        return new KeySpec(flags, index, false, lastKey, keyStep, limit);
    }

    /**
     * Keys counted by the argument {@code keynumIndex} after argument {@code index}, the first of them {@code
     * firstKey} after it, every {@code keyStep}.
     */
    public static KeySpec keynum(String flags, int index, int keynumIndex, int firstKey, int keyStep) {
        return new KeySpec(flags, index, true, keynumIndex, firstKey, keyStep);
    }

    public List<String> flags() {
        return flags;
    }

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
            reply.bulk("keynumidx").integer(first);
            reply.bulk("firstkey").integer(second);
            reply.bulk("keystep").integer(third);
        } else {
            reply.bulk("type").bulk("range");
            reply.bulk("spec").map(3);
            reply.bulk("lastkey").integer(first);
            reply.bulk("keystep").integer(second);
            reply.bulk("limit").integer(third);
        }
    }

    /** The argument indexes this spec finds in {@code argv}, as Redis's key-spec walk finds them. */
    List<Integer> keys(byte[][] argv) {
        List<Integer> keys = new ArrayList<>();
        int start = beginIndex;
        if (start >= argv.length) {
            return keys;
        }
        int last;
        int step;
        if (keynum) {
            if (start + first >= argv.length) {
                return keys;
            }
            long count;
            try {
                count = Numbers.parseLong(argv[start + first]);
            } catch (Numbers.NotANumber e) {
                return keys;
            }
            if (count < 0 || count > argv.length) {
                return keys;
            }
            start += second;
            last = start + (int) count - 1;
            step = third;
        } else {
            last = first >= 0 ? start + first : argv.length + first;
            step = second;
        }
        for (int i = start; i <= last && i < argv.length; i += step) {
            keys.add(i);
        }
        return keys;
    }
}
