package io.miniredis.command.hyperloglog;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.AppendableString;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Values;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST. An HLL is a string value ({@link HyperLogLog} reads and writes
 * its bytes); one that is written becomes an {@link AppendableString}, Redis's {@code raw} string, as it does there.
 */
public final class HyperLogLogCommands implements CommandFamily {

    private static final RedisError NO_SUCH_KEY = new RedisError("ERR The specified key does not exist");
    private static final RedisError NOT_SPARSE = new RedisError("ERR HLL encoding is not sparse");

    @Override
    public String group() {
        return "hyperloglog";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("pfadd", -2, "write denyoom fast", 1, 1, 1, this::pfadd),
                command("pfcount", -2, "readonly", 1, -1, 1, this::pfcount),
                command("pfmerge", -2, "write denyoom", 1, -1, 1, this::pfmerge),
                command("pfdebug", 3, "write denyoom admin", 2, 2, 1, this::pfdebug),
                command("pfselftest", 1, "admin", this::pfselftest));
        // spotless:on
    }

    /** The HLL at {@code entry}, made writable in place; WRONGTYPE (Redis's HLL text) when it is not one. */
    private static HyperLogLog writable(Database db, KeyEntry entry) {
        Object value = checked(entry);
        if (value instanceof AppendableString s) {
            return new HyperLogLog(s);
        }
        AppendableString s = new AppendableString((byte[]) value, 0);
        db.reencode(entry, s);
        return new HyperLogLog(s);
    }

    /** The HLL at {@code entry} for reading only. */
    private static HyperLogLog readable(KeyEntry entry) {
        Object value = checked(entry);
        return new HyperLogLog(value instanceof AppendableString s ? s : new AppendableString((byte[]) value, 0));
    }

    private static Object checked(KeyEntry entry) {
        Object value = entry.value();
        if (!Values.isString(value)) {
            throw RedisError.WRONGTYPE;
        }
        boolean valid = value instanceof byte[] b
                ? HyperLogLog.looksValid(b, b.length)
                : HyperLogLog.looksValid(((AppendableString) value).buffer(), ((AppendableString) value).length());
        if (!valid) {
            throw HyperLogLog.NOT_HLL;
        }
        return value;
    }

    private long sparseMax(CommandCall c) {
        return c.server().config().getLong("hll-sparse-max-bytes");
    }

    /** Stores the HLL's string back when a conversion replaced it, and brings the memory count up to date. */
    private static void store(Database db, KeyEntry entry, HyperLogLog hll) {
        if (entry.value() != hll.string()) {
            db.reencode(entry, hll.string());
        }
    }

    private void pfadd(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        Database db = c.db();
        long dirty = c.keyspace().dirty();
        KeyEntry entry = db.lookupWrite(key);
        int updated = 0;
        if (entry == null) {
            entry = db.add(key, HyperLogLog.empty());
            updated++;
        }
        HyperLogLog hll = writable(db, entry);
        long sparseMax = sparseMax(c);
        try {
            while (args.hasNext()) {
                if (hll.add(args.next(), sparseMax)) {
                    updated++;
                }
            }
        } finally {
            store(db, entry, hll); // a corrupt HLL fails part way: what was written stays, as in Redis
        }
        if (updated > 0) {
            hll.invalidateCache();
            db.touched(entry);
            c.notify(NotifyType.STRING, "pfadd", key);
        }
        c.keyspace().dirty(dirty + updated); // Redis counts the creation and each register changed
        c.reply().integer(updated > 0 ? 1 : 0);
    }

    /**
     * PFCOUNT of one key answers from the cached count, or counts and caches it (a write to the string, which WATCH
     * sees, as in Redis); of several keys it counts their union and caches nothing.
     */
    private void pfcount(CommandCall c) {
        Args args = c.args();
        Database db = c.db();
        if (args.remaining() == 1) {
            byte[] key = args.next();
            KeyEntry entry = db.lookupRead(key);
            if (entry == null) {
                c.reply().integer(0);
                return;
            }
            HyperLogLog hll = writable(db, entry);
            if (hll.cacheValid()) {
                c.reply().integer(hll.cachedCount());
                return;
            }
            long count = hll.count();
            hll.cache(count);
            db.touched(entry);
            c.reply().integer(count);
            return;
        }
        byte[] max = new byte[HyperLogLog.REGISTERS];
        while (args.hasNext()) {
            KeyEntry entry = db.lookupRead(args.next());
            if (entry != null) {
                readable(entry).mergeInto(max);
            }
        }
        c.reply().integer(HyperLogLog.count(max));
    }

    /** PFMERGE dest src...: dest's own registers count too; dense when any input is dense. */
    private void pfmerge(CommandCall c) {
        Args args = c.args();
        byte[] dest = args.peek();
        Database db = c.db();
        byte[] max = new byte[HyperLogLog.REGISTERS];
        boolean dense = false;
        while (args.hasNext()) {
            KeyEntry entry = db.lookupRead(args.next());
            if (entry == null) {
                continue;
            }
            HyperLogLog hll = readable(entry);
            dense |= hll.encoding() == HyperLogLog.DENSE;
            hll.mergeInto(max);
        }
        KeyEntry entry = db.lookupWrite(dest);
        if (entry == null) {
            entry = db.add(dest, HyperLogLog.empty());
        }
        HyperLogLog target = writable(db, entry);
        try {
            if (dense) {
                target.toDense();
            }
            long sparseMax = sparseMax(c);
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                if (max[i] != 0) {
                    target.set(i, max[i], sparseMax);
                }
            }
        } finally {
            store(db, entry, target);
        }
        target.invalidateCache();
        db.touched(entry);
        c.notify(NotifyType.STRING, "pfadd", dest); // Redis names a merge an add, as a mass add of elements
        c.reply().ok();
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key: the key is checked before the subcommand, as in Redis. */
    private void pfdebug(CommandCall c) {
        Args args = c.args();
        byte[] subcommand = args.next();
        byte[] key = args.next();
        Database db = c.db();
        KeyEntry entry = db.lookupWrite(key);
        if (entry == null) {
            throw NO_SUCH_KEY;
        }
        HyperLogLog hll = writable(db, entry);
        Reply reply = c.reply();
        if (Args.is(subcommand, "GETREG")) {
            if (hll.toDense()) {
                store(db, entry, hll);
                db.touched(entry);
            }
            reply.array(HyperLogLog.REGISTERS);
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                reply.integer(hll.denseRegister(i));
            }
        } else if (Args.is(subcommand, "DECODE")) {
            if (hll.encoding() != HyperLogLog.SPARSE) {
                throw NOT_SPARSE;
            }
            reply.bulk(hll.decode());
        } else if (Args.is(subcommand, "ENCODING")) {
            reply.status(hll.encoding() == HyperLogLog.DENSE ? "dense" : "sparse");
        } else if (Args.is(subcommand, "TODENSE")) {
            boolean converted = hll.toDense();
            if (converted) {
                store(db, entry, hll);
                db.touched(entry);
            }
            reply.integer(converted ? 1 : 0);
        } else {
            throw new RedisError(
                    "ERR Unknown PFDEBUG subcommand '" + new String(subcommand, StandardCharsets.UTF_8) + "'");
        }
    }

    /** PFSELFTEST: checks this implementation's registers and estimator on a fixed sequence; OK when they hold. */
    private void pfselftest(CommandCall c) {
        String failure = HyperLogLogSelfTest.run();
        if (failure != null) {
            throw new RedisError("ERR TESTFAILED " + failure);
        }
        c.reply().ok();
    }
}
