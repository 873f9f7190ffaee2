package io.miniredis.command.set;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CollectionKeys;
import io.miniredis.command.CollectionScan;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.EncodingLimits;
import io.miniredis.command.Propagation;
import io.miniredis.command.RandomPicks;
import io.miniredis.command.ScanCursor;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.FieldTable;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisSet;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The set commands on one or two sets; SINTER, SUNION, SDIFF and their forms are {@link SetAlgebra}. Replies list
 * members in the set's order: ascending numbers for an intset, as Redis does, insertion order for a hashtable
 * (Redis's order there is its hash table's, which no client can rely on). A set emptied by a command is deleted.
 */
public final class SetCommands implements CommandFamily {

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
        // spotless:off: the table keeps one line per command
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
                command("sscan", -3, "readonly", 1, 1, 1, this::sscan));
        // spotless:on
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
    static void replyMembers(Reply reply, RedisSet set) {
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
        Args args = c.args();
        byte[] key = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisSet set = setOf(entry);
        boolean created = set == null;
        if (created) {
            set = new RedisSet();
        }
        long max = maxIntset(c);
        long added = 0;
        long dirty = c.keyspace().dirty();
        while (args.hasNext()) {
            if (set.add(args.next(), max)) {
                added++;
            }
        }
        if (created) {
            db.add(key, set);
        } else if (added > 0) {
            db.touched(entry);
        }
        c.keyspace().dirty(dirty + added); // Redis counts each member added as a change
        if (added > 0) {
            c.notify(NotifyType.SET, "sadd", key);
        }
        c.reply().integer(added);
    }

    private void srem(CommandCall c) {
        Args args = c.args();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(args.next());
        RedisSet set = setOf(entry);
        if (set == null) {
            c.reply().integer(0);
            return;
        }
        long removed = 0;
        while (args.hasNext()) {
            if (set.remove(args.next())) {
                removed++;
                if (set.size() == 0) {
                    break; // Redis stops here too: the key goes
                }
            }
        }
        if (removed > 0) {
            CollectionKeys.afterRemoval(c, db, entry, set.size() == 0, NotifyType.SET, "srem", removed);
        }
        c.reply().integer(removed);
    }

    private void smembers(CommandCall c) {
        RedisSet set = setOf(c.db().lookupRead(c.args().next()));
        if (set == null) {
            c.reply().set(0);
            return;
        }
        replyMembers(c.reply(), set);
    }

    private void sismember(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] member = args.next();
        RedisSet set = setOf(c.db().lookupRead(key));
        c.reply().integer(set != null && set.contains(member) ? 1 : 0);
    }

    private void smismember(CommandCall c) {
        Args args = c.args();
        RedisSet set = setOf(c.db().lookupRead(args.next()));
        Reply reply = c.reply();
        reply.array(args.remaining());
        while (args.hasNext()) {
            byte[] member = args.next();
            reply.integer(set != null && set.contains(member) ? 1 : 0);
        }
    }

    private void scard(CommandCall c) {
        RedisSet set = setOf(c.db().lookupRead(c.args().next()));
        c.reply().integer(set == null ? 0 : set.size());
    }

    // ---- random members ----

    /**
     * SPOP key [count]. More than one argument after the key is a syntax error before the count is read; a count
     * that is not an integer, or is negative, is "must be positive".
     */
    private void spop(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        if (args.remaining() > 1) {
            throw RedisError.SYNTAX;
        }
        Database db = c.db();
        RandomGenerator random = c.keyspace().random();
        if (!args.hasNext()) {
            KeyEntry entry = db.lookupWrite(key);
            RedisSet set = setOf(entry);
            if (set == null) {
                c.reply().nullBulk();
                return;
            }
            byte[] member = set.member(set.randomPosition(random));
            set.remove(member);
            c.notify(NotifyType.SET, "spop", key);
            c.reply().bulk(member);
            c.propagateAs(Propagation.SREM, key, member); // the effect, not the random choice
            afterSpop(c, db, entry, set);
            return;
        }
        long count = args.nextLong(0, Long.MAX_VALUE, RedisError.NOT_POSITIVE);
        KeyEntry entry = db.lookupWrite(key);
        RedisSet set = setOf(entry);
        Reply reply = c.reply();
        if (set == null || count == 0) {
            reply.set(0);
            return;
        }
        int size = set.size();
        c.notify(NotifyType.SET, "spop", key); // Redis reports SPOP before its reply, and "del" after it
        long dirty = c.keyspace().dirty();
        if (count >= size) {
            replyMembers(reply, set);
            db.delete(key);
            c.keyspace().dirty(dirty + size); // Redis counts each member popped as a change
            c.notify(NotifyType.GENERIC, "del", key);
            c.propagateAs(Propagation.DEL, key);
            return;
        }
        int[] positions = RandomPicks.distinct(
                (int) count, size, set.limit(), set::isMember, () -> set.randomPosition(random), random);
        // Members first: removals move the others between positions.
        byte[][] popped = new byte[positions.length][];
        for (int i = 0; i < positions.length; i++) {
            popped[i] = set.member(positions[i]);
        }
        for (byte[] member : popped) {
            set.remove(member);
            c.propagateAs(Propagation.SREM, key, member); // one SREM each, in one MULTI, as Redis 7.0
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
        c.keyspace().dirty(dirty + popped.length);
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

    /** SRANDMEMBER key [count]: as SPOP, more than one argument after the key is a syntax error first. */
    private void srandmember(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        if (args.remaining() > 1) {
            throw RedisError.SYNTAX;
        }
        Reply reply = c.reply();
        RandomGenerator random = c.keyspace().random();
        if (!args.hasNext()) {
            RedisSet set = setOf(c.db().lookupRead(key));
            if (set == null) {
                reply.nullBulk();
            } else {
                writeMember(reply, set, set.randomPosition(random));
            }
            return;
        }
        long count = RandomPicks.parseCount(args.next());
        RedisSet set = setOf(c.db().lookupRead(key));
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
        int[] positions = RandomPicks.distinct(
                (int) count, size, set.limit(), set::isMember, () -> set.randomPosition(random), random);
        reply.array(positions.length);
        for (int p : positions) {
            writeMember(reply, set, p);
        }
    }

    // ---- two sets ----

    private void smove(CommandCall c) {
        Args args = c.args();
        byte[] source = args.next();
        byte[] destination = args.next();
        byte[] member = args.next();
        Database db = c.db();
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

    // ---- scan ----

    /**
     * SSCAN: the cursor first, then the key (a missing one is an empty scan whatever the options), its type, the
     * options. An intset is returned whole, in order, with cursor 0, as Redis does.
     */
    private void sscan(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long cursor = ScanCursor.parse(args.next());
        RedisSet set = setOf(c.db().lookupRead(key));
        if (set == null) {
            CollectionScan.replyEmpty(c.reply());
            return;
        }
        // The shared parser of COUNT / MATCH still reads by index: it takes the options from where the cursor is.
        CollectionScan scan = CollectionScan.parse(args);
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
