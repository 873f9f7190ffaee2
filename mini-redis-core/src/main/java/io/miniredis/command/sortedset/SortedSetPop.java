package io.miniredis.command.sortedset;

import io.miniredis.pubsub.NotifyType;
import io.miniredis.protocol.Reply;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisSortedSet;
import io.miniredis.protocol.RedisError;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CollectionKeys;
import io.miniredis.command.Args;

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

    private SortedSetPop() {
    }

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
    static void popAndReply(CommandCall c, KeyEntry entry, boolean max, long count, boolean emitKey,
                            boolean nested) {
        Database db = c.db();
        Reply reply = c.reply();
        RedisSortedSet zset = SortedSetCommands.zset(entry);
        byte[] key = entry.key();
        long popped = Math.min(count, zset.size());
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
        CollectionKeys.afterRemoval(db, entry, emptied);
        if (emptied) {
            c.notify(NotifyType.GENERIC, "del", key);
        }
    }

    /** ZPOPMIN / ZPOPMAX key [count]. */
    static void zpop(CommandCall c, boolean max) {
        if (c.argc() > 3) {
            throw RedisError.SYNTAX;
        }
        long count = -1; // no count: one member, and a flat reply even in RESP3
        if (c.argc() == 3) {
            count = positive(c.arg(2));
        }
        boolean nested = c.reply().resp3() && count != -1;
        KeyEntry entry = firstSortedSet(c.db(), new byte[][] {c.arg(1)});
        if (entry == null || count == 0) {
            c.reply().array(0);
            return;
        }
        popAndReply(c, entry, max, count == -1 ? 1 : count, false, nested);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]. */
    static void zmpop(CommandCall c) {
        Options options = Options.parse(c, 1);
        KeyEntry entry = firstSortedSet(c.db(), options.keys);
        if (entry == null) {
            c.reply().nullArray();
            return;
        }
        popAndReply(c, entry, options.max, options.count, true, true);
    }

    /** The arguments of ZMPOP (and BZMPOP, from the numkeys argument on). */
    static final class Options {
        final byte[][] keys;
        final boolean max;
        final long count;

        private Options(byte[][] keys, boolean max, long count) {
            this.keys = keys;
            this.max = max;
            this.count = count;
        }

        static Options parse(CommandCall c, int numkeysIndex) {
            long numkeys = rangeLong(c.arg(numkeysIndex), "ERR numkeys should be greater than 0");
            if (numkeys >= c.argc()) {
                throw RedisError.SYNTAX;
            }
            long whereIndex = numkeysIndex + numkeys + 1;
            if (whereIndex >= c.argc()) {
                throw RedisError.SYNTAX;
            }
            byte[] where = c.arg((int) whereIndex);
            boolean max;
            if (Args.is(where, "MIN")) {
                max = false;
            } else if (Args.is(where, "MAX")) {
                max = true;
            } else {
                throw RedisError.SYNTAX;
            }
            long count = -1;
            for (int j = (int) whereIndex + 1; j < c.argc(); j++) {
                boolean more = j < c.argc() - 1;
                if (count == -1 && more && Args.is(c.arg(j), "COUNT")) {
                    count = rangeLong(c.arg(++j), "ERR count should be greater than 0");
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            byte[][] keys = new byte[(int) numkeys][];
            for (int i = 0; i < numkeys; i++) {
                keys[i] = c.arg(numkeysIndex + 1 + i);
            }
            return new Options(keys, max, count == -1 ? 1 : count);
        }
    }

    /** A count of 1 or more: Redis's getRangeLong with one message for a non-integer and for a value below 1. */
    private static long rangeLong(byte[] text, String error) {
        long value;
        try {
            value = Args.toLong(text);
        } catch (RedisError notInteger) {
            throw new RedisError(error);
        }
        if (value < 1) {
            throw new RedisError(error);
        }
        return value;
    }

    /** A count of 0 or more; anything else, a non-integer included, is Redis's "must be positive" error. */
    private static long positive(byte[] text) {
        long value;
        try {
            value = Args.toLong(text);
        } catch (RedisError notInteger) {
            throw RedisError.NOT_POSITIVE;
        }
        if (value < 0) {
            throw RedisError.NOT_POSITIVE;
        }
        return value;
    }
}
