package io.miniredis.command.sortedset;

import io.miniredis.command.Args;
import io.miniredis.command.CollectionKeys;
import io.miniredis.command.CommandCall;
import io.miniredis.command.Propagation;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisSortedSet;

/**
 * Popping the lowest or highest members: ZPOPMIN, ZPOPMAX and ZMPOP; {@link #firstSortedSet} picks the key,
 * {@link #popAndReply} pops and writes the reply in the shape the command wants, which the blocking forms
 * (BZPOPMIN, BZPOPMAX, BZMPOP) also call through {@link BlockingServe}.
 *
 * <p>The four reply shapes are Redis's: ZPOPMIN/ZPOPMAX a flat array (member, score...), in RESP3 with a count an
 * array of [member, score] pairs; BZPOPMIN/BZPOPMAX the key then a flat member and score; ZMPOP/BZMPOP the key then
 * an array of pairs, in RESP2 as well.
 */
final class SortedSetPop {

    private SortedSetPop() {}

    /**
     * The first of {@code keys} that exists, looked up for writing in order; a key of another type found before any
     * sorted set is a WRONGTYPE error. Null when none exists.
     */
    static KeyEntry firstSortedSet(Database db, byte[][] keys) {
        for (byte[] key : keys) {
            KeyEntry entry = db.lookupWrite(key);
            if (entry != null) {
                SortedSetCommands.zset(entry);
                return entry;
            }
        }
        return null;
    }

    /**
     * Pops up to {@code count} members from the sorted set at {@code entry} (ascending from the lowest, or descending
     * from the highest when {@code max}) and writes them; deletes the key once empty.
     *
     * @param emitKey the reply starts with the key (BZPOPMIN, ZMPOP)
     * @param nested  members as [member, score] pairs rather than a flat list
     */
    private static final byte[] ZPOPMIN = Propagation.bytes("ZPOPMIN");

    private static final byte[] ZPOPMAX = Propagation.bytes("ZPOPMAX");

    static void popAndReply(CommandCall c, KeyEntry entry, boolean max, long count, boolean emitKey, boolean nested) {
        Database db = c.db();
        Reply reply = c.reply();
        RedisSortedSet zset = SortedSetCommands.zset(entry);
        byte[] key = entry.key();
        long popped = Math.min(count, zset.size());
        // ZMPOP and BZMPOP as ZPOPMIN/ZPOPMAX key count, BZPOPMIN/BZPOPMAX as ZPOPMIN/ZPOPMAX key (Redis 7.0)
        if (nested) {
            c.propagateAs(max ? ZPOPMAX : ZPOPMIN, key, Propagation.number(popped));
        } else if (c.name().startsWith("bz")) {
            c.propagateAs(max ? ZPOPMAX : ZPOPMIN, key);
        }
        if (emitKey && nested) {
            reply.array(2);
            reply.bulk(key);
            reply.array(popped);
        } else if (emitKey) {
            reply.array(popped * 2 + 1);
            reply.bulk(key);
        } else {
            reply.array(nested ? popped : popped * 2);
        }
        // Redis 7.0 reports the pop between the reply's header and its members (a RESP3 subscriber sees it there)
        c.notify(NotifyType.ZSET, max ? "zpopmax" : "zpopmin", key);
        for (long i = 0; i < popped; i++) {
            RedisSortedSet.Node node = max ? zset.last() : zset.first();
            zset.remove(node);
            if (nested) {
                reply.array(2);
            }
            reply.bulk(node.member());
            reply.doubleValue(node.score());
        }
        boolean emptied = zset.size() == 0;
        long dirty = c.keyspace().dirty();
        CollectionKeys.afterRemoval(db, entry, emptied);
        c.keyspace().dirty(dirty + popped); // Redis counts each member popped as a change
        if (emptied) {
            c.notify(NotifyType.GENERIC, "del", key);
        }
    }

    /**
     * ZPOPMIN / ZPOPMAX key [count]: more than one argument after the key is a syntax error before the count is read;
     * a count that is not an integer, or is negative, is "must be positive".
     */
    static void zpop(CommandCall c, boolean max) {
        Args args = c.args();
        byte[] key = args.next();
        if (args.remaining() > 1) {
            throw RedisError.SYNTAX;
        }
        long count = -1; // no count: one member, and a flat reply even in RESP3
        if (args.hasNext()) {
            count = args.nextLong(0, Long.MAX_VALUE, RedisError.NOT_POSITIVE);
        }
        boolean nested = c.reply().resp3() && count != -1;
        KeyEntry entry = firstSortedSet(c.db(), new byte[][] {key});
        if (entry == null || count == 0) {
            c.reply().array(0);
            return;
        }
        popAndReply(c, entry, max, count == -1 ? 1 : count, false, nested);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]. */
    static void zmpop(CommandCall c) {
        Options options = Options.parse(c.args());
        KeyEntry entry = firstSortedSet(c.db(), options.keys());
        if (entry == null) {
            c.reply().nullArray();
            return;
        }
        popAndReply(c, entry, options.max(), options.count(), true, true);
    }

    /**
     * The arguments of ZMPOP (and BZMPOP, from the numkeys argument on), in Redis's order: numkeys (an integer of at
     * least 1, with room after the keys for MIN|MAX), the keys, MIN|MAX, then COUNT once at most (at least 1).
     *
     * @param max pop the highest members (MAX) rather than the lowest
     */
    record Options(byte[][] keys, boolean max, long count) {

        private static final RedisError NUMKEYS = new RedisError("ERR numkeys should be greater than 0");
        private static final RedisError COUNT = new RedisError("ERR count should be greater than 0");

        static Options parse(Args args) {
            // numkeys equal to the arguments left leaves no MIN|MAX: the syntax error comes from reading it
            byte[][] keys = args.numkeys(NUMKEYS, NUMKEYS, RedisError.SYNTAX);
            boolean max = args.oneOf("MIN", "MAX") == 1;
            long count = 1;
            if (args.option("COUNT", 1)) {
                count = args.nextLong(1, Long.MAX_VALUE, COUNT);
            }
            args.finish();
            return new Options(keys, max, count);
        }
    }
}
