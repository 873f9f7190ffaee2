package io.miniredis.command.server;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Values;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DEBUG: the subcommands tests and client libraries rely on (SLEEP, SET-ACTIVE-EXPIRE, OBJECT, POPULATE, PROTOCOL,
 * ERROR, LOG, HTSTATS, RELOAD, CHANGE-REPL-ID, SET-DISABLE-DENY-SCRIPTS, HELP). Like Redis, DEBUG is not a
 * container in the command table: it checks each subcommand's argument count itself and answers anything else with
 * one "unknown subcommand or wrong number of arguments" error. It only runs when {@code enable-debug-command} allows it (checked
 * by the dispatcher).
 */
final class DebugCommand {

    private static final System.Logger LOG = System.getLogger(DebugCommand.class.getName());

    /** Redis's shared integer objects 0..9999 report this refcount (they are never freed). */
    private static final int SHARED_REFCOUNT = Integer.MAX_VALUE;

    private static final int SHARED_INTEGERS = 10_000;

    /** The prefix of a number as C's strtod reads it; DEBUG SLEEP parses its argument that leniently. */
    private static final Pattern STRTOD_PREFIX = Pattern.compile(
            "^\\s*([+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|inf(?:inity)?|nan))", Pattern.CASE_INSENSITIVE);

    private static final List<String> HELP = List.of(
            "CHANGE-REPL-ID",
            "    Change the replication IDs of the instance.",
            "    Dangerous: should be used only for testing the replication subsystem.",
            "ERROR <string>",
            "    Return a Redis protocol error with <string> as message. Useful for clients",
            "    unit tests to simulate Redis errors.",
            "LOG <message>",
            "    Write <message> to the server log.",
            "HTSTATS <dbid>",
            "    Return hash table statistics of the specified Redis database.",
            "OBJECT <key>",
            "    Show low level info about `key` and associated value.",
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named key:<num>. If <prefix> is specified then",
            "    it is used instead of the 'key' prefix. These are not propagated to",
            "    replicas. Cluster slots are not respected so keys not belonging to the",
            "    current node can be created in cluster mode.",
            "PROTOCOL <type>",
            "    Reply with a test value of the specified type. <type> can be: string,",
            "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
            "    true, false.",
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
            "    * MERGE: conflicting keys will be loaded from RDB.",
            "    * NOFLUSH: the existing database will not be removed before load, but",
            "      conflicting keys will generate an exception and kill the server.",
            "    * NOSAVE: the database will be loaded from an existing RDB file.",
            "    Examples:",
            "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
            "      the database.",
            "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
            "      existing RDB file.",
            "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
            "      file to the database.",
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Setting it to 0 disables expiring keys in background when they are not",
            "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
            "    default.",
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
            "HELP",
            "    Prints this help.");

    void execute(CommandCall c) {
        Args args = c.args(1);
        byte[] subcommand = args.next();
        int given = args.remaining(); // the subcommand's own arguments: each checks their count, as in Redis
        switch (new String(subcommand, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)) {
            case "help" -> {
                if (given == 0) {
                    help(c.reply());
                    return;
                }
            }
            case "sleep" -> {
                if (given == 1) {
                    sleep(c, args.next());
                    return;
                }
            }
            case "set-active-expire" -> {
                if (given == 1) {
                    c.keyspace().activeExpireEnabled(atoi(args.next()) != 0);
                    c.reply().ok();
                    return;
                }
            }
            case "object" -> {
                if (given == 1) {
                    object(c, args.next());
                    return;
                }
            }
            case "populate" -> {
                if (given >= 1 && given <= 3) {
                    populate(c, Populate.parse(args));
                    return;
                }
            }
            case "protocol" -> {
                if (given == 1) {
                    DebugProtocol.reply(c.reply(), args.next());
                    return;
                }
            }
            case "error" -> {
                if (given == 1) {
                    error(c, args.next());
                    return;
                }
            }
            case "log" -> {
                if (given == 1) {
                    LOG.log(System.Logger.Level.WARNING, "DEBUG LOG: " + args.nextString());
                    c.reply().ok();
                    return;
                }
            }
            case "reload" -> {
                if (nestedInLoad(c)) {
                    return;
                }
                c.client().loading(true);
                try {
                    reload(c, args);
                } catch (io.miniredis.server.Loading.Aborted e) {
                    throw SHUTTING_DOWN;
                } finally {
                    c.client().loading(false);
                }
                return;
            }
            case "loadaof" -> {
                // the AOF flushed and fsynced, the keyspace emptied, the AOF loaded back (OK with the AOF off)
                if (nestedInLoad(c)) {
                    return;
                }
                c.client().loading(true);
                try {
                    c.server().aofPersistence().debugLoadAof();
                } catch (java.io.IOException e) {
                    throw new RedisError("ERR Error loading the AOF: " + e.getMessage());
                } catch (io.miniredis.server.Loading.Aborted e) {
                    throw SHUTTING_DOWN;
                } finally {
                    c.client().loading(false);
                }
                c.reply().ok();
                return;
            }
            case "set-disable-deny-scripts" -> {
                if (given == 1) {
                    c.server().denyScriptsDisabled(atoi(args.next()) != 0);
                    c.reply().ok();
                    return;
                }
            }
            case "digest" -> {
                if (given == 0) {
                    c.reply().status(new DebugDigest().keyspace(c.keyspace()));
                    return;
                }
            }
            case "digest-value" -> {
                DebugDigest digest = new DebugDigest();
                c.reply().array(given);
                while (args.remaining() > 0) {
                    c.reply().status(digest.value(c.db().lookupReadNoTouch(args.next())));
                }
                return;
            }
            case "htstats" -> {
                if (given == 1) {
                    htstats(c, args.next());
                    return;
                }
            }
            case "pause-cron" -> {
                if (given == 1) {
                    c.server().cronPaused(atoi(args.next()) != 0);
                    c.reply().ok();
                    return;
                }
            }
            case "quicklist-packed-threshold" -> {
                if (given == 1) {
                    quicklistPackedThreshold(c, args.next());
                    return;
                }
            }
            case "change-repl-id" -> {
                if (given == 0) {
                    c.server().changeReplicationId();
                    c.reply().ok();
                    return;
                }
            }
            default -> {}
        }
        String name = CommandDispatcher.latin1(subcommand);
        throw new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                + (name.length() > 128 ? name.substring(0, 128) : name) + "'. Try DEBUG HELP.");
    }

    /**
     * An error reply with the client's text, written raw: Redis does not count it in errorstats, in
     * total_error_replies or as a failed call, since the server did nothing wrong.
     */
    private static void error(CommandCall c, byte[] message) {
        String text = CommandDispatcher.latin1(message).replace('\r', ' ').replace('\n', ' ');
        c.reply().raw(("-" + text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** DEBUG HTSTATS dbid: the key table's bucket statistics, both arrays while a resize is under way. */
    private static void htstats(CommandCall c, byte[] dbid) {
        long index = Args.toLong(dbid);
        if (index < 0 || index >= c.keyspace().databaseCount()) {
            throw new RedisError("ERR Out of range database");
        }
        c.reply().verbatim(DebugHtStats.of(c.keyspace().db((int) index)));
    }

    private static void help(Reply reply) {
        reply.array(HELP.size() + 1L);
        reply.status("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        HELP.forEach(reply::status);
    }

    /**
     * Blocks the keyspace thread, as Redis blocks its main thread: every client waits, which is what tests use it
     * for (simulating a slow server, checking timeouts).
     */
    private static void sleep(CommandCall c, byte[] seconds) {
        long nanos = (long) (strtod(seconds) * 1e9);
        if (nanos > 0) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        c.reply().ok();
    }

    /**
     * Redis's status line about a key's value. Only string values have a meaningful serializedlength here (the
     * length their RDB encoding would take, before compression); other types report 0 until persistence exists.
     */
    private static void object(CommandCall c, byte[] key) {
        KeyEntry entry = c.db().peek(key);
        if (entry == null) {
            throw RedisError.NO_SUCH_KEY;
        }
        Object value = entry.value();
        String encoding = Values.encoding(value);
        long address = 0x7f0000000000L + (System.identityHashCode(value) & 0xffffffffL) * 16;
        c.reply()
                .status("Value at:0x" + Long.toHexString(address)
                        + " refcount:" + refcount(c, value, encoding)
                        + " encoding:" + encoding
                        + " serializedlength:" + serializedLength(value)
                        + " lru:" + entry.accessClock()
                        + " lru_seconds_idle:" + c.keyspace().idleSeconds(entry));
    }

    /** Small integers are shared objects in Redis unless an LRU/LFU policy needs a clock per object. */
    private static long refcount(CommandCall c, Object value, String encoding) {
        if (!"int".equals(encoding)) {
            return 1;
        }
        long number = Numbers.parseLong(Values.stringBytes(value));
        var policy = c.server().config().parameter("maxmemory-policy");
        boolean perObjectClock =
                policy != null && c.server().config().get("maxmemory-policy").matches(".*-(lru|lfu)");
        return number >= 0 && number < SHARED_INTEGERS && !perObjectClock ? SHARED_REFCOUNT : 1;
    }

    static long serializedLength(Object value) {
        if (!Values.isString(value)) {
            return 0;
        }
        byte[] bytes = Values.stringBytes(value);
        if (bytes.length <= 11 && Numbers.isLong(bytes)) {
            long n = Numbers.parseLong(bytes);
            if (n >= Byte.MIN_VALUE && n <= Byte.MAX_VALUE) {
                return 2;
            }
            if (n >= Short.MIN_VALUE && n <= Short.MAX_VALUE) {
                return 3;
            }
            if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                return 5;
            }
        }
        return lengthPrefix(bytes.length) + bytes.length;
    }

    private static int lengthPrefix(long length) {
        if (length < 64) {
            return 1;
        }
        if (length < 16384) {
            return 2;
        }
        return length <= 0xffffffffL ? 5 : 9;
    }

    /**
     * {@code POPULATE count [prefix] [size]}: the count is checked before the size (not a number and negative are the
     * same error); the prefix is cut at a NUL byte, since Redis formats it as a C string.
     */
    private record Populate(long count, byte[] prefix, long size) {

        private static final byte[] DEFAULT_PREFIX = "key".getBytes(StandardCharsets.US_ASCII);

        static Populate parse(Args args) {
            long count = args.nextLong(0, Long.MAX_VALUE, RedisError.NOT_POSITIVE);
            byte[] prefix = args.hasNext() ? args.next() : DEFAULT_PREFIX;
            long size = args.hasNext() ? args.nextLong(0, Long.MAX_VALUE, RedisError.NOT_POSITIVE) : 0;
            args.finish();
            int nul = indexOf(prefix, (byte) 0);
            return new Populate(count, nul < 0 ? prefix : Arrays.copyOf(prefix, nul), size);
        }
    }

    /** Keys {@code prefix:N} holding {@code value:N}, cut or zero-padded to the size; existing keys are left alone. */
    private static void populate(CommandCall c, Populate options) {
        Database db = c.db();
        for (long j = 0; j < options.count(); j++) {
            byte[] key = concat(options.prefix(), (":" + j).getBytes(StandardCharsets.US_ASCII));
            if (db.peek(key) != null) {
                continue;
            }
            byte[] value = ("value:" + j).getBytes(StandardCharsets.US_ASCII);
            if (options.size() > 0) {
                value = Arrays.copyOf(value, Math.toIntExact(options.size()));
            }
            db.add(key, value);
        }
        c.reply().ok();
    }

    /**
     * DEBUG is flagged loading, so it reaches us while a load lets clients in: a second load nested inside the first
     * would start from a keyspace half loaded. Refused with the LOADING error instead; true when answered.
     */
    private static boolean nestedInLoad(CommandCall c) {
        if (!c.server().loading().active()) {
            return false;
        }
        if (c.client().isScriptClient()) {
            // replayed from an AOF written before DEBUG RELOAD / LOADAOF stopped being propagated: a load inside
            // the load has nothing to add
            c.reply().ok();
            return true;
        }
        throw new RedisError(io.miniredis.command.CommandDispatcher.LOADING);
    }

    /** The server stopped while this client's reload loaded (Redis exits there, so no client hears anything). */
    private static final RedisError SHUTTING_DOWN = new RedisError("ERR the server is shutting down");

    private static final RedisError RELOAD_OPTIONS =
            new RedisError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");

    /** {@code RELOAD [MERGE|NOFLUSH|NOSAVE ...]}: the options are checked, any number of them, in any order. */
    private static void reload(CommandCall c, Args args) {
        boolean merge = false;
        boolean flush = true;
        boolean save = true;
        while (args.hasNext()) {
            switch (args.oneOf(RELOAD_OPTIONS, "MERGE", "NOFLUSH", "NOSAVE")) {
                case 0 -> merge = true;
                case 1 -> flush = false;
                default -> save = false;
            }
        }
        // As Redis: save (unless NOSAVE), then load the file back, replacing the data (unless NOFLUSH)
        var persistence = c.server().persistence();
        if (save && (persistence.bgsaveInProgress() || !persistence.saveNow())) {
            throw PersistenceCommands.SAVE_FAILED;
        }
        if (!persistence.reload(flush, merge)) {
            throw new RedisError("ERR Error trying to load the RDB dump, check server logs.");
        }
        c.reply().ok();
    }

    /** C's strtod on the argument: the longest numeric prefix, 0 when there is none. */
    static double strtod(byte[] arg) {
        Matcher m = STRTOD_PREFIX.matcher(new String(arg, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return 0;
        }
        String number = m.group(1).toLowerCase(Locale.ROOT);
        if (number.contains("nan")) {
            return 0; // sleeping NaN seconds sleeps not at all
        }
        if (number.contains("inf")) {
            return number.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(number);
    }

    /** C's atoi: optional spaces and sign, then digits; anything else stops it (so "abc" is 0). */
    /**
     * DEBUG QUICKLIST-PACKED-THRESHOLD: the element size from which a list element is a plain node of its own in
     * DUMP and RDB files (0: back to Redis's 1 GB). Process-wide, like Redis's.
     */
    private static void quicklistPackedThreshold(CommandCall c, byte[] arg) {
        Long size = io.miniredis.config.ConfigNumbers.memory(new String(arg, StandardCharsets.ISO_8859_1));
        if (size == null || size < 0 || size >= 1L << 32) {
            throw new RedisError("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
        }
        io.miniredis.persistence.RdbWriteOptions.packedThreshold(
                size == 0 ? io.miniredis.persistence.RdbWriteOptions.DEFAULT_PACKED_THRESHOLD : size);
        c.reply().ok();
    }

    static long atoi(byte[] arg) {
        int i = 0;
        while (i < arg.length && Character.isWhitespace(arg[i])) {
            i++;
        }
        boolean negative = false;
        if (i < arg.length && (arg[i] == '+' || arg[i] == '-')) {
            negative = arg[i] == '-';
            i++;
        }
        long value = 0;
        while (i < arg.length && arg[i] >= '0' && arg[i] <= '9' && value < Integer.MAX_VALUE) {
            value = value * 10 + (arg[i] - '0');
            i++;
        }
        return negative ? -value : value;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
