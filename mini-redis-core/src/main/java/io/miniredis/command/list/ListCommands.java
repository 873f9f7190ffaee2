package io.miniredis.command.list;

import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisList;

import java.util.Arrays;
import java.util.List;

import static io.miniredis.command.CommandSpec.command;
import io.miniredis.protocol.RedisError;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CollectionKeys;
import io.miniredis.command.IndexRange;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.BlockingTimeout;
import io.miniredis.command.Args;
import io.miniredis.command.BlockingServe;
import io.miniredis.command.CommandSpec;

/**
 * The list commands: pushes and pops at both ends, index and range access, LINSERT/LREM/LTRIM/LPOS, the moves
 * (LMOVE, RPOPLPUSH), LMPOP, and the blocking forms (BLPOP, BRPOP, BRPOPLPUSH, BLMOVE, BLMPOP), which park the
 * client with {@link io.miniredis.server.BlockedClients} when there is nothing to pop.
 *
 * <p>The order of the checks is Redis's: the options and numbers a command parses before it looks the key up give
 * their errors even for a missing key or a key of another type, and the others (LINDEX, LSET) look first.
 */
public final class ListCommands implements CommandFamily {

    private static final RedisError INDEX_OUT_OF_RANGE = new RedisError("ERR index out of range");
    private static final RedisError NUMKEYS = new RedisError("ERR numkeys should be greater than 0");
    private static final RedisError COUNT_NOT_POSITIVE = new RedisError("ERR count should be greater than 0");
    private static final RedisError RANK_ZERO = new RedisError("ERR RANK can't be zero: use 1 to start from the "
            + "first match, 2 from the second ... or use negative to start from the end of the list");
    private static final RedisError COUNT_NEGATIVE = new RedisError("ERR COUNT can't be negative");
    private static final RedisError MAXLEN_NEGATIVE = new RedisError("ERR MAXLEN can't be negative");


    @Override
    public String group() {
        return "list";
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(
                command("lpush", -3, "write denyoom fast", 1, 1, 1, c -> push(c, true, false)),
                command("rpush", -3, "write denyoom fast", 1, 1, 1, c -> push(c, false, false)),
                command("lpushx", -3, "write denyoom fast", 1, 1, 1, c -> push(c, true, true)),
                command("rpushx", -3, "write denyoom fast", 1, 1, 1, c -> push(c, false, true)),
                command("lpop", -2, "write fast", 1, 1, 1, c -> pop(c, true)),
                command("rpop", -2, "write fast", 1, 1, 1, c -> pop(c, false)),
                command("llen", 2, "readonly fast", 1, 1, 1, this::llen),
                command("lrange", 4, "readonly", 1, 1, 1, this::lrange),
                command("lindex", 3, "readonly", 1, 1, 1, this::lindex),
                command("lset", 4, "write denyoom", 1, 1, 1, this::lset),
                command("linsert", 5, "write denyoom", 1, 1, 1, this::linsert),
                command("lrem", 4, "write", 1, 1, 1, this::lrem),
                command("ltrim", 4, "write", 1, 1, 1, this::ltrim),
                command("lpos", -3, "readonly", 1, 1, 1, this::lpos),
                command("lmove", 5, "write denyoom", 1, 2, 1, this::lmove),
                command("rpoplpush", 3, "write denyoom", 1, 2, 1, this::rpoplpush),
                command("lmpop", -4, "write", this::lmpop),
                command("blpop", -3, "write noscript blocking", 1, -2, 1, c -> blockingPop(c, true)),
                command("brpop", -3, "write noscript blocking", 1, -2, 1, c -> blockingPop(c, false)),
                command("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1, this::brpoplpush),
                command("blmove", 6, "write denyoom noscript blocking", 1, 2, 1, this::blmove),
                command("blmpop", -5, "write blocking", this::blmpop));
    }

    // ---- values ------------------------------------------------------------------------------------------------

    /** The list at {@code entry}, null for a missing key, WRONGTYPE for another type. */
    static RedisList list(KeyEntry entry) {
        return CollectionKeys.valueOf(entry, RedisList.class);
    }

    /** LEFT is the head (true), RIGHT the tail (false); anything else is a syntax error. */
    private static boolean side(byte[] argument) {
        if (Args.is(argument, "LEFT")) {
            return true;
        }
        if (Args.is(argument, "RIGHT")) {
            return false;
        }
        throw RedisError.SYNTAX;
    }

    // ---- push and pop ------------------------------------------------------------------------------------------

    private void push(CommandCall c, boolean first, boolean onlyIfExists) {
        Database db = c.db();
        byte[] key = c.arg(1);
        KeyEntry entry = db.lookupWrite(key);
        RedisList list = list(entry);
        if (list == null) {
            if (onlyIfExists) {
                c.reply().integer(0);
                return;
            }
            list = new RedisList();
            pushAll(c, list, first);
            db.add(key, list);
        } else {
            pushAll(c, list, first);
            db.touched(entry);
        }
        c.reply().integer(list.size());
        c.notify(NotifyType.LIST, first ? "lpush" : "rpush", key);
    }

    private static void pushAll(CommandCall c, RedisList list, boolean first) {
        for (int i = 2; i < c.argc(); i++) {
            list.push(c.arg(i), first);
        }
    }

    private void pop(CommandCall c, boolean first) {
        if (c.argc() > 3) {
            throw new RedisError(CommandDispatcher.wrongArity(c.spec()));
        }
        boolean withCount = c.argc() == 3;
        long count = withCount ? positiveCount(c.arg(2)) : 1;
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        RedisList list = list(entry);
        Reply reply = c.reply();
        if (list == null) {
            if (withCount) {
                reply.nullArray();
            } else {
                reply.nullBulk();
            }
            return;
        }
        if (count == 0) {
            reply.array(0); // nothing popped: the key is not even modified
            return;
        }
        if (!withCount) {
            reply.bulk(list.pop(first));
        } else {
            popInto(reply, list, count, first);
        }
        CollectionKeys.afterRemoval(c, db, entry, list.isEmpty(), NotifyType.LIST, popEvent(first));
    }

    private static String popEvent(boolean fromHead) {
        return fromHead ? "lpop" : "rpop";
    }

    private static String pushEvent(boolean toHead) {
        return toHead ? "lpush" : "rpush";
    }

    /** LPOP's count: a non-negative integer, anything else is "out of range, must be positive". */
    private static long positiveCount(byte[] argument) {
        long count;
        try {
            count = Args.toLong(argument);
        } catch (RedisError notANumber) {
            throw RedisError.NOT_POSITIVE;
        }
        if (count < 0) {
            throw RedisError.NOT_POSITIVE;
        }
        return count;
    }

    /** Pops up to {@code count} elements from one end, replying with them as an array. */
    private static void popInto(Reply reply, RedisList list, long count, boolean first) {
        int n = (int) Math.min(count, list.size());
        reply.array(n);
        for (int i = 0; i < n; i++) {
            reply.bulk(list.pop(first));
        }
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    private void llen(CommandCall c) {
        RedisList list = list(c.db().lookupRead(c.arg(1)));
        c.reply().integer(list == null ? 0 : list.size());
    }

    private void lrange(CommandCall c) {
        long start = Args.toLong(c.arg(2));
        long end = Args.toLong(c.arg(3));
        RedisList list = list(c.db().lookupRead(c.arg(1)));
        Reply reply = c.reply();
        if (list == null) {
            reply.array(0);
            return;
        }
        IndexRange range = IndexRange.of(start, end, list.size());
        if (range == null) {
            reply.array(0);
            return;
        }
        reply.array(range.count());
        for (int i = (int) range.first(); i <= range.last(); i++) {
            reply.bulk(list.get(i));
        }
    }

    private void lindex(CommandCall c) {
        RedisList list = list(c.db().lookupRead(c.arg(1)));
        if (list == null) {
            c.reply().nullBulk();
            return;
        }
        long index = Args.toLong(c.arg(2));
        int position = position(index, list.size());
        if (position < 0) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(list.get(position));
        }
    }

    /** A Redis index (negative from the tail) as a position in a list of {@code size}, or -1 when out of range. */
    private static int position(long index, int size) {
        long position = index < 0 ? size + index : index;
        return position < 0 || position >= size ? -1 : (int) position;
    }

    private void lpos(CommandCall c) {
        long rank = 1;
        long count = -1; // no COUNT: a single index (or null) instead of an array
        long maxlen = 0;
        for (int i = 3; i < c.argc(); i += 2) {
            byte[] option = c.arg(i);
            if (i + 1 >= c.argc()) {
                throw RedisError.SYNTAX;
            }
            byte[] value = c.arg(i + 1);
            if (Args.is(option, "RANK")) {
                rank = Args.toLong(value);
                if (rank == 0) {
                    throw RANK_ZERO;
                }
            } else if (Args.is(option, "COUNT")) {
                count = nonNegative(value, COUNT_NEGATIVE);
            } else if (Args.is(option, "MAXLEN")) {
                maxlen = nonNegative(value, MAXLEN_NEGATIVE);
            } else {
                throw RedisError.SYNTAX;
            }
        }
        RedisList list = list(c.db().lookupRead(c.arg(1)));
        Reply reply = c.reply();
        if (list == null) {
            if (count >= 0) {
                reply.array(0);
            } else {
                reply.nullBulk();
            }
            return;
        }
        long[] matches = positions(list, c.arg(2), rank, count < 0 ? 1 : count, maxlen);
        if (count < 0) {
            if (matches.length == 0) {
                reply.nullBulk();
            } else {
                reply.integer(matches[0]);
            }
            return;
        }
        reply.array(matches.length);
        for (long match : matches) {
            reply.integer(match);
        }
    }

    private static long nonNegative(byte[] argument, RedisError error) {
        long value;
        try {
            value = Args.toLong(argument);
        } catch (RedisError notANumber) {
            throw error;
        }
        if (value < 0) {
            throw error;
        }
        return value;
    }

    /**
     * LPOS's search: the positions (from the head) of the matches of {@code element}, skipping the first |rank|-1
     * of them, scanning from the tail for a negative rank, at most {@code maxlen} elements (0: all), and stopping
     * after {@code count} (0: all). A rank of Long.MIN_VALUE, which Redis cannot negate, counts from the first match
     * at the tail as Redis does.
     */
    private static long[] positions(RedisList list, byte[] element, long rank, long count, long maxlen) {
        boolean fromTail = rank < 0;
        long skip = rank == Long.MIN_VALUE ? 0 : Math.abs(rank) - 1;
        int size = list.size();
        int scan = maxlen == 0 ? size : (int) Math.min(maxlen, size);
        long limit = count == 0 ? Long.MAX_VALUE : count;
        long[] found = new long[4];
        int n = 0;
        for (int k = 0; k < scan && n < limit; k++) {
            int i = fromTail ? size - 1 - k : k;
            if (Arrays.equals(list.get(i), element)) {
                if (skip > 0) {
                    skip--;
                    continue;
                }
                if (n == found.length) {
                    found = Arrays.copyOf(found, n * 2);
                }
                found[n++] = i;
            }
        }
        return Arrays.copyOf(found, n);
    }

    // ---- changing in place -------------------------------------------------------------------------------------

    private void lset(CommandCall c) {
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        RedisList list = list(entry);
        if (list == null) {
            throw RedisError.NO_SUCH_KEY;
        }
        int position = position(Args.toLong(c.arg(2)), list.size());
        if (position < 0) {
            throw INDEX_OUT_OF_RANGE;
        }
        list.set(position, c.arg(3));
        db.touched(entry);
        c.reply().ok();
        c.notify(NotifyType.LIST, "lset", c.arg(1));
    }

    private void linsert(CommandCall c) {
        boolean before;
        if (Args.is(c.arg(2), "BEFORE")) {
            before = true;
        } else if (Args.is(c.arg(2), "AFTER")) {
            before = false;
        } else {
            throw RedisError.SYNTAX;
        }
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        RedisList list = list(entry);
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        int pivot = list.indexOf(c.arg(3));
        if (pivot < 0) {
            c.reply().integer(-1);
            return;
        }
        list.insert(before ? pivot : pivot + 1, c.arg(4));
        db.touched(entry);
        c.notify(NotifyType.LIST, "linsert", c.arg(1));
        c.reply().integer(list.size());
    }

    private void lrem(CommandCall c) {
        long count = Args.toLong(c.arg(2));
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        RedisList list = list(entry);
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        // a negative count removes from the tail; Long.MIN_VALUE, which Redis cannot negate, removes all
        long limit = count < 0 ? -count : count;
        int removed = list.removeAll(c.arg(3), limit, count < 0);
        if (removed > 0) {
            CollectionKeys.afterRemoval(c, db, entry, list.isEmpty(), NotifyType.LIST, "lrem");
        }
        c.reply().integer(removed);
    }

    private void ltrim(CommandCall c) {
        long start = Args.toLong(c.arg(2));
        long end = Args.toLong(c.arg(3));
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        RedisList list = list(entry);
        if (list != null) {
            IndexRange range = IndexRange.of(start, end, list.size());
            if (range == null) {
                list.clear();
            } else {
                list.retain((int) range.first(), (int) range.last());
            }
            CollectionKeys.afterRemoval(c, db, entry, list.isEmpty(), NotifyType.LIST, "ltrim");
        }
        c.reply().ok();
    }

    // ---- moves -------------------------------------------------------------------------------------------------

    private void lmove(CommandCall c) {
        move(c, side(c.arg(3)), side(c.arg(4)));
    }

    private void rpoplpush(CommandCall c) {
        move(c, false, true);
    }

    /** LMOVE and RPOPLPUSH: a missing source is a null reply, whatever the destination holds. */
    private static void move(CommandCall c, boolean fromHead, boolean toHead) {
        Database db = c.db();
        KeyEntry source = db.lookupWrite(c.arg(1));
        RedisList list = list(source);
        if (list == null) {
            c.reply().nullBulk();
            return;
        }
        moveOne(c, source, list, c.arg(2), fromHead, toHead);
    }

    /**
     * Pops one element from the {@code source} list (which holds one at least), pushes it on {@code destination},
     * creating it if needed, and replies with it. The destination's type is checked before anything changes. The
     * source and the destination may be the same key: the element then goes round. Events as in Redis: the push,
     * then the reply, then the pop (and {@code del} if the source emptied).
     */
    static void moveOne(CommandCall c, KeyEntry source, RedisList list, byte[] destination, boolean fromHead,
                        boolean toHead) {
        Database db = c.db();
        KeyEntry target = db.lookupWrite(destination);
        RedisList targetList = list(target);
        byte[] element = list.pop(fromHead);
        if (targetList == null) {
            targetList = new RedisList();
            targetList.push(element, toHead);
            db.add(destination, targetList);
        } else {
            targetList.push(element, toHead);
            if (target != source) {
                db.touched(target);
            }
        }
        c.notify(NotifyType.LIST, pushEvent(toHead), destination);
        c.reply().bulk(element);
        CollectionKeys.afterRemoval(c, db, source, list.isEmpty(), NotifyType.LIST, popEvent(fromHead));
    }

    // ---- LMPOP -------------------------------------------------------------------------------------------------

    /** LMPOP's and BLMPOP's arguments after the timeout: numkeys, the keys, the side, an optional COUNT. */
    private record MultiPop(byte[][] keys, boolean fromHead, long count) {

        static MultiPop parse(CommandCall c, int numkeysIndex) {
            long numkeys;
            try {
                numkeys = Args.toLong(c.arg(numkeysIndex));
            } catch (RedisError notANumber) {
                throw NUMKEYS;
            }
            if (numkeys <= 0) {
                throw NUMKEYS;
            }
            long sideIndex = numkeysIndex + numkeys + 1;
            if (sideIndex >= c.argc()) {
                throw RedisError.SYNTAX;
            }
            boolean fromHead = side(c.arg((int) sideIndex));
            long count = -1;
            for (int i = (int) sideIndex + 1; i < c.argc(); i++) {
                if (count == -1 && Args.is(c.arg(i), "COUNT") && i + 1 < c.argc()) {
                    i++;
                    try {
                        count = Args.toLong(c.arg(i));
                    } catch (RedisError notANumber) {
                        throw COUNT_NOT_POSITIVE;
                    }
                    if (count <= 0) {
                        throw COUNT_NOT_POSITIVE;
                    }
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            byte[][] keys = Arrays.copyOfRange(c.argv(), numkeysIndex + 1, (int) sideIndex);
            return new MultiPop(keys, fromHead, count == -1 ? 1 : count);
        }
    }

    private void lmpop(CommandCall c) {
        MultiPop args = MultiPop.parse(c, 1);
        if (!popFromFirstNonEmpty(c, args)) {
            c.reply().nullArray();
        }
    }

    /**
     * Pops from the first of the keys that holds a list, replying [key, [elements]]; false (nothing written) when
     * none does. A key of another type met before it is a WRONGTYPE error.
     */
    private static boolean popFromFirstNonEmpty(CommandCall c, MultiPop args) {
        Database db = c.db();
        for (byte[] key : args.keys()) {
            KeyEntry entry = db.lookupWrite(key);
            RedisList list = list(entry);
            if (list != null) {
                replyKeyAndPopped(c, entry, list, args);
                return true;
            }
        }
        return false;
    }

    private static void replyKeyAndPopped(CommandCall c, KeyEntry entry, RedisList list, MultiPop args) {
        Reply reply = c.reply();
        reply.array(2);
        reply.bulk(entry.key());
        popInto(reply, list, args.count(), args.fromHead());
        CollectionKeys.afterRemoval(c, c.db(), entry, list.isEmpty(), NotifyType.LIST, popEvent(args.fromHead()));
    }

    // ---- blocking forms ----------------------------------------------------------------------------------------

    private void blockingPop(CommandCall c, boolean fromHead) {
        long timeout = BlockingTimeout.parseMillis(c.arg(c.argc() - 1));
        byte[][] keys = Arrays.copyOfRange(c.argv(), 1, c.argc() - 1);
        BlockingServe.serveOrPark(c, keys, timeout, RedisList.class,
                (call, entry, list) -> replyKeyAndElement(call, entry, list, fromHead));
    }

    private static void replyKeyAndElement(CommandCall c, KeyEntry entry, RedisList list, boolean fromHead) {
        Reply reply = c.reply();
        reply.array(2);
        reply.bulk(entry.key());
        reply.bulk(list.pop(fromHead));
        CollectionKeys.afterRemoval(c, c.db(), entry, list.isEmpty(), NotifyType.LIST, popEvent(fromHead));
    }

    private void brpoplpush(CommandCall c) {
        blockingMove(c, false, true, c.arg(3));
    }

    private void blmove(CommandCall c) {
        boolean fromHead = side(c.arg(3));
        boolean toHead = side(c.arg(4));
        blockingMove(c, fromHead, toHead, c.arg(5));
    }

    /**
     * BLMOVE and BRPOPLPUSH: the destination's type is checked only when there is something to move; inside MULTI or
     * a script Redis answers a move with a null bulk, where a timeout gives a null array.
     */
    private static void blockingMove(CommandCall c, boolean fromHead, boolean toHead, byte[] timeoutArgument) {
        long timeout = BlockingTimeout.parseMillis(timeoutArgument);
        byte[] destination = c.arg(2);
        BlockingServe.serveOrPark(c, new byte[][] {c.arg(1)}, timeout, RedisList.class,
                (call, entry, list) -> moveOne(call, entry, list, destination, fromHead, toHead),
                () -> c.reply().nullBulk());
    }

    private void blmpop(CommandCall c) {
        MultiPop args = MultiPop.parse(c, 2);
        long timeout = BlockingTimeout.parseMillis(c.arg(1)); // after the other arguments, as Redis reads them
        BlockingServe.serveOrPark(c, args.keys(), timeout, RedisList.class,
                (call, entry, list) -> replyKeyAndPopped(call, entry, list, args));
    }
}
