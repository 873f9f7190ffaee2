package io.miniredis.command.hash;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CollectionKeys;
import io.miniredis.command.CollectionScan;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.EncodingLimits;
import io.miniredis.command.RandomPicks;
import io.miniredis.command.ScanCursor;
import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.FieldTable;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.RedisHash;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * The hash commands. The order of checks is Redis's: argument errors (pairs, numbers, options) before the key's
 * type, except where Redis looks the key up first. A hash emptied by HDEL is deleted.
 */
public final class HashCommands implements CommandFamily {

    private static final RedisError NOT_INTEGER_VALUE = new RedisError("ERR hash value is not an integer");
    private static final RedisError NOT_FLOAT_VALUE = new RedisError("ERR hash value is not a float");
    private static final RedisError NAN_INCREMENT = new RedisError("ERR value is NaN or Infinity");
    private static final RedisError NAN_RESULT = new RedisError("ERR increment would produce NaN or Infinity");
    private static final RedisError WITHVALUES_RANGE = new RedisError("ERR value is out of range");

    /** This server's thresholds (see {@link EncodingLimits#of}). */
    private EncodingLimits limits;

    @Override
    public String group() {
        return "hash";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("hset", -4, "write denyoom fast", 1, 1, 1, c -> hset(c, false)),
                command("hsetnx", 4, "write denyoom fast", 1, 1, 1, this::hsetnx),
                command("hmset", -4, "write denyoom fast", 1, 1, 1, c -> hset(c, true)),
                command("hget", 3, "readonly fast", 1, 1, 1, this::hget),
                command("hmget", -3, "readonly fast", 1, 1, 1, this::hmget),
                command("hdel", -3, "write fast", 1, 1, 1, this::hdel),
                command("hlen", 2, "readonly fast", 1, 1, 1, this::hlen),
                command("hstrlen", 3, "readonly fast", 1, 1, 1, this::hstrlen),
                command("hexists", 3, "readonly fast", 1, 1, 1, this::hexists),
                command("hkeys", 2, "readonly", 1, 1, 1, c -> all(c, true, false)),
                command("hvals", 2, "readonly", 1, 1, 1, c -> all(c, false, true)),
                command("hgetall", 2, "readonly", 1, 1, 1, c -> all(c, true, true)),
                command("hincrby", 4, "write denyoom fast", 1, 1, 1, this::hincrby),
                command("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, this::hincrbyfloat),
                command("hrandfield", -2, "readonly", 1, 1, 1, this::hrandfield),
                command("hscan", -3, "readonly", 1, 1, 1, this::hscan));
        // spotless:on
    }

    private EncodingLimits limits(CommandCall c) {
        EncodingLimits current = EncodingLimits.of(c, limits);
        limits = current;
        return current;
    }

    /** The hash at {@code entry}, null for a missing key, WRONGTYPE for another type. */
    static RedisHash hashOf(KeyEntry entry) {
        return CollectionKeys.valueOf(entry, RedisHash.class);
    }

    /** Sets {@code field} in {@code hash} with this server's encoding thresholds; true when the field is new. */
    private boolean set(CommandCall c, RedisHash hash, byte[] field, byte[] value) {
        EncodingLimits l = limits(c);
        return hash.set(field, value, l.hashMaxListpackEntries(), l.hashMaxListpackValue());
    }

    /** Stores a hash written by a command: a new key, or a note that an existing one changed in place. */
    private static void store(Database db, byte[] key, KeyEntry entry, RedisHash hash) {
        if (entry == null) {
            db.add(key, hash);
        } else {
            db.touched(entry);
        }
    }

    // ---- writes ----

    /** HSET / HMSET key field value [field value ...]: an odd pair is an arity error, before the key is looked at. */
    private void hset(CommandCall c, boolean hmset) {
        Args args = c.args();
        byte[] key = args.next();
        if (args.remaining() % 2 != 0) {
            throw new RedisError(CommandDispatcher.wrongArity(c.fullName()));
        }
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisHash hash = hashOf(entry);
        if (hash == null) {
            hash = new RedisHash();
        }
        EncodingLimits l = limits(c);
        long maxEntries = l.hashMaxListpackEntries();
        long maxValue = l.hashMaxListpackValue();
        long added = 0;
        long dirty = c.keyspace().dirty();
        long pairs = args.remaining() / 2;
        while (args.hasNext()) {
            byte[] field = args.next();
            byte[] value = args.next();
            if (hash.set(field, value, maxEntries, maxValue)) {
                added++;
            }
        }
        store(db, key, entry, hash);
        c.keyspace().dirty(dirty + pairs); // Redis counts each field set as a change
        if (hmset) {
            c.reply().ok();
        } else {
            c.reply().integer(added);
        }
        c.notify(NotifyType.HASH, "hset", key);
    }

    private void hsetnx(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] field = args.next();
        byte[] value = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisHash hash = hashOf(entry);
        if (hash != null && hash.contains(field)) {
            c.reply().integer(0);
            return;
        }
        if (hash == null) {
            hash = new RedisHash();
        }
        set(c, hash, field, value);
        store(db, key, entry, hash);
        c.reply().integer(1);
        c.notify(NotifyType.HASH, "hset", key);
    }

    private void hdel(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisHash hash = hashOf(entry);
        if (hash == null) {
            c.reply().integer(0);
            return;
        }
        long deleted = 0;
        while (args.hasNext()) {
            if (hash.delete(args.next())) {
                deleted++;
                if (hash.size() == 0) {
                    break; // Redis stops here too: the key goes, the remaining fields cannot be in it
                }
            }
        }
        if (deleted > 0) {
            c.notify(NotifyType.HASH, "hdel", key);
        }
        long dirty = c.keyspace().dirty();
        if (hash.size() == 0) {
            db.delete(key);
            c.notify(NotifyType.GENERIC, "del", key);
        } else if (deleted > 0) {
            db.touched(entry);
        }
        c.keyspace().dirty(dirty + deleted); // Redis counts each field deleted as a change
        c.reply().integer(deleted);
    }

    /** HINCRBY key field increment: the increment is read before the key is looked at. */
    private void hincrby(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] field = args.next();
        long increment = args.nextLong();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisHash hash = hashOf(entry);
        byte[] old = hash == null ? null : hash.get(field);
        long current = 0;
        if (old != null) {
            try {
                current = Numbers.parseLong(old);
            } catch (Numbers.NotANumber e) {
                throw NOT_INTEGER_VALUE;
            }
        }
        if ((increment < 0 && current < 0 && increment < Long.MIN_VALUE - current)
                || (increment > 0 && current > 0 && increment > Long.MAX_VALUE - current)) {
            throw RedisError.OVERFLOW;
        }
        long result = current + increment;
        if (hash == null) {
            hash = new RedisHash();
        }
        set(c, hash, field, Numbers.toBytes(result));
        store(db, key, entry, hash);
        c.reply().integer(result);
        c.notify(NotifyType.HASH, "hincrby", key);
    }

    /** HINCRBYFLOAT key field increment: the increment is read (as a long double) before the key is looked at. */
    private void hincrbyfloat(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] field = args.next();
        BigDecimal increment = args.nextLongDouble(RedisError.NOT_FLOAT, NAN_INCREMENT);
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        RedisHash hash = hashOf(entry);
        byte[] old = hash == null ? null : hash.get(field);
        BigDecimal result;
        if (old == null) {
            result = increment;
        } else {
            BigDecimal current;
            try {
                current = Numbers.parseLongDouble(old);
            } catch (Numbers.NotANumber e) {
                throw NOT_FLOAT_VALUE;
            } catch (Numbers.LongDoubleInfinity e) {
                throw NAN_RESULT; // an infinite value parses, and any finite increment leaves it infinite
            }
            if (current == null) {
                throw NOT_FLOAT_VALUE;
            }
            result = Numbers.addLongDouble(current, increment);
            if (result == null) {
                throw NAN_RESULT;
            }
        }
        byte[] text = Numbers.formatLongDouble(result).getBytes(StandardCharsets.US_ASCII);
        if (hash == null) {
            hash = new RedisHash();
        }
        set(c, hash, field, text);
        store(db, key, entry, hash);
        c.reply().bulk(text);
        c.notify(NotifyType.HASH, "hincrbyfloat", key);
        // propagated as Redis 7.0 does: HSET key field <the result>, float arithmetic may differ where replayed
        c.propagateAs(io.miniredis.command.Propagation.bytes("HSET"), key, field, text);
    }

    // ---- reads ----

    private void hget(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] field = args.next();
        RedisHash hash = hashOf(c.db().lookupRead(key));
        c.reply().bulk(hash == null ? null : hash.get(field));
    }

    private void hmget(CommandCall c) {
        Args args = c.args();
        RedisHash hash = hashOf(c.db().lookupRead(args.next()));
        Reply reply = c.reply();
        reply.array(args.remaining());
        while (args.hasNext()) {
            byte[] field = args.next();
            reply.bulk(hash == null ? null : hash.get(field));
        }
    }

    private void hlen(CommandCall c) {
        RedisHash hash = hashOf(c.db().lookupRead(c.args().next()));
        c.reply().integer(hash == null ? 0 : hash.size());
    }

    private void hstrlen(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] field = args.next();
        RedisHash hash = hashOf(c.db().lookupRead(key));
        byte[] value = hash == null ? null : hash.get(field);
        c.reply().integer(value == null ? 0 : value.length);
    }

    private void hexists(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] field = args.next();
        RedisHash hash = hashOf(c.db().lookupRead(key));
        c.reply().integer(hash != null && hash.contains(field) ? 1 : 0);
    }

    /** HKEYS, HVALS, HGETALL: in insertion order, which is Redis's order for a listpack. HGETALL is a map. */
    private void all(CommandCall c, boolean fields, boolean values) {
        RedisHash hash = hashOf(c.db().lookupRead(c.args().next()));
        Reply reply = c.reply();
        if (hash == null) {
            if (fields && values) {
                reply.map(0);
            } else {
                reply.array(0);
            }
            return;
        }
        FieldTable table = hash.table();
        if (fields && values) {
            reply.map(hash.size());
        } else {
            reply.array(hash.size());
        }
        for (int slot = 0; slot < table.limit(); slot++) {
            byte[] field = table.key(slot);
            if (field == null) {
                continue;
            }
            if (fields) {
                reply.bulk(field);
            }
            if (values) {
                reply.bulk(table.value(slot));
            }
        }
    }

    // ---- random fields and scans ----

    /**
     * HRANDFIELD key [count [WITHVALUES]]'s options, read in Redis's order: the count (any integer but the most
     * negative), then WITHVALUES and nothing after it, then the range a count with values must keep to (its picks
     * doubled must not overflow).
     */
    private record RandomFields(long count, boolean withValues) {

        static RandomFields parse(Args args) {
            long count = RandomPicks.parseCount(args.next());
            boolean withValues = args.option("WITHVALUES");
            args.finish();
            if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw WITHVALUES_RANGE;
            }
            return new RandomFields(count, withValues);
        }
    }

    private void hrandfield(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        if (!args.hasNext()) {
            RedisHash hash = hashOf(c.db().lookupRead(key));
            if (hash == null) {
                c.reply().nullBulk();
                return;
            }
            FieldTable table = hash.table();
            c.reply().bulk(table.key(table.randomSlot(c.keyspace().random())));
            return;
        }
        RandomFields options = RandomFields.parse(args);
        long count = options.count();
        boolean withValues = options.withValues();
        RedisHash hash = hashOf(c.db().lookupRead(key));
        Reply reply = c.reply();
        if (hash == null || count == 0) {
            reply.array(0);
            return;
        }
        FieldTable table = hash.table();
        RandomGenerator random = c.keyspace().random();
        boolean pairs = withValues && reply.resp3();
        int perPick = withValues && !reply.resp3() ? 2 : 1;
        if (count < 0 || count == 1) {
            // Picks with repetition, in random order.
            long picks = Math.abs(count);
            RandomPicks.checkReplySize(picks * perPick);
            reply.array(picks * perPick);
            for (long i = 0; i < picks; i++) {
                writeField(reply, table, table.randomSlot(random), withValues, pairs);
            }
            return;
        }
        int size = hash.size();
        if (count >= size) {
            reply.array((long) size * perPick);
            for (int slot = 0; slot < table.limit(); slot++) {
                if (table.key(slot) != null) {
                    writeField(reply, table, slot, withValues, pairs);
                }
            }
            return;
        }
        int[] slots = RandomPicks.distinct(
                (int) count,
                size,
                table.limit(),
                slot -> table.key(slot) != null,
                () -> table.randomSlot(random),
                random);
        reply.array(count * perPick);
        for (int slot : slots) {
            writeField(reply, table, slot, withValues, pairs);
        }
    }

    /** A field, with its value when asked: as a pair in RESP3, flat in RESP2. */
    private static void writeField(Reply reply, FieldTable table, int slot, boolean withValues, boolean pairs) {
        if (pairs) {
            reply.array(2);
        }
        reply.bulk(table.key(slot));
        if (withValues) {
            reply.bulk(table.value(slot));
        }
    }

    /**
     * HSCAN: the cursor is checked first, then the key (a missing one is an empty scan, whatever the options), then
     * its type, then the options. A hash Redis keeps as a listpack is returned whole with cursor 0, as Redis does.
     */
    private void hscan(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long cursor = ScanCursor.parse(args.next());
        RedisHash hash = hashOf(c.db().lookupRead(key));
        if (hash == null) {
            CollectionScan.replyEmpty(c.reply());
            return;
        }
        // The shared parser of COUNT / MATCH still reads by index: it takes the options from where the cursor is.
        CollectionScan scan = CollectionScan.parse(args);
        FieldTable table = hash.table();
        // Collected unfiltered, fields and values alike, and counted so against COUNT: MATCH filters afterwards.
        List<byte[]> visited = new ArrayList<>();
        IntConsumer collect = slot -> {
            byte[] field = table.key(slot);
            if (field != null) {
                visited.add(field);
                visited.add(table.value(slot));
            }
        };
        if (hash.isListpack()) {
            for (int slot = 0; slot < table.limit(); slot++) {
                collect.accept(slot);
            }
            cursor = 0;
        } else {
            long bucketsLeft = scan.maxBuckets();
            do {
                cursor = table.scan(cursor, collect);
            } while (cursor != 0 && bucketsLeft-- > 0 && visited.size() < scan.count);
        }
        List<byte[]> found = visited;
        if (scan.pattern != null) {
            found = new ArrayList<>(visited.size());
            for (int i = 0; i < visited.size(); i += 2) {
                if (scan.matches(visited.get(i))) {
                    found.add(visited.get(i));
                    found.add(visited.get(i + 1));
                }
            }
        }
        CollectionScan.reply(c.reply(), cursor, found);
    }
}
