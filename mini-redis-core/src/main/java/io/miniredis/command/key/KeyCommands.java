package io.miniredis.command.key;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;

import io.miniredis.command.Args;
import io.miniredis.command.CollectionScan;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.Help;
import io.miniredis.command.Propagation;
import io.miniredis.command.ScanCursor;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Values;
import io.miniredis.util.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generic key commands: existence and type, deletion, renaming and moving, copying, expiry, iteration (KEYS,
 * SCAN, RANDOMKEY) and OBJECT.
 *
 * <p>Which lookup each command uses follows Redis, because it shows in INFO (keyspace hits/misses) and OBJECT
 * IDLETIME: writes use {@code lookupWrite} (touches, not counted); TOUCH and COPY's source use {@code lookupRead}
 * (touches, counted); EXISTS, TYPE, TTL and OBJECT use {@code lookupReadNoTouch} (counted, no touch); DEL, KEYS,
 * SCAN and RANDOMKEY neither count nor touch.
 */
public final class KeyCommands implements CommandFamily {

    private static final RedisError SAME_OBJECT = new RedisError("ERR source and destination objects are the same");

    @Override
    public String group() {
        return "generic";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("del", -2, "write", 1, -1, 1, KeyCommands::delete),
                command("unlink", -2, "write fast", 1, -1, 1, KeyCommands::delete),
                command("exists", -2, "readonly fast", 1, -1, 1, this::exists),
                command("type", 2, "readonly fast", 1, 1, 1, this::type),
                command("keys", 2, "readonly", this::keys),
                command("scan", -2, "readonly", this::scan),
                command("randomkey", 1, "readonly", this::randomkey),
                command("rename", 3, "write", 1, 2, 1, c -> rename(c, false)),
                command("renamenx", 3, "write fast", 1, 2, 1, c -> rename(c, true)),
                command("move", 3, "write fast", 1, 1, 1, this::move),
                command("copy", -3, "write denyoom", 1, 2, 1, this::copy),
                command("expire", -3, "write fast", 1, 1, 1, c -> expire(c, true, 1000)),
                command("pexpire", -3, "write fast", 1, 1, 1, c -> expire(c, true, 1)),
                command("expireat", -3, "write fast", 1, 1, 1, c -> expire(c, false, 1000)),
                command("pexpireat", -3, "write fast", 1, 1, 1, c -> expire(c, false, 1)),
                command("ttl", 2, "readonly fast", 1, 1, 1, c -> ttl(c, false, false)),
                command("pttl", 2, "readonly fast", 1, 1, 1, c -> ttl(c, true, false)),
                command("expiretime", 2, "readonly fast", 1, 1, 1, c -> ttl(c, false, true)),
                command("pexpiretime", 2, "readonly fast", 1, 1, 1, c -> ttl(c, true, true)),
                command("persist", 2, "write fast", 1, 1, 1, this::persist),
                command("touch", -2, "readonly fast", 1, -1, 1, this::touch),
                container("object", "",
                        command("encoding", 3, "readonly", 2, 2, 1, this::objectEncoding),
                        command("freq", 3, "readonly", 2, 2, 1, this::objectFreq),
                        command("idletime", 3, "readonly", 2, 2, 1, this::objectIdletime),
                        command("refcount", 3, "readonly", 2, 2, 1, this::objectRefcount),
                        command("help", 2, "loading stale", this::objectHelp)));
        // spotless:on
    }

    // ---- existence, type, deletion ----

    private static void delete(CommandCall c) {
        Database db = c.db();
        long deleted = 0;
        for (Args keys = c.args(); keys.hasNext(); ) {
            byte[] key = keys.next();
            if (db.delete(key)) {
                c.notify(NotifyType.GENERIC, "del", key);
                deleted++;
            }
        }
        c.reply().integer(deleted);
    }

    private void exists(CommandCall c) {
        Database db = c.db();
        long found = 0;
        for (Args keys = c.args(); keys.hasNext(); ) {
            if (db.lookupReadNoTouch(keys.next()) != null) {
                found++;
            }
        }
        c.reply().integer(found);
    }

    private void touch(CommandCall c) {
        Database db = c.db();
        long found = 0;
        for (Args keys = c.args(); keys.hasNext(); ) {
            if (db.lookupRead(keys.next()) != null) {
                found++;
            }
        }
        c.reply().integer(found);
    }

    private void type(CommandCall c) {
        KeyEntry entry = c.db().lookupReadNoTouch(c.args().next());
        c.reply().status(entry == null ? "none" : Values.type(entry.value()).wireName());
    }

    // ---- iteration ----

    private void keys(CommandCall c) {
        byte[] pattern = c.args().next();
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> found = new ArrayList<>();
        c.db().forEachLive(e -> {
            if (all || Glob.matches(pattern, e.key(), false)) {
                found.add(e.key());
            }
        });
        Reply reply = c.reply();
        reply.array(found.size());
        for (byte[] key : found) {
            reply.bulk(key);
        }
    }

    /**
     * SCAN: visits buckets of the key table from the cursor until {@code COUNT} keys are collected, at most about
     * ten buckets per requested key (so a sparse table cannot make one call walk all of it), then filters by MATCH
     * and TYPE. The cursor order is the table's reverse-binary order; see {@link io.miniredis.store.Dict#scan}.
     */
    private void scan(CommandCall c) {
        Args args = c.args();
        long cursor = ScanCursor.parse(args.next()); // the cursor first: a bad one wins over bad options
        // CollectionScan (shared with HSCAN, SSCAN, ZSCAN) reads the options from where the cursor stopped.
        CollectionScan options = CollectionScan.parse(args, true);
        long count = options.count;
        String typeName = options.typeName;
        Database db = c.db();
        List<byte[]> collected = new ArrayList<>();
        long iterationsLeft = options.maxBuckets();
        do {
            cursor = db.scanIncludingExpired(cursor, e -> collected.add(e.key()));
        } while (cursor != 0 && iterationsLeft-- > 0 && collected.size() < count);

        List<byte[]> keys = new ArrayList<>(collected.size());
        for (byte[] key : collected) {
            if (!options.matches(key)) {
                continue;
            }
            if (typeName != null) {
                // Redis looks each candidate up here, so SCAN ... TYPE counts keyspace hits.
                KeyEntry entry = db.lookupReadNoTouch(key);
                if (entry == null || !Values.type(entry.value()).wireName().equalsIgnoreCase(typeName)) {
                    continue;
                }
            } else if (db.peek(key) == null) {
                continue; // expired: a candidate that passed the filters is expired now, as in Redis
            }
            keys.add(key);
        }
        Reply reply = c.reply();
        reply.array(2);
        reply.bulk(ScanCursor.format(cursor));
        reply.array(keys.size());
        for (byte[] key : keys) {
            reply.bulk(key);
        }
    }

    private void randomkey(CommandCall c) {
        Database db = c.db();
        long now = c.keyspace().now();
        KeyEntry entry;
        // The database may hand out an expired key when every key is volatile; a master never shows one: expire it
        // (a look-up does that) and draw again. Each round removes a key, so this ends.
        while ((entry = db.randomEntry()) != null && entry.hasExpiry() && entry.expireAt() <= now) {
            db.peek(entry.key());
        }
        if (entry == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(entry.key());
        }
    }

    // ---- rename, move, copy ----

    private void rename(CommandCall c, boolean nx) {
        Args args = c.args();
        byte[] from = args.next();
        byte[] to = args.next();
        Database db = c.db();
        KeyEntry source = db.lookupWrite(from);
        if (source == null) {
            throw RedisError.NO_SUCH_KEY;
        }
        if (Arrays.equals(from, to)) {
            replyRenamed(c, nx, false);
            return;
        }
        long dirty = c.keyspace().dirty();
        if (db.lookupWrite(to) != null) {
            if (nx) {
                replyRenamed(c, true, false);
                return;
            }
            db.delete(to);
        }
        db.moveEntry(source, db, to);
        c.keyspace().dirty(dirty + 1); // one change for Redis, overwrite or not
        c.notify(NotifyType.GENERIC, "rename_from", from);
        c.notify(NotifyType.GENERIC, "rename_to", to);
        replyRenamed(c, nx, true);
    }

    private static void replyRenamed(CommandCall c, boolean nx, boolean renamed) {
        if (nx) {
            c.reply().integer(renamed ? 1 : 0);
        } else {
            c.reply().ok();
        }
    }

    private void move(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        Database target = database(c, args);
        Database db = c.db();
        if (target == db) {
            throw SAME_OBJECT;
        }
        KeyEntry entry = db.lookupWrite(key);
        if (entry == null || target.lookupWrite(key) != null) {
            c.reply().integer(0);
            return;
        }
        long dirty = c.keyspace().dirty();
        db.moveEntry(entry, target, key);
        c.keyspace().dirty(dirty + 1); // one change for Redis, two databases or not
        c.notify(NotifyType.GENERIC, "move_from", key);
        c.notify(NotifyType.GENERIC, "move_to", key, target.index());
        c.reply().integer(1);
    }

    /** COPY: the options are read (and a bad database refused) before the keys are compared or looked up. */
    private void copy(CommandCall c) {
        Args args = c.args();
        byte[] from = args.next();
        byte[] to = args.next();
        Database db = c.db();
        Database target = db;
        boolean replace = false;
        while (args.hasNext()) {
            if (args.option("REPLACE")) {
                replace = true;
            } else if (args.option("DB")) {
                target = database(c, args); // DB as the last argument: a syntax error
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (target == db && Arrays.equals(from, to)) {
            throw SAME_OBJECT;
        }
        KeyEntry source = db.lookupRead(from);
        boolean exists = source != null && target.lookupWrite(to) != null;
        if (source == null || (exists && !replace)) {
            c.reply().integer(0);
            return;
        }
        if (exists) {
            target.delete(to); // Redis deletes and adds: the copy is a new key (LRU clock, 'new' event)
        }
        target.putEntry(to, Values.copy(source.value()), source.expireAt());
        c.notify(NotifyType.GENERIC, "copy_to", to, target.index());
        c.reply().integer(1);
    }

    /** A database number argument of MOVE and COPY, parsed like Redis's getIntFromObject, then range-checked. */
    private static Database database(CommandCall c, Args args) {
        long index = args.nextLong();
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            throw new RedisError("ERR value is out of range, value must between -2147483648 and 2147483647");
        }
        if (index < 0 || index >= c.keyspace().databaseCount()) {
            throw RedisError.DB_OUT_OF_RANGE;
        }
        return c.keyspace().db((int) index);
    }

    // ---- expiry ----

    /**
     * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT. The time may be negative (a time in the past deletes the key and
     * replies 1); only an overflow of the unit conversion or of adding the current time is an error.
     */
    private void expire(CommandCall c, boolean relative, long unitMillis) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] time = args.next();
        ExpireCondition condition = ExpireCondition.parse(args); // Redis reads the options before the time
        long when = Args.toLong(time);
        if (unitMillis == 1000) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw ExpiryOptions.invalidExpireTime(c);
            }
            when *= 1000;
        }
        long base = relative ? c.keyspace().now() : 0;
        if (when > Long.MAX_VALUE - base) {
            throw ExpiryOptions.invalidExpireTime(c);
        }
        when += base;

        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        if (entry == null || !condition.allows(entry.expireAt(), when)) {
            c.reply().integer(0);
            return;
        }
        if (when <= c.keyspace().now()) {
            db.delete(key);
            c.notify(NotifyType.GENERIC, "del", key);
            c.reply().integer(1);
            c.propagateAs(Propagation.deletion(c), key);
        } else {
            db.setExpiry(entry, when);
            c.reply().integer(1);
            c.notify(NotifyType.GENERIC, "expire", key);
            if (relative || unitMillis != 1) {
                // propagated as Redis does: the absolute time in milliseconds, the options kept
                byte[][] argv = c.argv().clone();
                argv[0] = Propagation.PEXPIREAT;
                argv[2] = Propagation.number(when);
                c.propagateAs(argv);
            }
        }
    }

    /** TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 without expiry; seconds are rounded. */
    private void ttl(CommandCall c, boolean millis, boolean absolute) {
        KeyEntry entry = c.db().lookupReadNoTouch(c.args().next());
        if (entry == null) {
            c.reply().integer(-2);
            return;
        }
        if (!entry.hasExpiry()) {
            c.reply().integer(-1);
            return;
        }
        long value = absolute
                ? entry.expireAt()
                : Math.max(0, entry.expireAt() - c.keyspace().now());
        // (value + 500) / 1000 without overflowing next to Long.MAX_VALUE (PEXPIREAT k 9223372036854775807).
        c.reply().integer(millis ? value : value / 1000 + (value % 1000 >= 500 ? 1 : 0));
    }

    private void persist(CommandCall c) {
        byte[] key = c.args().next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        if (entry != null && db.persist(entry)) {
            db.touched(entry);
            c.notify(NotifyType.GENERIC, "persist", key);
            c.reply().integer(1);
        } else {
            c.reply().integer(0);
        }
    }

    // ---- OBJECT ----

    /**
     * The key of OBJECT ENCODING/FREQ/IDLETIME/REFCOUNT (after the subcommand), looked up like Redis's OBJECT lookup:
     * a hit or miss is counted, the key is not touched and a miss is no keymiss event.
     */
    private static KeyEntry objectTarget(CommandCall c) {
        KeyEntry entry = c.db().peek(c.args(2).next());
        if (entry == null) {
            c.keyspace().stats().keyspaceMiss();
        } else {
            c.keyspace().stats().keyspaceHit();
        }
        return entry;
    }

    private void objectEncoding(CommandCall c) {
        KeyEntry entry = objectTarget(c);
        if (entry == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(Values.encoding(entry.value()));
        }
    }

    private void objectRefcount(CommandCall c) {
        KeyEntry entry = objectTarget(c);
        if (entry == null) {
            c.reply().nullBulk();
        } else {
            c.reply().integer(ObjectInspection.refcount(c.server().config(), entry.value()));
        }
    }

    private void objectIdletime(CommandCall c) {
        KeyEntry entry = objectTarget(c);
        if (entry == null) {
            c.reply().nullBulk();
            return;
        }
        if (ObjectInspection.lfuPolicy(c.server().config())) {
            throw new RedisError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that "
                    + "when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
        c.reply().integer(c.keyspace().idleSeconds(entry));
    }

    private void objectFreq(CommandCall c) {
        KeyEntry entry = objectTarget(c);
        if (entry == null) {
            c.reply().nullBulk();
            return;
        }
        if (!ObjectInspection.lfuPolicy(c.server().config())) {
            throw new RedisError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please "
                    + "note that when switching between policies at runtime LRU and LFU data will take some time "
                    + "to adjust.");
        }
        c.reply().integer(c.keyspace().lfuFrequency(entry));
    }

    private void objectHelp(CommandCall c) {
        Help.reply(
                c.reply(),
                "OBJECT",
                "ENCODING <key>",
                "    Return the kind of internal representation used in order to store the value",
                "    associated with a <key>.",
                "FREQ <key>",
                "    Return the access frequency index of the <key>. The returned integer is",
                "    proportional to the logarithm of the recent access frequency of the key.",
                "IDLETIME <key>",
                "    Return the idle time of the <key>, that is the approximated number of",
                "    seconds elapsed since the last access to the key.",
                "REFCOUNT <key>",
                "    Return the number of references of the value associated with the specified",
                "    <key>.");
    }
}
