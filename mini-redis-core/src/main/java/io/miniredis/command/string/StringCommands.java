package io.miniredis.command.string;

import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.AppendableString;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Values;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.miniredis.command.CommandSpec.command;
import io.miniredis.protocol.RedisError;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.key.ExpiryOptions;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.Args;
import io.miniredis.command.CommandSpec;

/** The string commands: GET, SET and its variants, counters, ranges, LCS. */
public final class StringCommands implements CommandFamily {

    @Override
    public String group() {
        return "string";
    }

    @Override
    public List<CommandSpec> commands() {
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
                command("incr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, 1)),
                command("decr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, -1)),
                command("incrby", 3, "write denyoom fast", 1, 1, 1, c -> incrBy(c, Args.toLong(c.arg(2)))),
                command("decrby", 3, "write denyoom fast", 1, 1, 1, this::decrby),
                command("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, this::incrbyfloat),
                command("lcs", -3, "readonly", 1, 2, 1, this::lcs));
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
        replyString(c.reply(), stringValue(c.db().lookupRead(c.arg(1))));
    }

    private void set(CommandCall c) {
        ExpiryOptions options = ExpiryOptions.parse(c, 3, ExpiryOptions.Command.SET);
        long expireAt = options.hasExpiry() ? options.expireAt(c) : KeyEntry.NO_EXPIRY;
        Database db = c.db();
        byte[] key = c.arg(1);
        if (options.get) {
            replyString(c.reply(), stringValue(db.lookupRead(key)));
        }
        // Only NX and XX need to know whether the key exists; a plain SET does one lookup, inside db.set.
        boolean found = (options.nx || options.xx) && db.lookupWrite(key) != null;
        if ((options.nx && found) || (options.xx && !found)) {
            if (!options.get) {
                c.reply().nullBulk();
            }
            return;
        }
        KeyEntry entry = db.set(key, c.arg(2), options.keepTtl);
        c.notify(NotifyType.STRING, "set", key);
        if (expireAt != KeyEntry.NO_EXPIRY) {
            db.setExpiry(entry, expireAt);
            c.notify(NotifyType.GENERIC, "expire", key);
        }
        if (!options.get) {
            c.reply().ok();
        }
    }

    private void setnx(CommandCall c) {
        Database db = c.db();
        if (db.lookupWrite(c.arg(1)) != null) {
            c.reply().integer(0);
            return;
        }
        db.set(c.arg(1), c.arg(2), false);
        c.notify(NotifyType.STRING, "set", c.arg(1));
        c.reply().integer(1);
    }

    private void setWithTtl(CommandCall c, long unitMillis) {
        long ttl = Args.toLong(c.arg(2));
        long expireAt = ExpiryOptions.absolute(c, ttl, unitMillis, true);
        Database db = c.db();
        KeyEntry entry = db.set(c.arg(1), c.arg(3), false);
        db.setExpiry(entry, expireAt);
        c.notify(NotifyType.STRING, "set", c.arg(1));
        c.notify(NotifyType.GENERIC, "expire", c.arg(1));
        c.reply().ok();
    }

    private void getset(CommandCall c) {
        Database db = c.db();
        Object old = stringValue(db.lookupRead(c.arg(1))); // a read in Redis: a hit or a miss (keymiss event)
        replyString(c.reply(), old);
        db.set(c.arg(1), c.arg(2), false);
        c.notify(NotifyType.STRING, "set", c.arg(1));
    }

    private void getdel(CommandCall c) {
        Database db = c.db();
        Object value = stringValue(db.lookupRead(c.arg(1)));
        replyString(c.reply(), value);
        if (value != null) {
            db.delete(c.arg(1));
            c.notify(NotifyType.GENERIC, "del", c.arg(1));
        }
    }

    private void getex(CommandCall c) {
        ExpiryOptions options = ExpiryOptions.parse(c, 2, ExpiryOptions.Command.GETEX);
        Database db = c.db();
        KeyEntry entry = db.lookupRead(c.arg(1));
        Object value = stringValue(entry);
        if (value == null) {
            c.reply().nullBulk();
            return;
        }
        if (options.hasExpiry()) {
            long expireAt = options.expireAt(c);
            replyString(c.reply(), value);
            if (expireAt <= c.keyspace().now()) {
                db.delete(c.arg(1));
                c.notify(NotifyType.GENERIC, "del", c.arg(1));
            } else {
                db.setExpiry(entry, expireAt);
                c.notify(NotifyType.GENERIC, "expire", c.arg(1));
            }
            return;
        }
        replyString(c.reply(), value);
        if (options.persist) {
            if (db.persist(entry)) {
                db.touched(entry);
                c.notify(NotifyType.GENERIC, "persist", c.arg(1));
            }
        }
    }

    private void mget(CommandCall c) {
        Database db = c.db();
        Reply reply = c.reply();
        reply.array(c.argc() - 1);
        for (int i = 1; i < c.argc(); i++) {
            KeyEntry entry = db.lookupRead(c.arg(i));
            Object value = entry == null ? null : entry.value();
            replyString(reply, Values.isString(value) ? value : null);
        }
    }

    private void mset(CommandCall c) {
        checkPairs(c);
        Database db = c.db();
        for (int i = 1; i < c.argc(); i += 2) {
            db.set(c.arg(i), c.arg(i + 1), false);
            c.notify(NotifyType.STRING, "set", c.arg(i));
        }
        c.reply().ok();
    }

    private void msetnx(CommandCall c) {
        checkPairs(c);
        Database db = c.db();
        for (int i = 1; i < c.argc(); i += 2) {
            if (db.lookupWrite(c.arg(i)) != null) {
                c.reply().integer(0);
                return;
            }
        }
        for (int i = 1; i < c.argc(); i += 2) {
            db.set(c.arg(i), c.arg(i + 1), false);
            c.notify(NotifyType.STRING, "set", c.arg(i));
        }
        c.reply().integer(1);
    }

    private static void checkPairs(CommandCall c) {
        if (c.argc() % 2 == 0) {
            throw new RedisError(CommandDispatcher.wrongArity(c.spec()));
        }
    }

    private void append(CommandCall c) {
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        Object value = stringValue(entry);
        byte[] suffix = c.arg(2);
        if (value == null) {
            db.set(c.arg(1), suffix, false);
            c.notify(NotifyType.STRING, "append", c.arg(1));
            c.reply().integer(suffix.length);
            return;
        }
        checkStringLength(c, Values.stringLength(value), suffix.length);
        AppendableString appendable = value instanceof AppendableString s
                ? s : new AppendableString((byte[]) value, suffix.length);
        appendable.append(suffix);
        db.replaceValue(entry, appendable);
        c.notify(NotifyType.STRING, "append", c.arg(1));
        c.reply().integer(appendable.length());
    }

    private void strlen(CommandCall c) {
        Object value = stringValue(c.db().lookupRead(c.arg(1)));
        c.reply().integer(value == null ? 0 : Values.stringLength(value));
    }

    private void getrange(CommandCall c) {
        long start = Args.toLong(c.arg(2));
        long end = Args.toLong(c.arg(3));
        Object value = stringValue(c.db().lookupRead(c.arg(1)));
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
        long offset = Args.toLong(c.arg(2));
        if (offset < 0) {
            throw new RedisError("ERR offset is out of range");
        }
        byte[] patch = c.arg(3);
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        Object value = stringValue(entry);
        if (value == null) {
            if (patch.length == 0) {
                c.reply().integer(0);
                return;
            }
            checkStringLength(c, offset, patch.length);
            AppendableString created = new AppendableString(new byte[0], 0);
            created.write((int) offset, patch);
            db.set(c.arg(1), created, false);
            c.notify(NotifyType.STRING, "setrange", c.arg(1));
            c.reply().integer(created.length());
            return;
        }
        if (patch.length == 0) {
            c.reply().integer(Values.stringLength(value));
            return;
        }
        checkStringLength(c, offset, patch.length);
        AppendableString target = value instanceof AppendableString s
                ? s : new AppendableString((byte[]) value, 0);
        target.write((int) offset, patch);
        db.replaceValue(entry, target);
        c.notify(NotifyType.STRING, "setrange", c.arg(1));
        c.reply().integer(target.length());
    }

    private static void checkStringLength(CommandCall c, long offset, long length) {
        if (offset + length > c.server().config().getLong("proto-max-bulk-len")) {
            throw new RedisError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }

    private void decrby(CommandCall c) {
        long decrement = Args.toLong(c.arg(2));
        if (decrement == Long.MIN_VALUE) {
            throw new RedisError("ERR decrement would overflow");
        }
        incrBy(c, -decrement);
    }

    private void incrBy(CommandCall c, long increment) {
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        Object value = stringValue(entry);
        long current = value == null ? 0 : Args.toLong(Values.stringBytes(value));
        if ((increment < 0 && current < 0 && increment < Long.MIN_VALUE - current)
                || (increment > 0 && current > 0 && increment > Long.MAX_VALUE - current)) {
            throw RedisError.OVERFLOW;
        }
        long result = current + increment;
        byte[] bytes = Numbers.toBytes(result);
        storeNumber(db, c.arg(1), entry, bytes);
        c.notify(NotifyType.STRING, "incrby", c.arg(1));
        c.reply().integerText(bytes);
    }

    private void incrbyfloat(CommandCall c) {
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(c.arg(1));
        Object value = stringValue(entry);
        BigDecimal result;
        try {
            BigDecimal current = value == null ? BigDecimal.ZERO : Numbers.parseLongDouble(Values.stringBytes(value));
            BigDecimal increment = Numbers.parseLongDouble(c.arg(2));
            result = Numbers.addLongDouble(current, increment);
        } catch (Numbers.NotANumber e) {
            throw RedisError.NOT_FLOAT;
        } catch (Numbers.LongDoubleInfinity e) {
            result = null;
        }
        if (result == null) {
            throw new RedisError("ERR increment would produce NaN or Infinity");
        }
        byte[] bytes = Numbers.formatLongDouble(result).getBytes(StandardCharsets.US_ASCII);
        storeNumber(db, c.arg(1), entry, bytes);
        c.notify(NotifyType.STRING, "incrbyfloat", c.arg(1));
        c.reply().bulk(bytes);
    }

    /** Stores a counter's new text: a new key, or the existing one in place so its TTL stays. */
    private static void storeNumber(Database db, byte[] key, KeyEntry entry, byte[] bytes) {
        if (entry == null) {
            db.set(key, bytes, false);
        } else {
            db.replaceValue(entry, bytes);
        }
    }

    private void lcs(CommandCall c) {
        Database db = c.db();
        KeyEntry a = db.lookupRead(c.arg(1));
        KeyEntry b = db.lookupRead(c.arg(2));
        if ((a != null && !Values.isString(a.value())) || (b != null && !Values.isString(b.value()))) {
            throw new RedisError("ERR The specified keys must contain string values");
        }
        byte[] first = a == null ? new byte[0] : Values.stringBytes(a.value());
        byte[] second = b == null ? new byte[0] : Values.stringBytes(b.value());
        Lcs.Options options = Lcs.Options.parse(c.args(3));
        long cells = (first.length + 1L) * (second.length + 1L);
        if (cells * Integer.BYTES > c.server().config().getLong("proto-max-bulk-len")) {
            throw new RedisError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        Lcs.reply(c.reply(), first, second, options);
    }
}
