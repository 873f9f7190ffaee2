package io.miniredis.command.key;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.persistence.AccessClocks;
import io.miniredis.persistence.DumpPayload;
import io.miniredis.persistence.RdbFormatException;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.persistence.RdbWriteOptions;
import io.miniredis.protocol.RedisError;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import java.util.List;

/**
 * DUMP and RESTORE: a key's value as Redis's serialized payload ({@link DumpPayload}), and back.
 *
 * <p>RESTORE checks in Redis's order, and each check shows in which error a bad call gets: the options (a syntax
 * error, an IDLETIME or FREQ out of range), then an existing key without REPLACE (BUSYKEY), then the TTL, then the
 * payload's version and checksum, then its content. Only then is an old key replaced. A TTL already past creates
 * nothing (and deletes the key REPLACE named, as a {@code del}); the new key otherwise, with its {@code restore}
 * event, and its LRU idle time or LFU frequency when given ({@link AccessClocks}).
 */
public final class DumpRestoreCommands implements CommandFamily {

    private static final RedisError BUSYKEY = new RedisError("BUSYKEY Target key name already exists.");
    private static final RedisError INVALID_TTL = new RedisError("ERR Invalid TTL value, must be >= 0");
    private static final RedisError INVALID_IDLETIME = new RedisError("ERR Invalid IDLETIME value, must be >= 0");
    private static final RedisError INVALID_FREQ = new RedisError("ERR Invalid FREQ value, must be >= 0 and <= 255");
    private static final RedisError WRONG_PAYLOAD = new RedisError("ERR DUMP payload version or checksum are wrong");
    private static final RedisError BAD_FORMAT = new RedisError("ERR Bad data format");

    @Override
    public String group() {
        return "generic";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("dump", 2, "readonly", 1, 1, 1, DumpRestoreCommands::dump),
                command("restore", -4, "write denyoom", 1, 1, 1, DumpRestoreCommands::restore));
        // spotless:on
    }

    private static void dump(CommandCall c) {
        KeyEntry entry = c.db().lookupRead(c.args().next());
        if (entry == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply()
                .bulk(DumpPayload.create(
                        entry.value(), RdbWriteOptions.from(c.server().config())));
    }

    /** RESTORE's options, read in Redis's order: IDLETIME and FREQ exclude each other. */
    private record RestoreOptions(boolean replace, boolean absoluteTtl, long idleSeconds, long frequency) {

        static RestoreOptions parse(Args args) {
            boolean replace = false;
            boolean absolute = false;
            long idle = -1;
            long frequency = -1;
            while (args.hasNext()) {
                if (args.option("REPLACE")) {
                    replace = true;
                } else if (args.option("ABSTTL")) {
                    absolute = true;
                } else if (frequency == -1 && args.option("IDLETIME", 1)) {
                    idle = args.nextLong(RedisError.NOT_INTEGER);
                    if (idle < 0) {
                        throw INVALID_IDLETIME;
                    }
                } else if (idle == -1 && args.option("FREQ", 1)) {
                    frequency = args.nextLong(RedisError.NOT_INTEGER);
                    if (frequency < 0 || frequency > 255) {
                        throw INVALID_FREQ;
                    }
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            return new RestoreOptions(replace, absolute, idle, frequency);
        }
    }

    private static void restore(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] ttlArgument = args.next();
        byte[] payload = args.next();
        RestoreOptions options = RestoreOptions.parse(args);

        Database db = c.db();
        if (!options.replace() && db.lookupWrite(key) != null) {
            throw BUSYKEY;
        }
        long ttl = Args.toLong(ttlArgument);
        if (ttl < 0) {
            throw INVALID_TTL;
        }
        if (!DumpPayload.verify(payload)) {
            throw WRONG_PAYLOAD;
        }
        Object value;
        try {
            value = DumpPayload.parse(payload, RdbLoadLimits.from(c.server().config()));
        } catch (RdbFormatException e) {
            throw BAD_FORMAT;
        }

        boolean deleted = options.replace() && db.delete(key);
        Keyspace keyspace = c.keyspace();
        long expireAt = ttl;
        if (ttl != 0 && !options.absoluteTtl()) {
            expireAt = ttl + keyspace.now(); // wraps past Long.MAX_VALUE as Redis's does: then already expired
        }
        if (ttl != 0 && expireAt <= keyspace.now()) {
            if (deleted) {
                c.notify(NotifyType.GENERIC, "del", key);
            }
            c.reply().ok();
            return;
        }
        KeyEntry entry = db.add(key, value);
        if (ttl != 0) {
            db.setExpiry(entry, expireAt);
        }
        AccessClocks.apply(keyspace, entry, options.idleSeconds(), options.frequency());
        c.notify(NotifyType.GENERIC, "restore", key);
        c.reply().ok();
    }
}
