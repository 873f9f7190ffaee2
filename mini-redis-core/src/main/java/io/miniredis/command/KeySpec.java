package io.miniredis.command;

import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import java.util.List;

/**
 * One key specification of a command, as Redis 7 declares and COMMAND INFO reports it: the access flags of the
 * keys it finds, where the search begins (an argument index), and how the keys are found from there, either a
 * {@code range} (last key relative to the first, or from the end when negative; a step) or a {@code keynum} (an
 * argument holding the number of keys, then the keys).
 *
 * <p>Read from Redis's own COMMAND INFO ({@link #fromReference}); COMMAND GETKEYS(ANDFLAGS) finds a call's keys
 * with them and gives each the flags of the spec that finds it, and they find the keys of commands whose keys move
 * (a key count, a keyword). An "unknown" spec stands for keys that only the command itself can find (SORT's BY/GET
 * patterns and its STORE destination): a {@link KeyFinder} declared with the command serves it.
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
    /** A keyword begin search (XREAD's STREAMS, MIGRATE's KEYS): the keys start after it; null for an index. */
    private final byte[] keyword;
    /** Where the keyword search starts: an index, or from the end when negative (searching backwards). */
    private final int startFrom;
    /** range with lastkey -1: only 1/limit of the remaining arguments are keys (XREAD's keys, then its ids). */
    private final int limit;

    private KeySpec(
            List<String> flags,
            int beginIndex,
            boolean keynum,
            boolean unknown,
            int lastKeyOrKeynumIndex,
            int firstKey,
            int keyStep,
            KeyFinder finder,
            String notes) {
        this(flags, beginIndex, null, 0, keynum, unknown, lastKeyOrKeynumIndex, firstKey, keyStep, 0, finder, notes);
    }

    private KeySpec(
            List<String> flags,
            int beginIndex,
            byte[] keyword,
            int startFrom,
            boolean keynum,
            boolean unknown,
            int lastKeyOrKeynumIndex,
            int firstKey,
            int keyStep,
            int limit,
            KeyFinder finder,
            String notes) {
        this.keyword = keyword;
        this.startFrom = startFrom;
        this.limit = limit;
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
     * from the end of the arguments, -1 being the last), every {@code keyStep}: for a command the reference lacks.
     */
    public static KeySpec range(List<String> flags, int index, int lastKey, int keyStep) {
        return new KeySpec(flags, index, false, false, lastKey, 0, keyStep, null, null);
    }

    /** Keys that only the command can find ({@code finder}, may be null): for a command the reference lacks. */
    public static KeySpec unknown(List<String> flags, KeyFinder finder) {
        return new KeySpec(flags, 0, false, true, 0, 0, 0, finder, null);
    }

    /**
     * A key specification as Redis's own COMMAND INFO gives it (see {@link CommandReference}): flags, an index or
     * keyword begin search, a range or keynum find; {@code finder} finds the keys of an "unknown" one.
     */
    static KeySpec fromReference(RespData spec, KeyFinder finder) {
        List<String> flags = new java.util.ArrayList<>();
        for (RespData flag : spec.get("flags").items()) {
            flags.add(flag.text());
        }
        RespData begin = spec.get("begin_search");
        RespData find = spec.get("find_keys");
        String beginType = begin.get("type").text();
        if (beginType.equals("unknown") || find.get("type").text().equals("unknown")) {
            return new KeySpec(List.copyOf(flags), 0, false, true, 0, 0, 0, finder, null);
        }
        RespData beginSpec = begin.get("spec");
        int index = 0;
        byte[] keyword = null;
        int startFrom = 0;
        if (beginType.equals("index")) {
            index = (int) beginSpec.get("index").number();
        } else {
            keyword = beginSpec.get("keyword").text().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            startFrom = (int) beginSpec.get("startfrom").number();
        }
        RespData findSpec = find.get("spec");
        if (find.get("type").text().equals("keynum")) {
            return new KeySpec(
                    List.copyOf(flags),
                    index,
                    keyword,
                    startFrom,
                    true,
                    false,
                    (int) findSpec.get("keynumidx").number(),
                    (int) findSpec.get("firstkey").number(),
                    (int) findSpec.get("keystep").number(),
                    0,
                    null,
                    null);
        }
        return new KeySpec(
                List.copyOf(flags),
                index,
                keyword,
                startFrom,
                false,
                false,
                (int) findSpec.get("lastkey").number(),
                0,
                (int) findSpec.get("keystep").number(),
                (int) findSpec.get("limit").number(),
                null,
                null);
    }

    /** This spec with Redis's note on it (shown first in COMMAND INFO). */
    public KeySpec notes(String text) {
        return new KeySpec(
                flags,
                beginIndex,
                keyword,
                startFrom,
                keynum,
                unknown,
                lastKeyOrKeynumIndex,
                firstKey,
                keyStep,
                limit,
                finder,
                text);
    }

    public List<String> flags() {
        return flags;
    }

    public boolean isKeynum() {
        return keynum;
    }

    public boolean isUnknown() {
        return unknown;
    }

    /** Keys at fixed positions (an index, a range): what first key, last key and step also describe. */
    public boolean isPositional() {
        return !keynum && !unknown && keyword == null;
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
        int begin = keyword == null ? beginIndex : afterKeyword(argv);
        if (begin < 0 || begin >= argv.length) {
            return new int[0];
        }
        int first;
        int last;
        if (keynum) {
            long count = Args.toLong(argv[begin + lastKeyOrKeynumIndex]);
            first = begin + firstKey;
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
            first = begin;
            if (lastKeyOrKeynumIndex >= 0) {
                last = first + lastKeyOrKeynumIndex;
            } else if (limit <= 1) {
                last = argv.length + lastKeyOrKeynumIndex;
            } else {
                last = first + (argv.length - first) / limit + lastKeyOrKeynumIndex;
            }
            last = Math.min(last, argv.length - 1);
        }
        int n = last < first ? 0 : (last - first) / keyStep + 1;
        int[] indexes = new int[n];
        for (int i = 0; i < n; i++) {
            indexes[i] = first + i * keyStep;
        }
        return indexes;
    }

    /** The argument after the keyword (searched from startfrom, backwards when negative), or -1 when absent. */
    private int afterKeyword(byte[][] argv) {
        if (startFrom >= 0) {
            for (int i = startFrom; i < argv.length; i++) {
                if (Args.is(argv[i], new String(keyword, java.nio.charset.StandardCharsets.ISO_8859_1))) {
                    return i + 1;
                }
            }
        } else {
            for (int i = argv.length + startFrom; i > 0; i--) {
                if (Args.is(argv[i], new String(keyword, java.nio.charset.StandardCharsets.ISO_8859_1))) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** The map COMMAND INFO shows for this spec. */
    void write(Reply reply) {
        reply.map(notes == null ? 3 : 4);
        if (notes != null) {
            reply.bulk("notes").bulk(notes);
        }
        reply.bulk("flags");
        reply.statusSet(flags);
        if (unknown) {
            reply.bulk("begin_search")
                    .map(2)
                    .bulk("type")
                    .bulk("unknown")
                    .bulk("spec")
                    .map(0);
            reply.bulk("find_keys")
                    .map(2)
                    .bulk("type")
                    .bulk("unknown")
                    .bulk("spec")
                    .map(0);
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
