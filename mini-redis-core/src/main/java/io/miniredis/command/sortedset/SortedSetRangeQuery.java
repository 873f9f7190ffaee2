package io.miniredis.command.sortedset;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.IndexRange;
import io.miniredis.protocol.RedisError;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.LexRange;
import io.miniredis.store.ListpackLimits;
import io.miniredis.store.RedisSortedSet;
import io.miniredis.store.ScoreRange;
import java.util.function.Function;

/**
 * ZRANGE and the commands it generalises (ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX,
 * ZREVRANGEBYLEX) and ZRANGESTORE: one parser and one walk, parameterised as Redis's own: which range kind and
 * direction the command fixes (the rest come from BYSCORE / BYLEX / REV), and whether the result is stored.
 *
 * <p>The order of checks is Redis's: options, then their conflicts, then the range arguments, then the key.
 */
final class SortedSetRangeQuery {

    enum Kind {
        AUTO,
        RANK,
        SCORE,
        LEX
    }

    enum Direction {
        AUTO,
        FORWARD,
        REVERSE
    }

    private final Kind fixedKind;
    private final Direction fixedDirection;
    /** ZRANGESTORE: the encoding limits of the destination; null for the commands that reply with the range. */
    private final Function<CommandCall, ListpackLimits> storeLimits;

    private final boolean store;

    SortedSetRangeQuery(Kind kind, Direction direction, Function<CommandCall, ListpackLimits> storeLimits) {
        this.fixedKind = kind;
        this.fixedDirection = direction;
        this.storeLimits = storeLimits;
        this.store = storeLimits != null;
    }

    /**
     * One query's arguments: {@code [destination] key min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
     * [WITHSCORES]}, the options in any order. The range kind and direction are the command's, or AUTO where the
     * options pick them; min and max stay text until the kind is known.
     *
     * @param limit the most members taken, -1 for no limit (no LIMIT option)
     */
    private record Query(
            byte[] destination,
            byte[] key,
            byte[] min,
            byte[] max,
            Kind kind,
            boolean reverse,
            long offset,
            long limit,
            boolean withScores) {

        /** Options first, then their conflicts, as Redis checks them; the range ends are read after, by kind. */
        static Query parse(Args args, Kind fixedKind, Direction fixedDirection, boolean store) {
            byte[] destination = store ? args.next() : null;
            byte[] key = args.next();
            byte[] min = args.next();
            byte[] max = args.next();
            Kind kind = fixedKind;
            Direction direction = fixedDirection;
            long offset = 0;
            long limit = -1;
            boolean withScores = false;
            while (args.hasNext()) {
                if (!store && args.option("WITHSCORES")) {
                    withScores = true;
                } else if (args.option("LIMIT", 2)) {
                    offset = args.nextLong();
                    limit = args.nextLong();
                } else if (direction == Direction.AUTO && args.option("REV")) {
                    direction = Direction.REVERSE;
                } else if (kind == Kind.AUTO && args.option("BYLEX")) {
                    kind = Kind.LEX;
                } else if (kind == Kind.AUTO && args.option("BYSCORE")) {
                    kind = Kind.SCORE;
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            boolean reverse = direction == Direction.REVERSE;
            if (kind == Kind.AUTO) {
                kind = Kind.RANK;
            }
            if (limit != -1 && kind == Kind.RANK) {
                throw new RedisError(
                        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            }
            if (withScores && kind == Kind.LEX) {
                throw new RedisError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
            }
            if (reverse && kind != Kind.RANK) {
                // A reversed score or lex range is written max first.
                byte[] swap = min;
                min = max;
                max = swap;
            }
            return new Query(destination, key, min, max, kind, reverse, offset, limit, withScores);
        }
    }

    void run(CommandCall c) {
        Query query = Query.parse(c.args(), fixedKind, fixedDirection, store);
        boolean reverse = query.reverse();
        Selection selection;
        switch (query.kind()) {
            case RANK -> {
                long start = Args.toLong(query.min());
                long end = Args.toLong(query.max());
                RedisSortedSet zset = source(c, query.key());
                selection = zset == null ? null : byRank(zset, start, end, reverse);
            }
            case SCORE -> {
                ScoreRange range = SortedSetRanges.score(query.min(), query.max());
                RedisSortedSet zset = source(c, query.key());
                selection = zset == null ? null : byScore(zset, range, query.offset(), query.limit(), reverse);
            }
            default -> {
                LexRange range = SortedSetRanges.lex(query.min(), query.max());
                RedisSortedSet zset = source(c, query.key());
                selection = zset == null ? null : byLex(zset, range, query.offset(), query.limit(), reverse);
            }
        }
        if (store) {
            store(c, query.destination(), selection, reverse);
        } else if (selection == null) {
            c.reply().array(0);
        } else {
            SortedSetReply.run(c.reply(), selection.start, selection.count, reverse, query.withScores());
        }
    }

    /** The first node to return and how many, walking in the query's direction. */
    private record Selection(RedisSortedSet.Node start, long count) {}

    private static final Selection NONE = new Selection(null, 0);

    private static RedisSortedSet source(CommandCall c, byte[] key) {
        return SortedSetCommands.zset(c.db().lookupRead(key));
    }

    static Selection byRank(RedisSortedSet zset, long start, long end, boolean reverse) {
        IndexRange range = IndexRange.of(start, end, zset.size());
        if (range == null) {
            return NONE;
        }
        RedisSortedSet.Node first = zset.byRank(reverse ? zset.size() - 1 - range.first() : range.first());
        return new Selection(first, range.count());
    }

    /**
     * From the first member in range (the last when reversed), skips {@code offset} members (a jump by rank, where
     * Redis walks: the same members) and takes members while they are in range, at most {@code limit} (negative:
     * no limit). A negative offset selects nothing, as in Redis.
     */
    private static Selection byScore(RedisSortedSet zset, ScoreRange range, long offset, long limit, boolean reverse) {
        if (offset < 0 || (offset > 0 && offset >= zset.size())) {
            return NONE;
        }
        RedisSortedSet.Node start = skip(zset, reverse ? zset.lastIn(range) : zset.firstIn(range), offset, reverse);
        long count = 0;
        for (RedisSortedSet.Node n = start; n != null && count != limit; n = reverse ? n.previous() : n.next()) {
            if (reverse ? !range.aboveMin(n.score()) : !range.belowMax(n.score())) {
                break;
            }
            count++;
        }
        return new Selection(start, count);
    }

    private static Selection byLex(RedisSortedSet zset, LexRange range, long offset, long limit, boolean reverse) {
        if (offset < 0 || (offset > 0 && offset >= zset.size())) {
            return NONE;
        }
        RedisSortedSet.Node start = skip(zset, reverse ? zset.lastIn(range) : zset.firstIn(range), offset, reverse);
        long count = 0;
        for (RedisSortedSet.Node n = start; n != null && count != limit; n = reverse ? n.previous() : n.next()) {
            if (reverse ? !range.aboveMin(n.member()) : !range.belowMax(n.member())) {
                break;
            }
            count++;
        }
        return new Selection(start, count);
    }

    private static RedisSortedSet.Node skip(
            RedisSortedSet zset, RedisSortedSet.Node from, long offset, boolean reverse) {
        if (from == null || offset == 0) {
            return from;
        }
        long rank = zset.rank(from);
        return zset.byRank(reverse ? rank - offset : rank + offset);
    }

    /**
     * ZRANGESTORE: the selection becomes the destination (any old value replaced, its TTL dropped); an empty one
     * deletes the destination. Replies with the stored size.
     */
    private void store(CommandCall c, byte[] destination, Selection selection, boolean reverse) {
        Database db = c.db();
        if (selection == null || selection.count == 0) {
            c.reply().integer(0);
            if (db.delete(destination)) {
                c.notify(NotifyType.GENERIC, "del", destination);
            }
            return;
        }
        RedisSortedSet result = RedisSortedSet.skipList();
        RedisSortedSet.Node node = selection.start;
        for (long i = 0; i < selection.count; i++) {
            result.insert(node.member(), node.score());
            node = reverse ? node.previous() : node.next();
        }
        SortedSetCommands.storeResult(c, destination, result, storeLimits.apply(c));
        c.reply().integer(result.size());
        c.notify(NotifyType.ZSET, "zrangestore", destination);
    }
}
