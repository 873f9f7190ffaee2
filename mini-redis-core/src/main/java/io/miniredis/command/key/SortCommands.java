package io.miniredis.command.key;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisList;
import io.miniredis.store.RedisSet;
import io.miniredis.store.RedisSortedSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO (group "generic", as in Redis): the elements of a list, set or sorted set, sorted as numbers or
 * (ALPHA) as strings, by themselves or by the values a BY pattern names, reversed with DESC, cut with LIMIT, replaced
 * by the values GET patterns name, and returned or (SORT only) STORE'd as a list.
 *
 * <p>Redis 7.0's rules, learned by probing it:
 * <ul>
 *   <li>Equal numbers are ordered by the elements' bytes, so a numeric sort is fully determined. Equal ALPHA keys
 *       (equal BY values, or both missing) keep the order the elements were read in, as with glibc's stable qsort;
 *       with a LIMIT and a BY pattern, Redis's partial quicksort decides ({@link PartialQuicksort}).</li>
 *   <li>ALPHA compares bytes; without STORE Redis uses strcoll (C locale: bytes up to the first NUL).</li>
 *   <li>A BY pattern without '*' keeps the natural order: a list's, a sorted set's score order (DESC reverses both,
 *       LIMIT reads just the range), a set's iteration order; but a set STORE'd that way, or sorted that way by a
 *       script (redis.call), is sorted ALPHA, so what is stored or replicated does not depend on its hash
 *       table.</li>
 *   <li>Any sorted set sorted is converted to the skip-list encoding for good.</li>
 *   <li>A missing key sorts as an empty list; STORE of an empty result deletes the destination.</li>
 * </ul>
 */
public final class SortCommands implements CommandFamily {

    private static final RedisError NOT_A_DOUBLE =
            new RedisError("ERR One or more scores can't be converted into double");
    private static final byte[] EMPTY = new byte[0];

    @Override
    public String group() {
        return "generic";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("sort", -2, "write denyoom", 1, 1, 1, c -> sort(c, false))
                        .keys(SortOptions::keyIndexes).unknownKeys(null, SortOptions::storeKeyIndexes),
                command("sort_ro", -2, "readonly", 1, 1, 1, c -> sort(c, true)));
        // spotless:on
    }

    /** One element being sorted, with what it sorts by. */
    private static final class Item {
        final byte[] element;
        /** The numeric weight (0 when a BY key is missing). */
        double score;
        /** ALPHA with BY: the BY value, null when missing (missing sorts first). */
        byte[] byValue;

        Item(byte[] element) {
            this.element = element;
        }
    }

    private void sort(CommandCall c, boolean readOnly) {
        Args args = c.args();
        byte[] key = args.next();
        SortOptions options = SortOptions.parse(args, readOnly); // every option, before the key is looked up
        Database db = c.db();
        KeyEntry entry = db.lookupRead(key); // a read even with STORE: Redis counts its hit or miss
        Object source = entry == null ? null : entry.value();
        if (source != null
                && !(source instanceof RedisList || source instanceof RedisSet || source instanceof RedisSortedSet)) {
            throw RedisError.WRONGTYPE;
        }
        boolean dontSort = options.dontSort;
        boolean alpha = options.alpha;
        SortPattern by = options.by;
        if (dontSort
                && source instanceof RedisSet
                && (options.store != null || c.client().isScriptClient())) {
            // what is stored, or what a script goes on with (and may write), must not depend on the set's hash order
            dontSort = false;
            alpha = true;
            by = null;
        }
        if (source instanceof RedisSortedSet zset) {
            zset.convertToSkipList();
        }
        int size = sizeOf(source);

        long start = Math.max(options.limitStart, 0);
        long end;
        if (options.limitCount < 0 || options.limitCount - 1 > Long.MAX_VALUE - start) {
            end = size - 1;
        } else {
            end = start + options.limitCount - 1;
        }
        if (start >= size) {
            start = size - 1;
            end = size - 2;
        }
        if (end >= size) {
            end = size - 1;
        }

        Item[] items;
        if (dontSort && (source instanceof RedisList || source instanceof RedisSortedSet)) {
            // the natural order, read straight from the range wanted
            items = end >= start
                    ? range(source, (int) start, (int) (end - start + 1), options.descending)
                    : new Item[0];
            end -= start;
            start = 0;
        } else {
            items = all(source, size);
        }

        boolean notNumbers = false;
        if (!dontSort) {
            notNumbers = weigh(db, items, by, alpha);
            Comparator<Item> order = comparator(alpha, by != null, options.store != null, options.descending);
            if (by != null && (start != 0 || end != items.length - 1)) {
                if (items.length > 0) {
                    PartialQuicksort.sort(items, order, (int) start, (int) end);
                }
            } else {
                Arrays.sort(items, order); // stable
            }
        }
        if (notNumbers) {
            throw NOT_A_DOUBLE;
        }
        int count = (int) (end - start + 1);
        List<SortPattern> gets = options.gets;
        long outputLength = gets.isEmpty() ? count : (long) gets.size() * count;
        if (options.store == null) {
            Reply reply = c.reply();
            reply.array(outputLength);
            for (int j = (int) start; j <= end; j++) {
                if (gets.isEmpty()) {
                    reply.bulk(items[j].element);
                }
                for (SortPattern get : gets) {
                    reply.bulk(get.lookup(db, items[j].element)); // null: a null reply
                }
            }
            return;
        }
        RedisList result = new RedisList();
        for (int j = (int) start; j <= end; j++) {
            if (gets.isEmpty()) {
                result.pushLast(items[j].element);
            }
            for (SortPattern get : gets) {
                byte[] value = get.lookup(db, items[j].element);
                result.pushLast(value == null ? EMPTY : value);
            }
        }
        if (outputLength > 0) {
            db.set(options.store, result, false);
            c.notify(NotifyType.LIST, "sortstore", options.store);
        } else if (db.delete(options.store)) {
            c.notify(NotifyType.GENERIC, "del", options.store);
        }
        c.reply().integer(outputLength);
    }

    private static int sizeOf(Object source) {
        if (source instanceof RedisList list) {
            return list.size();
        }
        if (source instanceof RedisSet set) {
            return set.size();
        }
        if (source instanceof RedisSortedSet zset) {
            return zset.size();
        }
        return 0; // a missing key: an empty list
    }

    /** {@code count} elements of a list or sorted set in their order from position {@code start} (from the end). */
    private static Item[] range(Object source, int start, int count, boolean fromEnd) {
        Item[] items = new Item[count];
        if (source instanceof RedisList list) {
            int size = list.size();
            for (int k = 0; k < count; k++) {
                items[k] = new Item(list.get(fromEnd ? size - 1 - start - k : start + k));
            }
            return items;
        }
        RedisSortedSet zset = (RedisSortedSet) source;
        if (count == 0) {
            return items;
        }
        RedisSortedSet.Node node = zset.byRank(fromEnd ? zset.size() - 1 - start : start);
        for (int k = 0; k < count; k++) {
            items[k] = new Item(node.member());
            node = fromEnd ? node.previous() : node.next();
        }
        return items;
    }

    /** Every element, in the source's order. */
    private static Item[] all(Object source, int size) {
        Item[] items = new Item[size];
        int n = 0;
        if (source instanceof RedisList list) {
            for (int i = 0; i < size; i++) {
                items[n++] = new Item(list.get(i));
            }
        } else if (source instanceof RedisSet set) {
            for (int position = 0; position < set.limit(); position++) {
                if (set.isMember(position)) {
                    items[n++] = new Item(set.member(position));
                }
            }
        } else if (source instanceof RedisSortedSet zset) {
            for (RedisSortedSet.Node node = zset.first(); node != null; node = node.next()) {
                items[n++] = new Item(node.member());
            }
        }
        return items;
    }

    /**
     * Gives every item what it sorts by: the BY value (missing: score 0, or a null ALPHA key) or the element itself.
     * True when a numeric weight could not be read; Redis still reads them all, then fails.
     */
    private static boolean weigh(Database db, Item[] items, SortPattern by, boolean alpha) {
        if (alpha && by == null) {
            return false; // the elements themselves are compared
        }
        boolean notNumbers = false;
        for (Item item : items) {
            byte[] value = by == null ? item.element : by.lookup(db, item.element);
            if (value == null) {
                continue;
            }
            if (alpha) {
                item.byValue = value;
            } else {
                double weight = SortWeight.parse(value);
                if (Double.isNaN(weight)) {
                    notNumbers = true;
                } else {
                    item.score = weight;
                }
            }
        }
        return notNumbers;
    }

    /**
     * Redis's comparison: numbers, then the elements' bytes on a tie; ALPHA with BY, the BY values (missing first);
     * ALPHA alone, the elements. Strings compare as bytes when storing, otherwise as strcoll in the C locale does.
     */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean storing, boolean descending) {
        Comparator<Item> order;
        if (!alpha) {
            order = (a, b) ->
                    a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.element, b.element);
        } else if (byPattern) {
            order = (a, b) -> {
                if (a.byValue == null || b.byValue == null) {
                    return a.byValue == b.byValue ? 0 : a.byValue == null ? -1 : 1;
                }
                return storing ? Arrays.compareUnsigned(a.byValue, b.byValue) : collate(a.byValue, b.byValue);
            };
        } else {
            order = storing
                    ? (a, b) -> Arrays.compareUnsigned(a.element, b.element)
                    : (a, b) -> collate(a.element, b.element);
        }
        if (descending) {
            Comparator<Item> ascending = order;
            order = (a, b) -> -Integer.signum(ascending.compare(a, b));
        }
        return order;
    }

    /** strcoll in the C locale: unsigned bytes, up to the first NUL of either string. */
    private static int collate(byte[] a, byte[] b) {
        for (int i = 0; ; i++) {
            int x = i < a.length ? a[i] & 0xff : 0;
            int y = i < b.length ? b[i] & 0xff : 0;
            if (x != y) {
                return x - y;
            }
            if (x == 0) {
                return 0;
            }
        }
    }
}
