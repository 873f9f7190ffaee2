package io.miniredis.command.set;

import io.miniredis.pubsub.NotifyType;
import io.miniredis.protocol.Reply;
import io.miniredis.store.Database;
import io.miniredis.store.FieldTable;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

import static io.miniredis.command.CommandSpec.command;
import io.miniredis.protocol.RedisError;
import io.miniredis.command.CommandCall;
import io.miniredis.command.ScanCursor;
import io.miniredis.command.CollectionKeys;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.RandomPicks;
import io.miniredis.command.CollectionScan;
import io.miniredis.command.Args;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.EncodingLimits;

/**
 * The set commands. Replies list members in the set's order: ascending numbers for an intset, as Redis does,
 * insertion order for a hashtable (Redis's order there is its hash table's, which no client can rely on). A set
 * emptied by a command is deleted; the *STORE commands replace their destination (TTL included), or delete it when
 * the result is empty.
 */
public final class SetCommands implements CommandFamily {

    private static final RedisError NUMKEYS_NOT_POSITIVE = new RedisError("ERR numkeys should be greater than 0");
    private static final RedisError TOO_MANY_KEYS =
            new RedisError("ERR Number of keys can't be greater than number of args");
    private static final RedisError NEGATIVE_LIMIT = new RedisError("ERR LIMIT can't be negative");
    /** SPOP keeps the remaining members in a new set, rather than popping one by one, when so few remain. */
    private static final int SPOP_MOVE_STRATEGY_MUL = 5;

    /** This server's thresholds (see {@link EncodingLimits#of}). */
    private EncodingLimits limits;

    @Override
    public String group() {
        return "set";
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(
                command("sadd", -3, "write denyoom fast", 1, 1, 1, this::sadd),
                command("srem", -3, "write fast", 1, 1, 1, this::srem),
                command("smembers", 2, "readonly", 1, 1, 1, this::smembers),
                command("sismember", 3, "readonly fast", 1, 1, 1, this::sismember),
                command("smismember", -3, "readonly fast", 1, 1, 1, this::smismember),
                command("scard", 2, "readonly fast", 1, 1, 1, this::scard),
                command("spop", -2, "write fast", 1, 1, 1, this::spop),
                command("srandmember", -2, "readonly", 1, 1, 1, this::srandmember),
                command("smove", 4, "write fast", 1, 2, 1, this::smove),
                command("sinter", -2, "readonly", 1, -1, 1, c -> sinter(c, 1, c.argc(), null)),
                command("sintercard", -3, "readonly", this::sintercard),
                command("sinterstore", -3, "write denyoom", 1, -1, 1, c -> sinter(c, 2, c.argc(), c.arg(1))),
                command("sunion", -2, "readonly", 1, -1, 1, c -> unionOrDiff(c, false, 1, null)),
                command("sunionstore", -3, "write denyoom", 1, -1, 1, c -> unionOrDiff(c, false, 2, c.arg(1))),
                command("sdiff", -2, "readonly", 1, -1, 1, c -> unionOrDiff(c, true, 1, null)),
                command("sdiffstore", -3, "write denyoom", 1, -1, 1, c -> unionOrDiff(c, true, 2, c.arg(1))),
                command("sscan", -3, "readonly", 1, 1, 1, this::sscan));
    }

    private long maxIntset(CommandCall c) {
        limits = EncodingLimits.of(c, limits);
        return limits.setMaxIntsetEntries();
    }

    /** The set at {@code entry}, null for a missing key, WRONGTYPE for another type. */
    static RedisSet setOf(KeyEntry entry) {
        return CollectionKeys.valueOf(entry, RedisSet.class);
    }

    private static void writeMember(Reply reply, RedisSet set, int position) {
        reply.bulk(set.member(position));
    }

    /** Every member, in the set's order, as a RESP3 set (an array in RESP2). */
    private static void replyMembers(Reply reply, RedisSet set) {
        reply.set(set.size());
        writeAll(reply, set);
    }

    private static void writeAll(Reply reply, RedisSet set) {
        for (int p = 0; p < set.limit(); p++) {
            if (set.isMember(p)) {
                writeMember(reply, set, p);
            }
        }
    }

    // ---- one set ----

    private void sadd(CommandCall c) {
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        RedisSet set = setOf(entry);
        boolean created = set == null;
        if (created) {
            set = new RedisSet();
        }
        long max = maxIntset(c);
        long added = 0;
        for (int i = 2; i < c.argc(); i++) {
            if (set.add(c.arg(i), max)) {
                added++;
            }
        }
        if (created) {
            db.add(c.arg(1), set);
        } else if (added > 0) {
            db.touched(entry);
        }
        if (added > 0) {
            c.notify(NotifyType.SET, "sadd", c.arg(1));
        }
        c.reply().integer(added);
    }

    private void srem(CommandCall c) {
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        RedisSet set = setOf(entry);
        if (set == null) {
            c.reply().integer(0);
            return;
        }
        long removed = 0;
        for (int i = 2; i < c.argc(); i++) {
            if (set.remove(c.arg(i))) {
                removed++;
                if (set.size() == 0) {
                    break; // Redis stops here too: the key goes
                }
            }
        }
        if (removed > 0) {
            CollectionKeys.afterRemoval(c, db, entry, set.size() == 0, NotifyType.SET, "srem");
        }
        c.reply().integer(removed);
    }

    private void smembers(CommandCall c) {
        RedisSet set = setOf(c.db().lookupRead(c.arg(1)));
        if (set == null) {
            c.reply().set(0);
            return;
        }
        replyMembers(c.reply(), set);
    }

    private void sismember(CommandCall c) {
        RedisSet set = setOf(c.db().lookupRead(c.arg(1)));
        c.reply().integer(set != null && set.contains(c.arg(2)) ? 1 : 0);
    }

    private void smismember(CommandCall c) {
        RedisSet set = setOf(c.db().lookupRead(c.arg(1)));
        Reply reply = c.reply();
        reply.array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            reply.integer(set != null && set.contains(c.arg(i)) ? 1 : 0);
        }
    }

    private void scard(CommandCall c) {
        RedisSet set = setOf(c.db().lookupRead(c.arg(1)));
        c.reply().integer(set == null ? 0 : set.size());
    }

    // ---- random members ----

    private void spop(CommandCall c) {
        if (c.argc() > 3) {
            throw RedisError.SYNTAX;
        }
        Database db = c.db();
        RandomGenerator random = c.keyspace().random();
        if (c.argc() == 2) {
            KeyEntry entry = db.lookupWrite(c.arg(1));
            RedisSet set = setOf(entry);
            if (set == null) {
                c.reply().nullBulk();
                return;
            }
            byte[] member = set.member(set.randomPosition(random));
            set.remove(member);
            c.notify(NotifyType.SET, "spop", c.arg(1));
            c.reply().bulk(member);
            afterSpop(c, db, entry, set);
            return;
        }
        long count;
        try {
            count = Args.toLong(c.arg(2));
        } catch (RedisError notInteger) {
            throw RedisError.NOT_POSITIVE;
        }
        if (count < 0) {
            throw RedisError.NOT_POSITIVE;
        }
        KeyEntry entry = db.lookupWrite(c.arg(1));
        RedisSet set = setOf(entry);
        Reply reply = c.reply();
        if (set == null || count == 0) {
            reply.set(0);
            return;
        }
        int size = set.size();
        c.notify(NotifyType.SET, "spop", c.arg(1)); // Redis reports SPOP before its reply, and "del" after it
        if (count >= size) {
            replyMembers(reply, set);
            db.delete(c.arg(1));
            c.notify(NotifyType.GENERIC, "del", c.arg(1));
            return;
        }
        int[] positions = RandomPicks.distinct((int) count, size, set.limit(), set::isMember,
                () -> set.randomPosition(random), random);
        // Members first: removals move the others between positions.
        byte[][] popped = new byte[positions.length][];
        for (int i = 0; i < positions.length; i++) {
            popped[i] = set.member(positions[i]);
        }
        for (byte[] member : popped) {
            set.remove(member);
        }
        long remaining = size - count;
        if (remaining * SPOP_MOVE_STRATEGY_MUL <= count) {
            // Redis moves the few remaining members into a new set here, which gets a fresh encoding.
            set.reencode(maxIntset(c));
        }
        reply.set(popped.length);
        for (byte[] member : popped) {
            reply.bulk(member);
        }
        db.touched(entry);
    }

    /** After SPOP's reply: the emptied set's key goes ({@code del} reported), or it changed in place. */
    private static void afterSpop(CommandCall c, Database db, KeyEntry entry, RedisSet set) {
        byte[] key = entry.key();
        boolean emptied = set.size() == 0;
        CollectionKeys.afterRemoval(db, entry, emptied);
        if (emptied) {
            c.notify(NotifyType.GENERIC, "del", key);
        }
    }

    private void srandmember(CommandCall c) {
        if (c.argc() > 3) {
            throw RedisError.SYNTAX;
        }
        Reply reply = c.reply();
        RandomGenerator random = c.keyspace().random();
        if (c.argc() == 2) {
            RedisSet set = setOf(c.db().lookupRead(c.arg(1)));
            if (set == null) {
                reply.nullBulk();
            } else {
                writeMember(reply, set, set.randomPosition(random));
            }
            return;
        }
        long count = RandomPicks.parseCount(c.arg(2));
        RedisSet set = setOf(c.db().lookupRead(c.arg(1)));
        if (set == null || count == 0) {
            reply.array(0);
            return;
        }
        if (count < 0) {
            long picks = -count;
            RandomPicks.checkReplySize(picks);
            reply.array(picks);
            for (long i = 0; i < picks; i++) {
                writeMember(reply, set, set.randomPosition(random));
            }
            return;
        }
        int size = set.size();
        if (count >= size) {
            reply.array(size);
            writeAll(reply, set);
            return;
        }
        int[] positions = RandomPicks.distinct((int) count, size, set.limit(), set::isMember,
                () -> set.randomPosition(random), random);
        reply.array(positions.length);
        for (int p : positions) {
            writeMember(reply, set, p);
        }
    }

    // ---- two sets ----

    private void smove(CommandCall c) {
        Database db = c.db();
        byte[] source = c.arg(1);
        byte[] destination = c.arg(2);
        byte[] member = c.arg(3);
        KeyEntry sourceEntry = db.lookupWrite(source);
        KeyEntry destinationEntry = db.lookupWrite(destination);
        if (sourceEntry == null) {
            c.reply().integer(0);
            return;
        }
        RedisSet from = setOf(sourceEntry);
        RedisSet to = setOf(destinationEntry);
        if (from == to) {
            c.reply().integer(from.contains(member) ? 1 : 0);
            return;
        }
        if (!from.remove(member)) {
            c.reply().integer(0);
            return;
        }
        CollectionKeys.afterRemoval(c, db, sourceEntry, from.size() == 0, NotifyType.SET, "srem");
        long max = maxIntset(c);
        if (to == null) {
            to = new RedisSet();
            to.add(member, max);
            db.add(destination, to);
            c.notify(NotifyType.SET, "sadd", destination);
        } else if (to.add(member, max)) {
            db.touched(destinationEntry);
            c.notify(NotifyType.SET, "sadd", destination);
        }
        c.reply().integer(1);
    }

    // ---- algebra ----

    /**
     * The sets named by arguments {@code [from, to)}, null for missing keys; WRONGTYPE as soon as one holds something
     * else (Redis checks every key, even after a missing one). They are reads, counted as hits or misses, in the
     * *STORE forms too.
     */
    private static RedisSet[] lookupSets(CommandCall c, int from, int to) {
        Database db = c.db();
        RedisSet[] sets = new RedisSet[to - from];
        for (int i = from; i < to; i++) {
            sets[i - from] = setOf(db.lookupRead(c.arg(i)));
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
        c.notify(NotifyType.SET, c.spec().name(), destination); // sinterstore, sunionstore, sdiffstore
    }

    /**
     * SINTER and SINTERSTORE: walks the smallest set (the first of equal ones, as Redis's sort keeps them) and keeps
     * the members every other set has, so SINTER replies in the smallest set's order.
     */
    private void sinter(CommandCall c, int from, int to, byte[] destination) {
        RedisSet[] sets = lookupSets(c, from, to);
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

    private void sintercard(CommandCall c) {
        long numkeys;
        try {
            numkeys = Args.toLong(c.arg(1));
        } catch (RedisError notInteger) {
            throw NUMKEYS_NOT_POSITIVE;
        }
        if (numkeys < 1) {
            throw NUMKEYS_NOT_POSITIVE;
        }
        if (numkeys > c.argc() - 2) {
            throw TOO_MANY_KEYS;
        }
        int firstOption = 2 + (int) numkeys;
        long limit = 0;
        for (int i = firstOption; i < c.argc(); i++) {
            if (i + 1 < c.argc() && Args.is(c.arg(i), "LIMIT")) {
                try {
                    limit = Args.toLong(c.arg(++i));
                } catch (RedisError notInteger) {
                    throw NEGATIVE_LIMIT;
                }
                if (limit < 0) {
                    throw NEGATIVE_LIMIT;
                }
            } else {
                throw RedisError.SYNTAX;
            }
        }
        RedisSet[] sets = lookupSets(c, 2, firstOption);
        if (anyMissing(sets)) {
            c.reply().integer(0);
            return;
        }
        RedisSet[] bySize = bySize(sets);
        RedisSet smallest = bySize[0];
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

    /**
     * SUNION, SDIFF and their *STORE forms: the result is built as a new set, as Redis builds it, so its encoding
     * (and with it the reply order) is what Redis's would be. For SDIFF that means following Redis's choice between
     * its two algorithms: keeping the first set's members found in no other set, or adding them all and removing
     * the others' (which can leave a hashtable where the first would give an intset).
     */
    private void unionOrDiff(CommandCall c, boolean diff, int from, byte[] destination) {
        RedisSet[] sets = lookupSets(c, from, c.argc());
        long max = maxIntset(c);
        RedisSet result = new RedisSet();
        if (!diff) {
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
            replyMembers(c.reply(), result);
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

    // ---- scan ----

    /**
     * SSCAN: the cursor first, then the key (a missing one is an empty scan whatever the options), its type, the
     * options. An intset is returned whole, in order, with cursor 0, as Redis does.
     */
    private void sscan(CommandCall c) {
        long cursor = ScanCursor.parse(c.arg(2));
        RedisSet set = setOf(c.db().lookupRead(c.arg(1)));
        if (set == null) {
            CollectionScan.replyEmpty(c.reply());
            return;
        }
        CollectionScan scan = CollectionScan.parse(c, 3);
        List<byte[]> visited = new ArrayList<>();
        FieldTable table = set.table();
        if (table == null) {
            for (int p = 0; p < set.limit(); p++) {
                visited.add(set.member(p));
            }
            cursor = 0;
        } else {
            long bucketsLeft = scan.maxBuckets();
            do {
                cursor = table.scan(cursor, slot -> {
                    byte[] member = table.key(slot);
                    if (member != null) {
                        visited.add(member);
                    }
                });
            } while (cursor != 0 && bucketsLeft-- > 0 && visited.size() < scan.count);
        }
        List<byte[]> found = visited;
        if (scan.pattern != null) {
            found = new ArrayList<>(visited.size());
            for (byte[] member : visited) {
                if (scan.matches(member)) {
                    found.add(member);
                }
            }
        }
        CollectionScan.reply(c.reply(), cursor, found);
    }
}
