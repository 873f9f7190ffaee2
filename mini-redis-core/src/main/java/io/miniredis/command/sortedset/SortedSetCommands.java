package io.miniredis.command.sortedset;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.BlockingServe;
import io.miniredis.command.BlockingTimeout;
import io.miniredis.command.CollectionKeys;
import io.miniredis.command.CollectionScan;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandHandler;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.EncodingLimits;
import io.miniredis.command.IndexRange;
import io.miniredis.command.NumkeysKeyFinder;
import io.miniredis.command.RandomPicks;
import io.miniredis.command.ScanCursor;
import io.miniredis.command.sortedset.SortedSetAlgebra.Operation;
import io.miniredis.command.sortedset.SortedSetRangeQuery.Direction;
import io.miniredis.command.sortedset.SortedSetRangeQuery.Kind;
import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.LexRange;
import io.miniredis.store.ListpackLimits;
import io.miniredis.store.RedisSortedSet;
import io.miniredis.store.ScoreRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The sorted-set commands. Ranges are in {@link SortedSetRangeQuery}, set algebra in {@link SortedSetAlgebra}, pops
 * in {@link SortedSetPop}; the blocking pops (BZPOPMIN, BZPOPMAX, BZMPOP) are here, as thin wrappers that pop at once
 * when a key has members and otherwise park the client with {@link io.miniredis.server.BlockedClients}.
 */
public final class SortedSetCommands implements CommandFamily {

    private static final RedisError XX_AND_NX =
            new RedisError("ERR XX and NX options at the same time are not compatible");
    private static final RedisError GT_LT_NX =
            new RedisError("ERR GT, LT, and/or NX options at the same time are not compatible");
    private static final RedisError INCR_PAIR =
            new RedisError("ERR INCR option supports a single increment-element pair");
    private static final RedisError NAN_SCORE = new RedisError("ERR resulting score is not a number (NaN)");
    private static final RedisError WITHSCORES_RANGE = new RedisError("ERR value is out of range");
    private static final byte[] CURSOR_ZERO = {'0'};
    /** Beyond this a listpack keeps an integral score as text rather than as an integer (Redis's double2ll). */
    private static final double LISTPACK_INTEGER_LIMIT = 0x1p62;

    /** This server's thresholds (see {@link EncodingLimits#of}). */
    private EncodingLimits limits;

    @Override
    public String group() {
        return "sorted-set";
    }

    /** {@code zset-max-listpack-entries} / {@code -value} of the calling server. */
    private ListpackLimits listpackLimits(CommandCall c) {
        limits = EncodingLimits.of(c, limits);
        return limits.zsetListpack();
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("zadd", -4, "write denyoom fast", 1, 1, 1, c -> zadd(c, false)),
                command("zincrby", 4, "write denyoom fast", 1, 1, 1, c -> zadd(c, true)),
                command("zrem", -3, "write fast", 1, 1, 1, this::zrem),
                command("zcard", 2, "readonly fast", 1, 1, 1, this::zcard),
                command("zscore", 3, "readonly fast", 1, 1, 1, this::zscore),
                command("zmscore", -3, "readonly fast", 1, 1, 1, this::zmscore),
                // Arity -3 and WITHSCORE are Redis 7.2's; 7.0.15 has arity 3 (see the differential test).
                command("zrank", -3, "readonly fast", 1, 1, 1, c -> zrank(c, false)),
                command("zrevrank", -3, "readonly fast", 1, 1, 1, c -> zrank(c, true)),
                command("zrange", -4, "readonly", 1, 1, 1, range(Kind.AUTO, Direction.AUTO)),
                command("zrangestore", -5, "write denyoom", 1, 2, 1,
                        new SortedSetRangeQuery(Kind.AUTO, Direction.AUTO, this::listpackLimits)::run),
                command("zrevrange", -4, "readonly", 1, 1, 1, range(Kind.RANK, Direction.REVERSE)),
                command("zrangebyscore", -4, "readonly", 1, 1, 1, range(Kind.SCORE, Direction.FORWARD)),
                command("zrevrangebyscore", -4, "readonly", 1, 1, 1, range(Kind.SCORE, Direction.REVERSE)),
                command("zrangebylex", -4, "readonly", 1, 1, 1, range(Kind.LEX, Direction.FORWARD)),
                command("zrevrangebylex", -4, "readonly", 1, 1, 1, range(Kind.LEX, Direction.REVERSE)),
                command("zcount", 4, "readonly fast", 1, 1, 1, this::zcount),
                command("zlexcount", 4, "readonly fast", 1, 1, 1, this::zlexcount),
                command("zremrangebyrank", 4, "write", 1, 1, 1, this::zremrangebyrank),
                command("zremrangebyscore", 4, "write", 1, 1, 1, this::zremrangebyscore),
                command("zremrangebylex", 4, "write", 1, 1, 1, this::zremrangebylex),
                command("zpopmin", -2, "write fast", 1, 1, 1, c -> SortedSetPop.zpop(c, false)),
                command("zpopmax", -2, "write fast", 1, 1, 1, c -> SortedSetPop.zpop(c, true)),
                command("zmpop", -4, "write", 0, 0, 0, SortedSetPop::zmpop)
                        .keys(new NumkeysKeyFinder(0, 1)),
                command("bzpopmin", -3, "write noscript blocking fast", 1, -2, 1, c -> blockingPop(c, false)),
                command("bzpopmax", -3, "write noscript blocking fast", 1, -2, 1, c -> blockingPop(c, true)),
                command("bzmpop", -5, "write blocking", 0, 0, 0, this::bzmpop)
                        .keys(new NumkeysKeyFinder(0, 2)),
                command("zrandmember", -2, "readonly", 1, 1, 1, this::zrandmember),
                command("zunion", -3, "readonly", 0, 0, 0, algebra(Operation.UNION, false, false))
                        .keys(new NumkeysKeyFinder(0, 1)),
                command("zinter", -3, "readonly", 0, 0, 0, algebra(Operation.INTER, false, false))
                        .keys(new NumkeysKeyFinder(0, 1)),
                command("zdiff", -3, "readonly", 0, 0, 0, algebra(Operation.DIFF, false, false))
                        .keys(new NumkeysKeyFinder(0, 1)),
                command("zunionstore", -4, "write denyoom", 1, 1, 1, algebra(Operation.UNION, true, false))
                        .keys(new NumkeysKeyFinder(1, 2)),
                command("zinterstore", -4, "write denyoom", 1, 1, 1, algebra(Operation.INTER, true, false))
                        .keys(new NumkeysKeyFinder(1, 2)),
                command("zdiffstore", -4, "write denyoom", 1, 1, 1, algebra(Operation.DIFF, true, false))
                        .keys(new NumkeysKeyFinder(1, 2)),
                command("zintercard", -3, "readonly", 0, 0, 0, algebra(Operation.INTER, false, true))
                        .keys(new NumkeysKeyFinder(0, 1)),
                command("zscan", -3, "readonly", 1, 1, 1, this::zscan));
        // spotless:on
    }

    private static CommandHandler range(Kind kind, Direction direction) {
        return new SortedSetRangeQuery(kind, direction, null)::run;
    }

    private CommandHandler algebra(Operation operation, boolean store, boolean cardinalityOnly) {
        return new SortedSetAlgebra(operation, store ? this::listpackLimits : null, cardinalityOnly)::run;
    }

    /** The sorted set at {@code entry}, or a WRONGTYPE error; null when the key is missing. */
    static RedisSortedSet zset(KeyEntry entry) {
        return CollectionKeys.valueOf(entry, RedisSortedSet.class);
    }

    /**
     * Stores a non-empty result of a store command (the old value and its TTL replaced), encoded as Redis would
     * encode it under {@code limits}.
     */
    static void storeResult(CommandCall c, byte[] destination, RedisSortedSet result, ListpackLimits limits) {
        result.encodeForStore(limits);
        c.db().set(destination, result, false);
    }

    // ---- ZADD, ZINCRBY ---------------------------------------------------------------------------------------

    /**
     * The arguments of ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], and of ZINCRBY as ZADD
     * with INCR (Redis runs both through one function, so ZINCRBY reads options too: {@code ZINCRBY k nx m} is a
     * syntax error, not an increment named "nx"). Read in Redis's order: the flags (any order, repeats allowed) up
     * to the first other argument, the pairs' count, the flags' conflicts, INCR's single pair, then every score
     * before any key is touched.
     */
    private record ZaddOptions(
            byte[] key,
            boolean nx,
            boolean xx,
            boolean ch,
            boolean gt,
            boolean lt,
            boolean incr,
            double[] scores,
            byte[][] members) {

        static ZaddOptions parse(Args args, boolean incrCommand) {
            byte[] key = args.next();
            boolean nx = false;
            boolean xx = false;
            boolean ch = false;
            boolean gt = false;
            boolean lt = false;
            boolean incr = incrCommand;
            while (true) {
                if (args.option("NX")) {
                    nx = true;
                } else if (args.option("XX")) {
                    xx = true;
                } else if (args.option("CH")) {
                    ch = true;
                } else if (args.option("INCR")) {
                    incr = true;
                } else if (args.option("GT")) {
                    gt = true;
                } else if (args.option("LT")) {
                    lt = true;
                } else {
                    break;
                }
            }
            int elements = args.remaining();
            if (elements % 2 != 0 || elements == 0) {
                throw RedisError.SYNTAX;
            }
            elements /= 2;
            if (nx && xx) {
                throw XX_AND_NX;
            }
            if ((gt && nx) || (lt && nx) || (gt && lt)) {
                throw GT_LT_NX;
            }
            if (incr && elements > 1) {
                throw INCR_PAIR;
            }
            double[] scores = new double[elements];
            byte[][] members = new byte[elements][];
            for (int i = 0; i < elements; i++) {
                scores[i] = args.nextDouble();
                members[i] = args.next();
            }
            return new ZaddOptions(key, nx, xx, ch, gt, lt, incr, scores, members);
        }
    }

    private void zadd(CommandCall c, boolean incrCommand) {
        ZaddOptions options = ZaddOptions.parse(c.args(), incrCommand);
        boolean nx = options.nx();
        boolean xx = options.xx();
        boolean ch = options.ch();
        boolean gt = options.gt();
        boolean lt = options.lt();
        boolean incr = options.incr();
        double[] scores = options.scores();
        int elements = scores.length;

        Database db = c.db();
        byte[] key = options.key();
        long dirtyBefore = c.keyspace().dirty();
        KeyEntry entry = db.lookupWrite(key);
        RedisSortedSet zset = zset(entry);
        boolean created = false;
        if (zset == null) {
            if (xx) {
                replyZadd(c.reply(), incr, ch, 0, 0, 0, 0);
                return;
            }
            zset = new RedisSortedSet();
            entry = db.add(key, zset);
            created = true;
        }
        ListpackLimits limits = listpackLimits(c);
        long added = 0;
        long updated = 0;
        long processed = 0;
        double lastScore = 0;
        for (int i = 0; i < elements; i++) {
            byte[] member = options.members()[i];
            double score = scores[i];
            RedisSortedSet.Node node = zset.find(member);
            if (node != null) {
                if (nx) {
                    continue;
                }
                double current = node.score();
                if (incr) {
                    score += current;
                    if (Double.isNaN(score)) {
                        throw NAN_SCORE;
                    }
                }
                if ((lt && score >= current) || (gt && score <= current)) {
                    continue;
                }
                if (score != current) { // -0 and 0 are the same score: no update
                    zset.updateScore(node, score);
                    updated++;
                }
            } else if (!xx) {
                zset.add(member, score, limits);
                added++;
            } else {
                continue;
            }
            processed++;
            lastScore = score; // the computed score, before a listpack turns -0 into 0
        }
        if (!created && added + updated > 0) {
            db.touched(entry);
        } else if (created) {
            db.resized(entry); // the key was added empty, before its members: count them now
        }
        c.keyspace().dirty(dirtyBefore + added + updated); // Redis counts each member added or updated
        replyZadd(c.reply(), incr, ch, added, updated, processed, lastScore);
        if (added + updated > 0) {
            c.notify(NotifyType.ZSET, incr ? "zincr" : "zadd", key);
        }
    }

    private static void replyZadd(
            Reply reply, boolean incr, boolean ch, long added, long updated, long processed, double score) {
        if (incr) {
            if (processed > 0) {
                reply.doubleValue(score);
            } else {
                reply.nullBulk();
            }
        } else {
            reply.integer(ch ? added + updated : added);
        }
    }

    // ---- single-key reads and removals -----------------------------------------------------------------------

    private void zrem(CommandCall c) {
        Args args = c.args();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(args.next());
        RedisSortedSet zset = zset(entry);
        if (zset == null) {
            c.reply().integer(0);
            return;
        }
        long deleted = 0;
        while (args.hasNext()) {
            if (zset.remove(args.next())) {
                deleted++;
            }
            if (zset.size() == 0) {
                break;
            }
        }
        afterRemoval(c, entry, zset, deleted, "zrem");
        c.reply().integer(deleted);
    }

    /**
     * An emptied sorted set deletes its key; any other removal is an in-place change watchers hear of. Reports
     * {@code event} (and {@code del}) when something was removed.
     */
    private static void afterRemoval(CommandCall c, KeyEntry entry, RedisSortedSet zset, long removed, String event) {
        if (removed > 0) {
            CollectionKeys.afterRemoval(c, c.db(), entry, zset.size() == 0, NotifyType.ZSET, event, removed);
        } else if (zset.size() == 0) {
            CollectionKeys.afterRemoval(c.db(), entry, true);
        }
    }

    private void zcard(CommandCall c) {
        RedisSortedSet zset = zset(c.db().lookupRead(c.args().next()));
        c.reply().integer(zset == null ? 0 : zset.size());
    }

    private void zscore(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] member = args.next();
        RedisSortedSet zset = zset(c.db().lookupRead(key));
        RedisSortedSet.Node node = zset == null ? null : zset.find(member);
        if (node == null) {
            c.reply().nullBulk();
        } else {
            c.reply().doubleValue(node.score());
        }
    }

    private void zmscore(CommandCall c) {
        Args args = c.args();
        RedisSortedSet zset = zset(c.db().lookupRead(args.next()));
        Reply reply = c.reply();
        reply.array(args.remaining());
        while (args.hasNext()) {
            byte[] member = args.next();
            RedisSortedSet.Node node = zset == null ? null : zset.find(member);
            if (node == null) {
                reply.nullBulk();
            } else {
                reply.doubleValue(node.score());
            }
        }
    }

    /** ZRANK / ZREVRANK key member [WITHSCORE] (WITHSCORE as in Redis 7.2: [rank, score], a null array if absent). */
    private void zrank(CommandCall c, boolean reverse) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] member = args.next();
        if (args.remaining() > 1) {
            throw new RedisError(CommandDispatcher.wrongArity(c.fullName()));
        }
        boolean withScore = args.option("WITHSCORE");
        args.finish();
        RedisSortedSet zset = zset(c.db().lookupRead(key));
        RedisSortedSet.Node node = zset == null ? null : zset.find(member);
        Reply reply = c.reply();
        if (node == null) {
            if (withScore) {
                reply.nullArray();
            } else {
                reply.nullBulk();
            }
            return;
        }
        long rank = zset.rank(node);
        if (withScore) {
            reply.array(2);
        }
        reply.integer(reverse ? zset.size() - 1 - rank : rank);
        if (withScore) {
            reply.doubleValue(node.score());
        }
    }

    /** ZCOUNT key min max: the range is read before the key is looked at. */
    private void zcount(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        ScoreRange range = SortedSetRanges.score(args);
        RedisSortedSet zset = zset(c.db().lookupRead(key));
        c.reply().integer(zset == null ? 0 : zset.count(range));
    }

    private void zlexcount(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        LexRange range = SortedSetRanges.lex(args);
        RedisSortedSet zset = zset(c.db().lookupRead(key));
        c.reply().integer(zset == null ? 0 : zset.count(range));
    }

    // ---- ZREMRANGEBY* ----------------------------------------------------------------------------------------

    private void zremrangebyrank(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long start = args.nextLong();
        long end = args.nextLong();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisSortedSet zset = zset(entry);
        if (zset == null) {
            c.reply().integer(0);
            return;
        }
        IndexRange range = IndexRange.of(start, end, zset.size());
        if (range == null) {
            c.reply().integer(0);
            return;
        }
        int removed = zset.removeRangeByRank(range.first(), range.last());
        afterRemoval(c, entry, zset, removed, "zremrangebyrank");
        c.reply().integer(removed);
    }

    private void zremrangebyscore(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        ScoreRange range = SortedSetRanges.score(args);
        removeRange(c, key, zset -> zset.removeRange(range), "zremrangebyscore");
    }

    private void zremrangebylex(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        LexRange range = SortedSetRanges.lex(args);
        removeRange(c, key, zset -> zset.removeRange(range), "zremrangebylex");
    }

    /** ZREMRANGEBYSCORE / BYLEX: removes what {@code remover} selects (the key goes when emptied), replies the count. */
    private void removeRange(
            CommandCall c, byte[] key, java.util.function.ToIntFunction<RedisSortedSet> remover, String event) {
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisSortedSet zset = zset(entry);
        if (zset == null) {
            c.reply().integer(0);
            return;
        }
        int removed = remover.applyAsInt(zset);
        afterRemoval(c, entry, zset, removed, event);
        c.reply().integer(removed);
    }

    // ---- blocking pops ---------------------------------------------------------------------------------------

    /**
     * BZPOPMIN / BZPOPMAX key [key ...] timeout: the timeout is read first, then the keys in order (a key of another
     * type before any sorted set is WRONGTYPE); the reply is the key, the member and its score, flat.
     */
    private void blockingPop(CommandCall c, boolean max) {
        Args args = c.args();
        byte[][] keys = args.next(args.remaining() - 1);
        long timeout = BlockingTimeout.parseMillis(args.next());
        BlockingServe.serveOrPark(
                c,
                keys,
                timeout,
                RedisSortedSet.class,
                (call, entry, zset) -> SortedSetPop.popAndReply(call, entry, max, 1, true, false));
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the options are read before the timeout. */
    private void bzmpop(CommandCall c) {
        Args args = c.args();
        byte[] timeoutArgument = args.next();
        SortedSetPop.Options options = SortedSetPop.Options.parse(args);
        long timeout = BlockingTimeout.parseMillis(timeoutArgument);
        boolean max = options.max();
        long count = options.count();
        BlockingServe.serveOrPark(
                c,
                options.keys(),
                timeout,
                RedisSortedSet.class,
                (call, entry, zset) -> SortedSetPop.popAndReply(call, entry, max, count, true, true));
    }

    // ---- ZRANDMEMBER -----------------------------------------------------------------------------------------

    /**
     * ZRANDMEMBER key [count [WITHSCORES]]'s options, read in Redis's order: the count (any integer but the most
     * negative), then WITHSCORES and nothing after it, then the range a count with scores must keep to (its picks
     * doubled must not overflow).
     */
    private record RandomMembers(long count, boolean withScores) {

        static RandomMembers parse(Args args) {
            long count = RandomPicks.parseCount(args.next());
            boolean withScores = args.option("WITHSCORES");
            args.finish();
            if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw WITHSCORES_RANGE;
            }
            return new RandomMembers(count, withScores);
        }
    }

    private void zrandmember(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        if (args.hasNext()) {
            RandomMembers options = RandomMembers.parse(args);
            randomMembers(c, key, options.count(), options.withScores());
            return;
        }
        RedisSortedSet zset = zset(c.db().lookupRead(key));
        if (zset == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(zset.byRank(c.keyspace().random().nextInt(zset.size())).member());
    }

    /**
     * ZRANDMEMBER with a count, in Redis's cases: negative, members may repeat; at least the size, the whole set
     * (Redis lists it from the highest member down); otherwise distinct members. A member is found by its random
     * rank, in O(log n).
     */
    private void randomMembers(CommandCall c, byte[] key, long count, boolean withScores) {
        RedisSortedSet zset = zset(c.db().lookupRead(key));
        Reply reply = c.reply();
        if (zset == null || count == 0) {
            reply.array(0);
            return;
        }
        RandomGenerator random = c.keyspace().random();
        int size = zset.size();
        if (count < 0 || count == 1) {
            long picks = Math.abs(count);
            RandomPicks.checkReplySize(withScores && !reply.resp3() ? picks * 2 : picks);
            SortedSetReply.header(reply, picks, withScores);
            for (long i = 0; i < picks; i++) {
                SortedSetReply.member(reply, zset.byRank(random.nextInt(size)), withScores);
            }
            return;
        }
        if (count >= size) {
            SortedSetReply.run(reply, zset.last(), size, true, withScores);
            return;
        }
        int[] ranks = RandomPicks.distinct((int) count, size, size, rank -> true, () -> random.nextInt(size), random);
        SortedSetReply.header(reply, count, withScores);
        for (int rank : ranks) {
            SortedSetReply.member(reply, zset.byRank(rank), withScores);
        }
    }

    // ---- ZSCAN -----------------------------------------------------------------------------------------------

    /**
     * ZSCAN: a listpack-encoded set is returned whole in one call (cursor 0), in order, its scores as the listpack
     * holds them; a skip-list set is scanned through its member hash, COUNT counting members and scores alike, as in
     * Redis.
     */
    private void zscan(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long cursor = ScanCursor.parse(args.next());
        RedisSortedSet zset = zset(c.db().lookupRead(key));
        Reply reply = c.reply();
        if (zset == null) {
            reply.array(2);
            reply.bulk(CURSOR_ZERO);
            reply.array(0);
            return;
        }
        // The shared parser of COUNT / MATCH still reads by index: it takes the options from where the cursor is.
        CollectionScan options = CollectionScan.parse(args);
        long count = options.count;
        List<RedisSortedSet.Node> found = new ArrayList<>();
        if (zset.isListpack()) {
            for (RedisSortedSet.Node n = zset.first(); n != null; n = n.next()) {
                found.add(n);
            }
            cursor = 0;
        } else {
            long iterationsLeft = options.maxBuckets();
            do {
                cursor = zset.scan(cursor, found::add);
            } while (cursor != 0 && iterationsLeft-- > 0 && found.size() * 2L < count);
        }
        found.removeIf(n -> !options.matches(n.member()));
        reply.array(2);
        reply.bulk(ScanCursor.format(cursor));
        reply.array(found.size() * 2L);
        for (RedisSortedSet.Node n : found) {
            reply.bulk(n.member());
            reply.bulk(scanScore(n.score(), zset.isListpack()));
        }
    }

    /**
     * A score as ZSCAN shows it: from a listpack, an integral score within ±2^62 is the integer the listpack
     * stored; anything else is the score's {@code %.17g} text.
     */
    private static byte[] scanScore(double score, boolean listpack) {
        if (listpack && score >= -LISTPACK_INTEGER_LIMIT && score <= LISTPACK_INTEGER_LIMIT && score == (long) score) {
            return Numbers.toBytes((long) score);
        }
        return Numbers.formatDouble(score).getBytes(StandardCharsets.US_ASCII);
    }
}
