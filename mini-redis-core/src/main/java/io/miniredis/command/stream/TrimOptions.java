package io.miniredis.command.stream;

import io.miniredis.command.Args;
import io.miniredis.protocol.RedisError;
import io.miniredis.store.StreamId;

/**
 * XADD's and XTRIM's options, parsed as Redis parses them, in one pass from the argument after the key: MAXLEN or
 * MINID (with {@code =} or {@code ~}), LIMIT, and for XADD NOMKSTREAM and the ID, which ends the options.
 */
record TrimOptions(
        Strategy strategy,
        boolean approx,
        long maxLen,
        StreamId minId,
        long limit,
        int valueIndex,
        boolean noMkStream,
        int idIndex,
        StreamId id,
        boolean autoSeq) {

    enum Strategy {
        NONE,
        MAXLEN,
        MINID
    }

    static final RedisError BOTH =
            new RedisError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
    static final RedisError MAXLEN_NEGATIVE = new RedisError("ERR The MAXLEN argument must be >= 0.");
    static final RedisError LIMIT_NEGATIVE = new RedisError("ERR The LIMIT argument must be >= 0.");
    static final RedisError LIMIT_WITHOUT_STRATEGY =
            new RedisError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    static final RedisError XTRIM_WITHOUT_STRATEGY =
            new RedisError("ERR syntax error, XTRIM must be called with a trimming strategy");
    static final RedisError LIMIT_WITHOUT_APPROX =
            new RedisError("ERR syntax error, LIMIT cannot be used without the special ~ option");

    /**
     * Parses {@code argv} from index 2. For XADD ({@code xadd}) the ID ends the options ({@link #idIndex}, -1 for
     * {@code *}); {@code obey} (the AOF loader) lifts LIMIT's checks and any limit, as Redis does for its masters.
     * {@code nodeMaxEntries} sets the default limit of an approximate trim.
     */
    static TrimOptions parse(byte[][] argv, boolean xadd, boolean obey, long nodeMaxEntries) {
        Strategy strategy = Strategy.NONE;
        boolean approx = false;
        long maxLen = 0;
        StreamId minId = null;
        long limit = 0;
        boolean limitGiven = false;
        int valueIndex = 0;
        boolean noMkStream = false;
        int idIndex = -1;
        StreamId id = null;
        boolean autoSeq = false;
        int i = 2;
        for (; i < argv.length; i++) {
            int more = argv.length - 1 - i;
            byte[] opt = argv[i];
            if (xadd && opt.length >= 1 && opt[0] == '*' && (opt.length == 1 || opt[1] == 0)) {
                break;
            } else if (Args.is(opt, "MAXLEN") && more > 0 || Args.is(opt, "MINID") && more > 0) {
                if (strategy != Strategy.NONE) {
                    throw BOTH;
                }
                boolean isMaxLen = Args.is(opt, "MAXLEN");
                approx = false;
                byte[] next = argv[i + 1];
                if (more >= 2 && next.length >= 1 && (next.length == 1 || next[1] == 0)) {
                    if (next[0] == '~') {
                        approx = true;
                        i++;
                    } else if (next[0] == '=') {
                        i++;
                    }
                }
                if (isMaxLen) {
                    maxLen = Args.toLong(argv[i + 1]);
                    if (maxLen < 0) {
                        throw MAXLEN_NEGATIVE;
                    }
                    strategy = Strategy.MAXLEN;
                } else {
                    minId = StreamArgs.strict(argv[i + 1]);
                    strategy = Strategy.MINID;
                }
                i++;
                valueIndex = i;
            } else if (Args.is(opt, "LIMIT") && more > 0) {
                limit = Args.toLong(argv[i + 1]);
                if (limit < 0) {
                    throw LIMIT_NEGATIVE;
                }
                limitGiven = true;
                i++;
            } else if (xadd && Args.is(opt, "NOMKSTREAM")) {
                noMkStream = true;
            } else if (xadd) {
                StreamId.Parsed parsed = StreamId.parse(opt, 0, true, true);
                if (parsed == null) {
                    throw StreamArgs.INVALID_ID;
                }
                id = parsed.id();
                autoSeq = parsed.autoSeq();
                idIndex = i;
                break;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (limit != 0 && strategy == Strategy.NONE) {
            throw LIMIT_WITHOUT_STRATEGY;
        }
        if (!xadd && strategy == Strategy.NONE) {
            throw XTRIM_WITHOUT_STRATEGY;
        }
        if (obey) {
            limit = 0;
        } else if (limitGiven) {
            if (!approx) {
                throw LIMIT_WITHOUT_APPROX;
            }
        } else if (approx) {
            limit = 100 * nodeMaxEntries;
            if (limit <= 0 || limit > 1_000_000) {
                limit = 10_000;
            }
        } else {
            limit = 0;
        }
        return new TrimOptions(
                strategy,
                approx,
                maxLen,
                minId,
                limit,
                valueIndex,
                noMkStream,
                xadd ? (idIndex < 0 ? i : idIndex) : -1,
                id,
                autoSeq);
    }

    /** The position of the ID argument in XADD's argv ({@code *} included). */
    int idPosition() {
        return idIndex;
    }

    boolean idGiven() {
        return id != null;
    }
}
