package io.miniredis.command.string;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.Propagation;
import io.miniredis.command.key.ExpiryOptions;
import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.AppendableString;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Values;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The string commands: GET, SET and its variants, counters, ranges, LCS. */
public final class StringCommands implements CommandFamily {

    private static final RedisError NAN_OR_INFINITY = new RedisError("ERR increment would produce NaN or Infinity");

    @Override
    public String group() {
        return "string";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("get", 2, "readonly fast", 1, 1, 1, this::get),
                command("set", -3, "write denyoom", 1, 1, 1, this::set)
                        .variableKeySpecFlags(StringCommands::setKeyFlags),
                command("setnx", 3, "write denyoom fast", 1, 1, 1, this::setnx),
                command("setex", 4, "write denyoom", 1, 1, 1, c -> setWithTtl(c, 1000)),
                command("psetex", 4, "write denyoom", 1, 1, 1, c -> setWithTtl(c, 1)),
                command("getset", 3, "write denyoom fast", 1, 1, 1, this::getset),
                command("getdel", 2, "write fast", 1, 1, 1, this::getdel),
                command("getex", -2, "write fast", 1, 1, 1, this::getex),
                command("mget", -2, "readonly fast", 1, -1, 1, this::mget),
                command("mset", -3, "write denyoom", 1, -1, 2, this::mset),
                command("msetnx", -3, "write denyoom", 1, -1, 2, this::msetnx),
                command("append", 3, "write denyoom fast", 1, 1, 1, this::append),
                command("strlen", 2, "readonly fast", 1, 1, 1, this::strlen),
                command("getrange", 4, "readonly", 1, 1, 1, this::getrange),
                command("substr", 4, "readonly", 1, 1, 1, this::getrange),
                command("setrange", 4, "write denyoom", 1, 1, 1, this::setrange),
                command("incr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, c.args().next(), 1)),
                command("decr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, c.args().next(), -1)),
                command("incrby", 3, "write denyoom fast", 1, 1, 1, this::incrby),
                command("decrby", 3, "write denyoom fast", 1, 1, 1, this::decrby),
                command("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, this::incrbyfloat),
                command("lcs", -3, "readonly", 1, 2, 1, this::lcs));
        // spotless:on
    }

    /** SET reads the old value only with GET (wherever it appears among the options); otherwise it overwrites. */
    private static List<String> setKeyFlags(byte[][] argv) {
        for (int i = 3; i < argv.length; i++) {
            if (Args.is(argv[i], "GET")) {
                return List.of("RW", "access", "update");
            }
        }
        return List.of("OW", "update");
    }

    /** The string at {@code entry}, or a WRONGTYPE error; null when the key is missing. */
    static Object stringValue(KeyEntry entry) {
        if (entry == null) {
            return null;
        }
        Object value = entry.value();
        if (!Values.isString(value)) {
            throw RedisError.WRONGTYPE;
        }
        return value;
    }

    static void replyString(Reply reply, Object value) {
        if (value == null) {
            reply.nullBulk();
        } else if (value instanceof byte[] bytes) {
            reply.bulk(bytes);
        } else {
            AppendableString s = (AppendableString) value;
            reply.bulk(s.buffer(), 0, s.length());
        }
    }

    private void get(CommandCall c) {
        KeyEntry entry = c.db().lookupRead(c.args().next());
        byte[] inline = entry == null ? null : entry.inlineValueArray();
        if (inline != null) { // a short string, replied from the key's array without a copy
            int offset = entry.inlineValueOffset();
            c.reply().bulk(inline, offset, inline.length - offset);
            return;
        }
        replyString(c.reply(), stringValue(entry));
    }

    private void set(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] value = args.next();
        ExpiryOptions options = ExpiryOptions.parse(args, ExpiryOptions.Command.SET);
        long expireAt = options.hasExpiry() ? options.expireAt(c) : KeyEntry.NO_EXPIRY;
        Database db = c.db();
        if (options.get()) {
            replyString(c.reply(), stringValue(db.lookupRead(key)));
        }
        // Only NX and XX need to know whether the key exists; a plain SET does one lookup, inside db.set.
        boolean found = (options.nx() || options.xx()) && db.lookupWrite(key) != null;
        if ((options.nx() && found) || (options.xx() && !found)) {
            if (!options.get()) {
                c.reply().nullBulk();
            }
            return;
        }
        KeyEntry entry = db.set(key, value, options.keepTtl());
        c.notify(NotifyType.STRING, "set", key);
        if (expireAt != KeyEntry.NO_EXPIRY) {
            db.setExpiry(entry, expireAt);
            c.notify(NotifyType.GENERIC, "expire", key);
            if (!options.pxat()) {
                // Redis 7.0 propagates a relative (or seconds) expiry as SET key value PXAT <ms>, other options dropped
                c.propagateAs(Propagation.SET, key, value, Propagation.PXAT, Propagation.number(expireAt));
            }
        }
        if (!options.get()) {
            c.reply().ok();
        } else if (expireAt == KeyEntry.NO_EXPIRY || options.pxat()) {
            propagateWithoutGet(c); // as Redis 7.0: the GET option is not propagated
        }
    }

    /** SET's argv without its first GET option (the value itself may be "get": options start at index 3). */
    private static void propagateWithoutGet(CommandCall c) {
        byte[][] argv = c.argv();
        for (int i = 3; i < argv.length; i++) {
            if (io.miniredis.command.Args.is(argv[i], "GET")) {
                byte[][] without = new byte[argv.length - 1][];
                System.arraycopy(argv, 0, without, 0, i);
                System.arraycopy(argv, i + 1, without, i, argv.length - i - 1);
                c.propagateAs(without);
                return;
            }
        }
    }

    private void setnx(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] value = args.next();
        Database db = c.db();
        if (db.lookupWrite(key) != null) {
            c.reply().integer(0);
            return;
        }
        db.set(key, value, false);
        c.notify(NotifyType.STRING, "set", key);
        c.reply().integer(1);
    }

    /** SETEX and PSETEX: the time must be a positive integer, checked before anything is written. */
    private void setWithTtl(CommandCall c, long unitMillis) {
        Args args = c.args();
        byte[] key = args.next();
        long ttl = args.nextLong();
        byte[] value = args.next();
        long expireAt = ExpiryOptions.absolute(c, ttl, unitMillis, true);
        Database db = c.db();
        KeyEntry entry = db.set(key, value, false);
        db.setExpiry(entry, expireAt);
        c.notify(NotifyType.STRING, "set", key);
        c.notify(NotifyType.GENERIC, "expire", key);
        c.reply().ok();
        c.propagateAs(Propagation.SET, key, value, Propagation.PXAT, Propagation.number(expireAt));
    }

    private void getset(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] value = args.next();
        Database db = c.db();
        Object old = stringValue(db.lookupRead(key)); // a read in Redis: a hit or a miss (keymiss event)
        replyString(c.reply(), old);
        db.set(key, value, false);
        c.notify(NotifyType.STRING, "set", key);
        c.propagateAs(Propagation.SET, key, value); // Redis 7.0 propagates GETSET as SET
    }

    private void getdel(CommandCall c) {
        byte[] key = c.args().next();
        Database db = c.db();
        Object value = stringValue(db.lookupRead(key));
        replyString(c.reply(), value);
        if (value != null) {
            db.delete(key);
            c.notify(NotifyType.GENERIC, "del", key);
            c.propagateAs(Propagation.DEL, key); // Redis 7.0 propagates GETDEL as DEL
        }
    }

    private void getex(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        ExpiryOptions options = ExpiryOptions.parse(args, ExpiryOptions.Command.GETEX);
        Database db = c.db();
        KeyEntry entry = db.lookupRead(key);
        Object value = stringValue(entry);
        if (value == null) {
            c.reply().nullBulk();
            return;
        }
        if (options.hasExpiry()) {
            long expireAt = options.expireAt(c);
            replyString(c.reply(), value);
            if (expireAt <= c.keyspace().now()) {
                db.delete(key);
                c.notify(NotifyType.GENERIC, "del", key);
                c.propagateAs(Propagation.deletion(c), key);
            } else {
                db.setExpiry(entry, expireAt);
                c.notify(NotifyType.GENERIC, "expire", key);
                c.propagateAs(Propagation.PEXPIREAT, key, Propagation.number(expireAt));
            }
            return;
        }
        replyString(c.reply(), value);
        if (options.persist()) {
            if (db.persist(entry)) {
                db.touched(entry);
                c.notify(NotifyType.GENERIC, "persist", key);
                c.propagateAs(Propagation.PERSIST, key);
            }
        }
    }

    private void mget(CommandCall c) {
        Args args = c.args();
        Database db = c.db();
        Reply reply = c.reply();
        reply.array(args.remaining());
        while (args.hasNext()) {
            KeyEntry entry = db.lookupRead(args.next());
            Object value = entry == null ? null : entry.value();
            replyString(reply, Values.isString(value) ? value : null);
        }
    }

    private void mset(CommandCall c) {
        Args pairs = pairs(c);
        Database db = c.db();
        while (pairs.hasNext()) {
            byte[] key = pairs.next();
            db.set(key, pairs.next(), false);
            c.notify(NotifyType.STRING, "set", key);
        }
        c.reply().ok();
    }

    private void msetnx(CommandCall c) {
        Args pairs = pairs(c);
        Database db = c.db();
        for (Args keys = c.args(); keys.hasNext(); keys.next()) { // every other argument: the keys
            if (db.lookupWrite(keys.next()) != null) {
                c.reply().integer(0);
                return;
            }
        }
        while (pairs.hasNext()) {
            byte[] key = pairs.next();
            db.set(key, pairs.next(), false);
            c.notify(NotifyType.STRING, "set", key);
        }
        c.reply().integer(1);
    }

    /** MSET's and MSETNX's key-value pairs; an odd count is Redis's arity error, since the table cannot say it. */
    private static Args pairs(CommandCall c) {
        Args args = c.args();
        if (args.remaining() % 2 != 0) {
            throw new RedisError(CommandDispatcher.wrongArity(c.fullName()));
        }
        return args;
    }

    private void append(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] suffix = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        Object value = stringValue(entry);
        if (value == null) {
            db.set(key, suffix, false);
            c.notify(NotifyType.STRING, "append", key);
            c.reply().integer(suffix.length);
            return;
        }
        checkStringLength(c, Values.stringLength(value), suffix.length);
        AppendableString appendable =
                value instanceof AppendableString s ? s : new AppendableString((byte[]) value, suffix.length);
        appendable.append(suffix);
        db.replaceValue(entry, appendable);
        c.notify(NotifyType.STRING, "append", key);
        c.reply().integer(appendable.length());
    }

    private void strlen(CommandCall c) {
        Object value = stringValue(c.db().lookupRead(c.args().next()));
        c.reply().integer(value == null ? 0 : Values.stringLength(value));
    }

    private void getrange(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long start = args.nextLong();
        long end = args.nextLong();
        Object value = stringValue(c.db().lookupRead(key));
        if (value == null) {
            c.reply().bulk(new byte[0]);
            return;
        }
        byte[] bytes = value instanceof byte[] b ? b : ((AppendableString) value).buffer();
        long length = Values.stringLength(value);
        if (start < 0 && end < 0 && start > end) {
            c.reply().bulk(new byte[0]);
            return;
        }
        if (start < 0) {
            start += length;
        }
        if (end < 0) {
            end += length;
        }
        start = Math.max(start, 0);
        end = Math.max(end, 0);
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            c.reply().bulk(new byte[0]);
        } else {
            c.reply().bulk(bytes, (int) start, (int) (end - start + 1));
        }
    }

    private void setrange(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long offset = args.nextLong();
        if (offset < 0) {
            throw new RedisError("ERR offset is out of range");
        }
        byte[] patch = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        Object value = stringValue(entry);
        if (value == null) {
            if (patch.length == 0) {
                c.reply().integer(0);
                return;
            }
            checkStringLength(c, offset, patch.length);
            AppendableString created = new AppendableString(new byte[0], 0);
            created.write((int) offset, patch);
            db.set(key, created, false);
            c.notify(NotifyType.STRING, "setrange", key);
            c.reply().integer(created.length());
            return;
        }
        if (patch.length == 0) {
            c.reply().integer(Values.stringLength(value));
            return;
        }
        checkStringLength(c, offset, patch.length);
        AppendableString target = value instanceof AppendableString s ? s : new AppendableString((byte[]) value, 0);
        target.write((int) offset, patch);
        db.replaceValue(entry, target);
        c.notify(NotifyType.STRING, "setrange", key);
        c.reply().integer(target.length());
    }

    private static void checkStringLength(CommandCall c, long offset, long length) {
        if (offset + length > c.server().config().getLong("proto-max-bulk-len")) {
            throw new RedisError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }

    private void incrby(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        incrBy(c, key, args.nextLong());
    }

    private void decrby(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        long decrement = args.nextLong();
        if (decrement == Long.MIN_VALUE) {
            throw new RedisError("ERR decrement would overflow");
        }
        incrBy(c, key, -decrement);
    }

    /** INCR, DECR, INCRBY, DECRBY: the increment is read (and refused) before the key is looked up, as in Redis. */
    private void incrBy(CommandCall c, byte[] key, long increment) {
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        Object value = stringValue(entry);
        long current = value == null ? 0 : Args.toLong(Values.stringBytes(value));
        if ((increment < 0 && current < 0 && increment < Long.MIN_VALUE - current)
                || (increment > 0 && current > 0 && increment > Long.MAX_VALUE - current)) {
            throw RedisError.OVERFLOW;
        }
        long result = current + increment;
        byte[] bytes = Numbers.toBytes(result);
        storeNumber(db, key, entry, bytes);
        c.notify(NotifyType.STRING, "incrby", key);
        c.reply().integerText(bytes);
    }

    /**
     * INCRBYFLOAT in Redis's order: the key's type, then its value as a long double, then the increment (an infinite
     * value or increment is refused only after both were read), then the sum.
     */
    private void incrbyfloat(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        Object value = stringValue(entry);
        BigDecimal current = value == null ? BigDecimal.ZERO : storedLongDouble(Values.stringBytes(value));
        BigDecimal increment = args.nextLongDouble(RedisError.NOT_FLOAT, NAN_OR_INFINITY);
        BigDecimal result = current == null ? null : Numbers.addLongDouble(current, increment);
        if (result == null) {
            throw NAN_OR_INFINITY;
        }
        byte[] bytes = Numbers.formatLongDouble(result).getBytes(StandardCharsets.US_ASCII);
        storeNumber(db, key, entry, bytes);
        c.notify(NotifyType.STRING, "incrbyfloat", key);
        c.reply().bulk(bytes);
        // the sum, not the increment: float arithmetic may differ where it is replayed
        c.propagateAs(Propagation.SET, key, bytes, Propagation.KEEPTTL);
    }

    /**
     * A stored value as INCRBYFLOAT reads it: a long double, null for an infinity (Redis accepts one there; the sum
     * is then refused), "not a valid float" for anything else.
     */
    private static BigDecimal storedLongDouble(byte[] stored) {
        BigDecimal value;
        try {
            value = Numbers.parseLongDouble(stored);
        } catch (Numbers.NotANumber e) {
            throw RedisError.NOT_FLOAT;
        } catch (Numbers.LongDoubleInfinity e) {
            return null;
        }
        if (value == null) {
            throw RedisError.NOT_FLOAT; // beyond the long double range: strtold overflows
        }
        return value;
    }

    /** Stores a counter's new text: a new key, or the existing one in place so its TTL stays. */
    private static void storeNumber(Database db, byte[] key, KeyEntry entry, byte[] bytes) {
        if (entry == null) {
            db.set(key, bytes, false);
        } else {
            db.replaceValue(entry, bytes);
        }
    }

    /** LCS: both keys are looked up and type-checked before the options are read, as Redis does. */
    private void lcs(CommandCall c) {
        Args args = c.args();
        Database db = c.db();
        KeyEntry a = db.lookupRead(args.next());
        KeyEntry b = db.lookupRead(args.next());
        if ((a != null && !Values.isString(a.value())) || (b != null && !Values.isString(b.value()))) {
            throw new RedisError("ERR The specified keys must contain string values");
        }
        byte[] first = a == null ? new byte[0] : Values.stringBytes(a.value());
        byte[] second = b == null ? new byte[0] : Values.stringBytes(b.value());
        Lcs.Options options = Lcs.Options.parse(args);
        long cells = (first.length + 1L) * (second.length + 1L);
        if (cells * Integer.BYTES > c.server().config().getLong("proto-max-bulk-len")) {
            throw new RedisError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        Lcs.reply(c.reply(), first, second, options);
    }
}
