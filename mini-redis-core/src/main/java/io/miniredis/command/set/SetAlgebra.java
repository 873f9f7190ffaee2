package io.miniredis.command.set;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandHandler;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.EncodingLimits;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.RedisSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Set algebra, beside the sorted sets' {@code SortedSetAlgebra}: SINTER, SUNION, SDIFF, their STORE forms and
 * SINTERCARD. The inputs are read (missing keys as empty sets, any other type WRONGTYPE), then Redis's algorithms
 * run on them, so the result's encoding, and with it the reply order, is what Redis's would be. The STORE forms
 * replace their destination (TTL included), or delete it when the result is empty.
 */
public final class SetAlgebra implements CommandFamily {

    enum Operation {
        UNION,
        INTER,
        DIFF
    }

    private static final RedisError NUMKEYS_NOT_POSITIVE = new RedisError("ERR numkeys should be greater than 0");
    private static final RedisError TOO_MANY_KEYS =
            new RedisError("ERR Number of keys can't be greater than number of args");
    private static final RedisError NEGATIVE_LIMIT = new RedisError("ERR LIMIT can't be negative");

    /** This server's thresholds (see {@link EncodingLimits#of}). */
    private EncodingLimits limits;

    @Override
    public String group() {
        return "set";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("sinter", -2, "readonly", 1, -1, 1, algebra(Operation.INTER, false)),
                command("sintercard", -3, "readonly", this::sintercard),
                command("sinterstore", -3, "write denyoom", 1, -1, 1, algebra(Operation.INTER, true)),
                command("sunion", -2, "readonly", 1, -1, 1, algebra(Operation.UNION, false)),
                command("sunionstore", -3, "write denyoom", 1, -1, 1, algebra(Operation.UNION, true)),
                command("sdiff", -2, "readonly", 1, -1, 1, algebra(Operation.DIFF, false)),
                command("sdiffstore", -3, "write denyoom", 1, -1, 1, algebra(Operation.DIFF, true)));
        // spotless:on
    }

    private CommandHandler algebra(Operation operation, boolean store) {
        return c -> {
            Args args = c.args();
            byte[] destination = store ? args.next() : null;
            byte[][] keys = args.rest();
            if (operation == Operation.INTER) {
                intersection(c, keys, destination);
            } else {
                unionOrDifference(c, operation, keys, destination);
            }
        };
    }

    private long maxIntset(CommandCall c) {
        limits = EncodingLimits.of(c, limits);
        return limits.setMaxIntsetEntries();
    }

    /**
     * The sets at {@code keys}, null for missing keys; WRONGTYPE as soon as one holds something else (Redis checks
     * every key, even after a missing one). They are reads, counted as hits or misses, in the STORE forms too.
     */
    private static RedisSet[] lookupSets(CommandCall c, byte[][] keys) {
        Database db = c.db();
        RedisSet[] sets = new RedisSet[keys.length];
        for (int i = 0; i < keys.length; i++) {
            sets[i] = SetCommands.setOf(db.lookupRead(keys[i]));
        }
        return sets;
    }

    private static boolean anyMissing(RedisSet[] sets) {
        for (RedisSet set : sets) {
            if (set == null) {
                return true;
            }
        }
        return false;
    }

    /** Replaces {@code destination} with {@code result}, or deletes it when the result is empty; replies the size. */
    private static void store(CommandCall c, byte[] destination, RedisSet result) {
        if (result == null || result.size() == 0) {
            c.reply().integer(0);
            if (c.db().delete(destination)) {
                c.notify(NotifyType.GENERIC, "del", destination);
            }
            return;
        }
        c.db().set(destination, result, false);
        c.reply().integer(result.size());
        c.notify(NotifyType.SET, c.name(), destination); // sinterstore, sunionstore, sdiffstore
    }

    // ---- intersection ----

    /**
     * SINTER and SINTERSTORE (a {@code destination}): walks the smallest set (the first of equal ones, as Redis's
     * sort keeps them) and keeps the members every other set has, so SINTER replies in the smallest set's order.
     */
    private void intersection(CommandCall c, byte[][] keys, byte[] destination) {
        RedisSet[] sets = lookupSets(c, keys);
        if (anyMissing(sets)) {
            if (destination != null) {
                // unlike an empty result, Redis deletes (and reports it) before replying here
                if (c.db().delete(destination)) {
                    c.notify(NotifyType.GENERIC, "del", destination);
                }
                c.reply().integer(0);
            } else {
                c.reply().set(0);
            }
            return;
        }
        RedisSet[] bySize = bySize(sets);
        RedisSet smallest = bySize[0];
        if (destination != null) {
            RedisSet result = new RedisSet();
            long max = maxIntset(c);
            for (int p = 0; p < smallest.limit(); p++) {
                if (smallest.isMember(p) && inAllOthers(bySize, p)) {
                    result.add(smallest.member(p), max);
                }
            }
            store(c, destination, result);
            return;
        }
        List<byte[]> members = new ArrayList<>();
        for (int p = 0; p < smallest.limit(); p++) {
            if (smallest.isMember(p) && inAllOthers(bySize, p)) {
                members.add(smallest.member(p));
            }
        }
        Reply reply = c.reply();
        reply.set(members.size());
        for (byte[] member : members) {
            reply.bulk(member);
        }
    }

    /**
     * SINTERCARD numkeys key [key ...] [LIMIT limit], read in Redis's order: numkeys (an integer of at least 1, not
     * more than the arguments after it), then the options; the keys are looked up after.
     *
     * @param limit the most members counted, 0 for no limit
     */
    private record CardinalityQuery(byte[][] keys, long limit) {

        static CardinalityQuery parse(Args args) {
            byte[][] keys = args.numkeys(NUMKEYS_NOT_POSITIVE, NUMKEYS_NOT_POSITIVE, TOO_MANY_KEYS);
            long limit = 0;
            while (args.hasNext()) {
                if (args.option("LIMIT", 1)) {
                    limit = args.nextLong(0, Long.MAX_VALUE, NEGATIVE_LIMIT);
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            return new CardinalityQuery(keys, limit);
        }
    }

    private void sintercard(CommandCall c) {
        CardinalityQuery query = CardinalityQuery.parse(c.args());
        RedisSet[] sets = lookupSets(c, query.keys());
        if (anyMissing(sets)) {
            c.reply().integer(0);
            return;
        }
        RedisSet[] bySize = bySize(sets);
        RedisSet smallest = bySize[0];
        long limit = query.limit();
        long found = 0;
        for (int p = 0; p < smallest.limit() && (limit == 0 || found < limit); p++) {
            if (smallest.isMember(p) && inAllOthers(bySize, p)) {
                found++;
            }
        }
        c.reply().integer(found);
    }

    /** The sets by ascending size; a stable sort, so equal sizes keep the order of the arguments. */
    private static RedisSet[] bySize(RedisSet[] sets) {
        RedisSet[] sorted = sets.clone();
        Arrays.sort(sorted, Comparator.comparingInt(RedisSet::size));
        return sorted;
    }

    /** True when the member at {@code position} of {@code sets[0]} is in every other set. */
    private static boolean inAllOthers(RedisSet[] sets, int position) {
        RedisSet first = sets[0];
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] != first && !sets[j].containsMemberOf(first, position)) {
                return false;
            }
        }
        return true;
    }

    // ---- union and difference ----

    /**
     * SUNION, SDIFF and their STORE forms: the result is built as a new set, as Redis builds it, so its encoding
     * (and with it the reply order) is what Redis's would be. For SDIFF that means following Redis's choice between
     * its two algorithms: keeping the first set's members found in no other set, or adding them all and removing
     * the others' (which can leave a hashtable where the first would give an intset).
     */
    private void unionOrDifference(CommandCall c, Operation operation, byte[][] keys, byte[] destination) {
        RedisSet[] sets = lookupSets(c, keys);
        long max = maxIntset(c);
        RedisSet result = new RedisSet();
        if (operation == Operation.UNION) {
            for (RedisSet set : sets) {
                if (set != null) {
                    addAll(result, set, max);
                }
            }
        } else if (sets[0] != null) {
            difference(sets, result, max);
        }
        if (destination != null) {
            store(c, destination, result);
        } else {
            SetCommands.replyMembers(c.reply(), result);
        }
    }

    private static void difference(RedisSet[] sets, RedisSet result, long max) {
        RedisSet first = sets[0];
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] == first) {
                return; // a set minus itself: empty
            }
        }
        long keepWork = 0;
        long removeWork = 0;
        for (RedisSet set : sets) {
            if (set != null) {
                keepWork += first.size();
                removeWork += set.size();
            }
        }
        if (keepWork / 2 <= removeWork) {
            for (int p = 0; p < first.limit(); p++) {
                if (first.isMember(p) && inNoOther(sets, p)) {
                    result.add(first.member(p), max);
                }
            }
            return;
        }
        addAll(result, first, max);
        for (int j = 1; j < sets.length && result.size() > 0; j++) {
            RedisSet set = sets[j];
            if (set == null) {
                continue;
            }
            for (int p = 0; p < set.limit(); p++) {
                if (set.isMember(p)) {
                    result.remove(set.member(p));
                }
            }
        }
    }

    private static boolean inNoOther(RedisSet[] sets, int position) {
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] != null && sets[j].containsMemberOf(sets[0], position)) {
                return false;
            }
        }
        return true;
    }

    private static void addAll(RedisSet result, RedisSet set, long max) {
        for (int p = 0; p < set.limit(); p++) {
            if (set.isMember(p)) {
                result.add(set.member(p), max);
            }
        }
    }
}
