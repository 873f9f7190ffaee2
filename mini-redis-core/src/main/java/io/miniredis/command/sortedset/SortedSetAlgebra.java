package io.miniredis.command.sortedset;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.protocol.RedisError;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.ListpackLimits;
import io.miniredis.store.RedisSet;
import io.miniredis.store.RedisSortedSet;
import io.miniredis.store.ScoreAccumulator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD: one parser and Redis's algorithms, whose order of
 * floating-point operations the results depend on. Union and intersection take the inputs from the smallest to the
 * largest (a stable sort, as glibc's qsort is for these sizes), multiply each score by its input's weight, and fold
 * with SUM (NaN, from inf + -inf, becomes 0), MIN or MAX; a weight times a score that is NaN (0 * inf) counts 0 when
 * it starts a member's score. Plain sets are inputs too, every member with score 1.
 */
final class SortedSetAlgebra {

    enum Operation {
        UNION,
        INTER,
        DIFF
    }

    private static final DoubleBinaryOperator SUM = (target, value) -> {
        double sum = target + value;
        return Double.isNaN(sum) ? 0.0 : sum;
    };
    private static final DoubleBinaryOperator MIN = (target, value) -> value < target ? value : target;
    private static final DoubleBinaryOperator MAX = (target, value) -> value > target ? value : target;
    /** AGGREGATE's choices, in the order they are named to {@link Args#oneOf}. */
    private static final DoubleBinaryOperator[] AGGREGATES = {SUM, MIN, MAX};

    private static final RedisError NOT_A_WEIGHT = new RedisError("ERR weight value is not a float");
    private static final RedisError NEGATIVE_LIMIT = new RedisError("ERR LIMIT can't be negative");

    private final Operation operation;
    /** The STORE forms: the encoding limits of the destination; null for the commands that reply with the result. */
    private final Function<CommandCall, ListpackLimits> storeLimits;

    private final boolean store;
    private final boolean cardinalityOnly;

    SortedSetAlgebra(Operation operation, Function<CommandCall, ListpackLimits> storeLimits, boolean cardinalityOnly) {
        this.operation = operation;
        this.storeLimits = storeLimits;
        this.store = storeLimits != null;
        this.cardinalityOnly = cardinalityOnly;
    }

    /** One input: a sorted set, a plain set, or nothing (a missing key); with its weight. */
    private static final class Source {
        final RedisSortedSet zset;
        final RedisSet set;
        double weight = 1;

        Source(Object value) {
            this.zset = value instanceof RedisSortedSet z ? z : null;
            this.set = value instanceof RedisSet s ? s : null;
        }

        int size() {
            return zset != null ? zset.size() : set != null ? set.size() : 0;
        }

        Object subject() {
            return zset != null ? zset : set;
        }

        /** The member's score, or NaN when it is not in this input (scores are never NaN). */
        double scoreOf(byte[] member) {
            if (zset != null) {
                RedisSortedSet.Node node = zset.find(member);
                return node == null ? Double.NaN : node.score();
            }
            return set != null && set.contains(member) ? 1.0 : Double.NaN;
        }

        /** Visits the members in order while the visitor returns true. */
        void forEach(Walker walker) {
            if (zset != null) {
                for (RedisSortedSet.Node n = zset.first(); n != null; n = n.next()) {
                    if (!walker.visit(n.member(), n.score())) {
                        return;
                    }
                }
            } else if (set != null) {
                for (int position = 0; position < set.limit(); position++) {
                    if (set.isMember(position) && !walker.visit(set.member(position), 1.0)) {
                        return;
                    }
                }
            }
        }
    }

    /** Visits a member of an input; false stops the walk. */
    @FunctionalInterface
    private interface Walker {
        boolean visit(byte[] member, double score);
    }

    /** Receives a member of the result. */
    @FunctionalInterface
    private interface ScoredVisitor {
        void accept(byte[] member, double score);
    }

    /**
     * The options after the keys, read once the inputs are looked up (Redis checks the keys' types first): WEIGHTS
     * (one per input, needing them all present before any is read) and AGGREGATE for union and intersection,
     * WITHSCORES for the forms that reply with members, LIMIT for ZINTERCARD; any of them repeated, the last
     * winning.
     *
     * @param weights one per input, in the order of the keys; null when not given (all 1)
     * @param limit   ZINTERCARD's most members counted, 0 for no limit
     */
    private record Options(double[] weights, DoubleBinaryOperator aggregate, boolean withScores, long limit) {

        static Options parse(Args args, int inputs, Operation operation, boolean store, boolean cardinalityOnly) {
            double[] weights = null;
            DoubleBinaryOperator aggregate = SUM;
            boolean withScores = false;
            long limit = 0;
            boolean algebraOptions = operation != Operation.DIFF && !cardinalityOnly;
            while (args.hasNext()) {
                if (algebraOptions && args.option("WEIGHTS", inputs)) {
                    weights = new double[inputs];
                    for (int i = 0; i < inputs; i++) {
                        weights[i] = args.nextDouble(NOT_A_WEIGHT);
                    }
                } else if (algebraOptions && args.option("AGGREGATE", 1)) {
                    aggregate = AGGREGATES[args.oneOf("SUM", "MIN", "MAX")];
                } else if (!store && !cardinalityOnly && args.option("WITHSCORES")) {
                    withScores = true;
                } else if (cardinalityOnly && args.option("LIMIT", 1)) {
                    limit = args.nextLong(0, Long.MAX_VALUE, NEGATIVE_LIMIT);
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            return new Options(weights, aggregate, withScores, limit);
        }
    }

    /**
     * Reads {@code [destination] numkeys key [key ...]}, looks the inputs up (even for a STORE form, as reads: Redis
     * counts hits and misses), then reads the options and runs the operation.
     */
    void run(CommandCall c) {
        Args args = c.args();
        byte[] destination = store ? args.next() : null;
        long numkeys = args.nextLong();
        if (numkeys < 1) {
            // not Args.numkeys: the text names the command, so it is made only when needed
            throw new RedisError("ERR at least 1 input key is needed for '" + c.fullName() + "' command");
        }
        if (numkeys > args.remaining()) {
            throw RedisError.SYNTAX;
        }
        byte[][] keys = args.next((int) numkeys);
        Database db = c.db();
        Source[] sources = new Source[keys.length];
        for (int i = 0; i < sources.length; i++) {
            KeyEntry entry = db.lookupRead(keys[i]);
            Object value = entry == null ? null : entry.value();
            if (value != null && !(value instanceof RedisSortedSet) && !(value instanceof RedisSet)) {
                throw RedisError.WRONGTYPE;
            }
            sources[i] = new Source(value);
        }
        Options options = Options.parse(args, sources.length, operation, store, cardinalityOnly);
        if (options.weights() != null) {
            for (int i = 0; i < sources.length; i++) {
                sources[i].weight = options.weights()[i];
            }
        }

        if (operation != Operation.DIFF) {
            Arrays.sort(sources, Comparator.comparingInt(Source::size)); // stable: ties keep the argument order
        }
        if (cardinalityOnly) {
            c.reply().integer(intersectionSize(sources, options.limit()));
            return;
        }
        RedisSortedSet result = switch (operation) {
            case UNION -> union(sources, options.aggregate());
            case INTER -> intersection(sources, options.aggregate());
            case DIFF -> difference(sources);
        };
        if (store) {
            if (result.size() > 0) {
                SortedSetCommands.storeResult(c, destination, result, storeLimits.apply(c));
                c.reply().integer(result.size());
                c.notify(NotifyType.ZSET, c.name(), destination); // zunionstore, zinterstore, zdiffstore
            } else {
                c.reply().integer(0);
                if (db.delete(destination)) {
                    c.notify(NotifyType.GENERIC, "del", destination);
                }
            }
        } else {
            SortedSetReply.run(c.reply(), result.first(), result.size(), false, options.withScores());
        }
    }

    private static double weighted(double weight, double score) {
        double product = weight * score;
        return Double.isNaN(product) ? 0 : product;
    }

    private static RedisSortedSet union(Source[] sources, DoubleBinaryOperator aggregate) {
        ScoreAccumulator accumulator = new ScoreAccumulator();
        for (Source source : sources) {
            double weight = source.weight;
            source.forEach((member, score) -> {
                accumulator.accumulate(member, weighted(weight, score), aggregate);
                return true;
            });
        }
        return accumulator.toSortedSet();
    }

    private static RedisSortedSet intersection(Source[] sources, DoubleBinaryOperator aggregate) {
        RedisSortedSet result = RedisSortedSet.skipList();
        intersect(sources, aggregate, 0, (member, score) -> result.insert(member, score));
        return result;
    }

    private static long intersectionSize(Source[] sources, long limit) {
        long[] count = {0};
        intersect(sources, SUM, limit, (member, score) -> count[0]++);
        return count[0];
    }

    /**
     * Walks the smallest input and keeps the members every other input has, with the aggregated score. Stops after
     * {@code limit} members when it is not 0.
     */
    private static void intersect(Source[] sources, DoubleBinaryOperator aggregate, long limit, ScoredVisitor out) {
        Source smallest = sources[0];
        long[] found = {0};
        smallest.forEach((member, score) -> {
            double total = weighted(smallest.weight, score);
            for (int j = 1; j < sources.length; j++) {
                double value = sources[j].subject() == smallest.subject() ? score : sources[j].scoreOf(member);
                if (Double.isNaN(value)) {
                    return true; // not in every input
                }
                total = aggregate.applyAsDouble(total, value * sources[j].weight);
            }
            out.accept(member, total);
            return limit == 0 || ++found[0] < limit;
        });
    }

    private static RedisSortedSet difference(Source[] sources) {
        RedisSortedSet result = RedisSortedSet.skipList();
        Source first = sources[0];
        first.forEach((member, score) -> {
            for (int j = 1; j < sources.length; j++) {
                if (sources[j].subject() == first.subject() || !Double.isNaN(sources[j].scoreOf(member))) {
                    return true;
                }
            }
            result.insert(member, score);
            return true;
        });
        return result;
    }
}
