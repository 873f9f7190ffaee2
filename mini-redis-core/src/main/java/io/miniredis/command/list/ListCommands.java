package io.miniredis.command.list;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.BlockingServe;
import io.miniredis.command.BlockingTimeout;
import io.miniredis.command.CollectionKeys;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.IndexRange;
import io.miniredis.command.Propagation;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisList;
import java.util.Arrays;
import java.util.List;

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
        // spotless:off: the table keeps one line per command
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
        // spotless:on
    }

    // ---- values ------------------------------------------------------------------------------------------------

    /** The list at {@code entry}, null for a missing key, WRONGTYPE for another type. */
    static RedisList list(KeyEntry entry) {
        return CollectionKeys.valueOf(entry, RedisList.class);
    }

    /** The next argument as a side: LEFT is the head (true), RIGHT the tail (false); anything else is a syntax error. */
    private static boolean side(Args args) {
        return args.oneOf("LEFT", "RIGHT") == 0;
    }

    // ---- push and pop ------------------------------------------------------------------------------------------

    private void push(CommandCall c, boolean first, boolean onlyIfExists) {
        Args args = c.args();
        byte[] key = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisList list = list(entry);
        long dirty = c.keyspace().dirty();
        int pushed = args.remaining();
        if (list == null) {
            if (onlyIfExists) {
                c.reply().integer(0);
                return;
            }
            list = new RedisList();
            pushAll(args, list, first);
            db.add(key, list);
        } else {
            pushAll(args, list, first);
            db.touched(entry);
        }
        c.keyspace().dirty(dirty + pushed); // Redis counts each element pushed as a change
        c.reply().integer(list.size());
        c.notify(NotifyType.LIST, first ? "lpush" : "rpush", key);
    }

    private static void pushAll(Args elements, RedisList list, boolean first) {
        while (elements.hasNext()) {
            list.push(elements.next(), first);
        }
    }

    /** LPOP and RPOP: key [count]; more is an arity error, checked before the count. */
    private void pop(CommandCall c, boolean first) {
        Args args = c.args();
        if (args.remaining() > 2) {
            throw new RedisError(CommandDispatcher.wrongArity(c.fullName()));
        }
        byte[] key = args.next();
        boolean withCount = args.hasNext();
        // a count that is not a non-negative integer: "value is out of range, must be positive"
        long count = withCount ? args.nextLong(0, Long.MAX_VALUE, RedisError.NOT_POSITIVE) : 1;
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
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
        int sizeBefore = list.size();
        if (!withCount) {
            reply.bulk(list.pop(first));
        } else {
            popInto(reply, list, count, first);
        }
        CollectionKeys.afterRemoval(
                c, db, entry, list.isEmpty(), NotifyType.LIST, popEvent(first), sizeBefore - list.size());
    }

    private static String popEvent(boolean fromHead) {
        return fromHead ? "lpop" : "rpop";
    }

    private static String pushEvent(boolean toHead) {
        return toHead ? "lpush" : "rpush";
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
        RedisList list = list(c.db().lookupRead(c.args().next()));
        c.reply().integer(list == null ? 0 : list.size());
    }

    private void lrange(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long start = args.nextLong();
        long end = args.nextLong();
        RedisList list = list(c.db().lookupRead(key));
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

    /** LINDEX: the key first (a missing key is a null even with a bad index), then the index. */
    private void lindex(CommandCall c) {
        Args args = c.args();
        RedisList list = list(c.db().lookupRead(args.next()));
        if (list == null) {
            c.reply().nullBulk();
            return;
        }
        long index = args.nextLong();
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

    /**
     * LPOS's options, each read and checked in turn, all before the key is looked up.
     *
     * @param rank   which match to start from: 1 the first, -1 the first from the tail, never 0
     * @param count  how many matches to return (0: all), or -1 without COUNT: a single index instead of an array
     * @param maxlen how many elements to compare at most (0: all)
     */
    private record LposOptions(long rank, long count, long maxlen) {

        static LposOptions parse(Args args) {
            long rank = 1;
            long count = -1;
            long maxlen = 0;
            while (args.hasNext()) {
                if (args.option("RANK")) {
                    rank = args.nextLong();
                    if (rank == 0) {
                        throw RANK_ZERO;
                    }
                } else if (args.option("COUNT")) {
                    count = args.nextLong(0, Long.MAX_VALUE, COUNT_NEGATIVE);
                } else if (args.option("MAXLEN")) {
                    maxlen = args.nextLong(0, Long.MAX_VALUE, MAXLEN_NEGATIVE);
                } else {
                    throw RedisError.SYNTAX; // also an option without its value (next() at the end)
                }
            }
            return new LposOptions(rank, count, maxlen);
        }
    }

    private void lpos(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] element = args.next();
        LposOptions options = LposOptions.parse(args);
        long count = options.count();
        RedisList list = list(c.db().lookupRead(key));
        Reply reply = c.reply();
        if (list == null) {
            if (count >= 0) {
                reply.array(0);
            } else {
                reply.nullBulk();
            }
            return;
        }
        long[] matches = positions(list, element, options.rank(), count < 0 ? 1 : count, options.maxlen());
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

    /** LSET: the key first (missing: "no such key"), then the index, then the range. */
    private void lset(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisList list = list(entry);
        if (list == null) {
            throw RedisError.NO_SUCH_KEY;
        }
        int position = position(args.nextLong(), list.size());
        if (position < 0) {
            throw INDEX_OUT_OF_RANGE;
        }
        list.set(position, args.next());
        db.touched(entry);
        c.reply().ok();
        c.notify(NotifyType.LIST, "lset", key);
    }

    /** LINSERT: BEFORE or AFTER is checked before the key is looked up. */
    private void linsert(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        boolean before = args.oneOf("BEFORE", "AFTER") == 0;
        byte[] pivotElement = args.next();
        byte[] element = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisList list = list(entry);
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        int pivot = list.indexOf(pivotElement);
        if (pivot < 0) {
            c.reply().integer(-1);
            return;
        }
        list.insert(before ? pivot : pivot + 1, element);
        db.touched(entry);
        c.notify(NotifyType.LIST, "linsert", key);
        c.reply().integer(list.size());
    }

    private void lrem(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long count = args.nextLong();
        byte[] element = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisList list = list(entry);
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        // a negative count removes from the tail; Long.MIN_VALUE, which Redis cannot negate, removes all
        long limit = count < 0 ? -count : count;
        int removed = list.removeAll(element, limit, count < 0);
        if (removed > 0) {
            CollectionKeys.afterRemoval(c, db, entry, list.isEmpty(), NotifyType.LIST, "lrem", removed);
        }
        c.reply().integer(removed);
    }

    private void ltrim(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long start = args.nextLong();
        long end = args.nextLong();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisList list = list(entry);
        if (list != null) {
            int before = list.size();
            IndexRange range = IndexRange.of(start, end, list.size());
            if (range == null) {
                list.clear();
            } else {
                list.retain((int) range.first(), (int) range.last());
            }
            if (list.size() == before) {
                c.propagateNothing(); // Redis counts the removed elements as dirty: none, nothing propagated
            }
            CollectionKeys.afterRemoval(c, db, entry, list.isEmpty(), NotifyType.LIST, "ltrim", before - list.size());
        }
        c.reply().ok();
    }

    // ---- moves -------------------------------------------------------------------------------------------------

    /** LMOVE: both sides are checked before the keys are looked up. */
    private void lmove(CommandCall c) {
        Args args = c.args();
        byte[] source = args.next();
        byte[] destination = args.next();
        boolean fromHead = side(args);
        boolean toHead = side(args);
        move(c, source, destination, fromHead, toHead);
    }

    private void rpoplpush(CommandCall c) {
        Args args = c.args();
        byte[] source = args.next();
        move(c, source, args.next(), false, true);
    }

    /** LMOVE and RPOPLPUSH: a missing source is a null reply, whatever the destination holds. */
    private static void move(CommandCall c, byte[] sourceKey, byte[] destination, boolean fromHead, boolean toHead) {
        Database db = c.db();
        KeyEntry source = db.lookupWrite(sourceKey);
        RedisList list = list(source);
        if (list == null) {
            c.reply().nullBulk();
            return;
        }
        moveOne(c, source, list, destination, fromHead, toHead);
    }

    /**
     * Pops one element from the {@code source} list (which holds one at least), pushes it on {@code destination},
     * creating it if needed, and replies with it. The destination's type is checked before anything changes. The
     * source and the destination may be the same key: the element then goes round. Events as in Redis: the push,
     * then the reply, then the pop (and {@code del} if the source emptied).
     */
    static void moveOne(
            CommandCall c, KeyEntry source, RedisList list, byte[] destination, boolean fromHead, boolean toHead) {
        Database db = c.db();
        long dirty = c.keyspace().dirty();
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
        propagateMove(c, source.key(), destination, fromHead, toHead);
        CollectionKeys.afterRemoval(c, db, source, list.isEmpty(), NotifyType.LIST, popEvent(fromHead));
        c.keyspace().dirty(dirty + 1); // one change for Redis, two keys or not
    }

    private static final byte[] LPOP = Propagation.bytes("LPOP");
    private static final byte[] RPOP = Propagation.bytes("RPOP");
    private static final byte[] LMOVE = Propagation.bytes("LMOVE");
    private static final byte[] LEFT = Propagation.bytes("left");
    private static final byte[] RIGHT = Propagation.bytes("right");
    private static final byte[] RPOPLPUSH = Propagation.bytes("RPOPLPUSH");

    /** BLMOVE as LMOVE (sides in lower case, as Redis writes them), BRPOPLPUSH as RPOPLPUSH; others as they came. */
    private static void propagateMove(
            CommandCall c, byte[] source, byte[] destination, boolean fromHead, boolean toHead) {
        if (c.name().equals("blmove")) {
            byte[][] argv = c.argv();
            // served at once, Redis keeps the sides as written; served later, it writes its own lower-case ones
            boolean later = !c.server().propagator().inCommand();
            c.propagateAs(
                    LMOVE,
                    source,
                    destination,
                    later ? fromHead ? LEFT : RIGHT : argv[3],
                    later ? toHead ? LEFT : RIGHT : argv[4]);
        } else if (c.name().equals("brpoplpush")) {
            c.propagateAs(RPOPLPUSH, source, destination);
        }
    }

    // ---- LMPOP -------------------------------------------------------------------------------------------------

    /** LMPOP's and BLMPOP's arguments after the timeout: numkeys, the keys, the side, an optional COUNT. */
    private record MultiPop(byte[][] keys, boolean fromHead, long count) {

        /**
         * From numkeys to the end. A numkeys that is not a positive integer is "numkeys should be greater than 0";
         * one that leaves no room for the side, a syntax error; COUNT at most once, a positive integer.
         */
        static MultiPop parse(Args args) {
            byte[][] keys = args.numkeys(NUMKEYS, NUMKEYS, RedisError.SYNTAX);
            boolean fromHead = side(args); // no side left after the keys: a syntax error
            long count = -1;
            while (args.hasNext()) {
                if (count == -1 && args.option("COUNT")) {
                    count = args.nextLong(1, Long.MAX_VALUE, COUNT_NOT_POSITIVE);
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            return new MultiPop(keys, fromHead, count == -1 ? 1 : count);
        }
    }

    private void lmpop(CommandCall c) {
        MultiPop pop = MultiPop.parse(c.args());
        if (!popFromFirstNonEmpty(c, pop)) {
            c.reply().nullArray();
        }
    }

    /**
     * Pops from the first of the keys that holds a list, replying [key, [elements]]; false (nothing written) when
     * none does. A key of another type met before it is a WRONGTYPE error.
     */
    private static boolean popFromFirstNonEmpty(CommandCall c, MultiPop pop) {
        Database db = c.db();
        for (byte[] key : pop.keys()) {
            KeyEntry entry = db.lookupWrite(key);
            RedisList list = list(entry);
            if (list != null) {
                replyKeyAndPopped(c, entry, list, pop);
                return true;
            }
        }
        return false;
    }

    private static void replyKeyAndPopped(CommandCall c, KeyEntry entry, RedisList list, MultiPop pop) {
        Reply reply = c.reply();
        reply.array(2);
        reply.bulk(entry.key());
        long popped = Math.min(pop.count(), list.size());
        popInto(reply, list, pop.count(), pop.fromHead());
        // LMPOP and BLMPOP propagate as Redis 7.0 does: LPOP/RPOP key count
        c.propagateAs(pop.fromHead() ? LPOP : RPOP, entry.key(), Propagation.number(popped));
        CollectionKeys.afterRemoval(
                c, c.db(), entry, list.isEmpty(), NotifyType.LIST, popEvent(pop.fromHead()), popped);
    }

    // ---- blocking forms ----------------------------------------------------------------------------------------

    /** BLPOP and BRPOP: the keys, then the timeout, the last argument. */
    private void blockingPop(CommandCall c, boolean fromHead) {
        Args args = c.args();
        byte[][] keys = args.next(args.remaining() - 1);
        long timeout = BlockingTimeout.parseMillis(args.next());
        BlockingServe.serveOrPark(
                c,
                keys,
                timeout,
                RedisList.class,
                (call, entry, list) -> replyKeyAndElement(call, entry, list, fromHead));
    }

    private static void replyKeyAndElement(CommandCall c, KeyEntry entry, RedisList list, boolean fromHead) {
        Reply reply = c.reply();
        reply.array(2);
        reply.bulk(entry.key());
        reply.bulk(list.pop(fromHead));
        c.propagateAs(fromHead ? LPOP : RPOP, entry.key()); // BLPOP as LPOP key, as Redis propagates it
        CollectionKeys.afterRemoval(c, c.db(), entry, list.isEmpty(), NotifyType.LIST, popEvent(fromHead));
    }

    private void brpoplpush(CommandCall c) {
        Args args = c.args();
        byte[] source = args.next();
        byte[] destination = args.next();
        blockingMove(c, source, destination, false, true, BlockingTimeout.parseMillis(args.next()));
    }

    /** BLMOVE: both sides, then the timeout, all before the keys are looked up. */
    private void blmove(CommandCall c) {
        Args args = c.args();
        byte[] source = args.next();
        byte[] destination = args.next();
        boolean fromHead = side(args);
        boolean toHead = side(args);
        blockingMove(c, source, destination, fromHead, toHead, BlockingTimeout.parseMillis(args.next()));
    }

    /**
     * BLMOVE and BRPOPLPUSH: the destination's type is checked only when there is something to move; inside MULTI or
     * a script Redis answers a move with a null bulk, where a timeout gives a null array.
     */
    private static void blockingMove(
            CommandCall c, byte[] source, byte[] destination, boolean fromHead, boolean toHead, long timeout) {
        BlockingServe.serveOrPark(
                c,
                new byte[][] {source},
                timeout,
                RedisList.class,
                (call, entry, list) -> moveOne(call, entry, list, destination, fromHead, toHead),
                () -> c.reply().nullBulk());
    }

    private void blmpop(CommandCall c) {
        Args args = c.args();
        byte[] timeoutArgument = args.next();
        MultiPop options = MultiPop.parse(args);
        long timeout = BlockingTimeout.parseMillis(timeoutArgument); // after the other arguments, as Redis reads them
        BlockingServe.serveOrPark(
                c,
                options.keys(),
                timeout,
                RedisList.class,
                (call, entry, list) -> replyKeyAndPopped(call, entry, list, options));
    }
}
