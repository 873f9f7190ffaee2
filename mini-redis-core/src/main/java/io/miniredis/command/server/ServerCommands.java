package io.miniredis.command.server;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.RedisVersion;
import java.time.Instant;
import java.util.List;

/**
 * Server commands on the keyspace as a whole: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, DEBUG (in
 * {@link DebugCommand}) and LOLWUT. SAVE, BGSAVE and SHUTDOWN are in {@link PersistenceCommands}.
 */
public final class ServerCommands implements CommandFamily {

    private static final RedisError REWRITE_IN_PROGRESS =
            new RedisError("ERR Background append only file rewriting already in progress");

    private static final RedisError INVALID_FIRST_DB = new RedisError("ERR invalid first DB index");
    private static final RedisError INVALID_SECOND_DB = new RedisError("ERR invalid second DB index");
    private static final RedisError LOLWUT_ART = new RedisError(
            "ERR LOLWUT VERSION 5 and 6 draw generative art, which mini-redis does not; other versions answer as Redis 7");

    private final DebugCommand debug = new DebugCommand();

    @Override
    public String group() {
        return "server";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("dbsize", 1, "readonly fast", c -> c.reply().integer(c.db().size())),
                command("flushdb", -1, "write", this::flushDb),
                command("flushall", -1, "write", this::flushAll),
                command("swapdb", 3, "write fast", this::swapDb),
                command("time", 1, "loading stale fast", this::time),
                command("lastsave", 1, "loading stale fast", c -> c.reply().integer(c.server().lastSaveSeconds())),
                command("bgrewriteaof", 1, "admin noscript no_async_loading", this::bgrewriteaof),
                command("debug", -2, "admin noscript loading stale protected processes_events", debug::execute),
                command("lolwut", -1, "readonly fast", this::lolwut));
        // spotless:on
    }

    /**
     * BGREWRITEAOF. The rewrite runs at once, on the keyspace thread (see persistence.aof.BaseWriter), so it is over
     * when the reply goes out and "already in progress" never happens; the reply is Redis's all the same.
     */
    private void bgrewriteaof(CommandCall c) {
        var aof = c.server().aofPersistence();
        if (aof.rewriteInProgress()) {
            throw REWRITE_IN_PROGRESS;
        }
        if (c.server().persistence().bgsaveInProgress() || c.server().inExec()) {
            // one snapshot at a time: the cron starts it when the save is over; inside EXEC, as Redis, always later
            aof.scheduleRewrite();
            c.reply().status("Background append only file rewriting scheduled");
            return;
        }
        try {
            aof.startBackgroundRewrite();
        } catch (java.io.IOException | RuntimeException e) {
            throw new RedisError("ERR Can't execute an AOF background rewriting. Please check the server logs for"
                    + " more information.");
        }
        c.reply().status("Background append only file rewriting started");
    }

    private void flushDb(CommandCall c) {
        parseFlushMode(c);
        c.db().clear();
        c.reply().ok();
        c.propagateAs(c.argv()); // propagated even when the database was empty, as Redis does
    }

    /**
     * As Redis: a running BGSAVE is stopped (its file would hold what was just deleted), and with save points the
     * empty dataset is saved at once (not counted in rdb_saves, as in Redis).
     */
    private void flushAll(CommandCall c) {
        parseFlushMode(c);
        c.keyspace().flushAll();
        var persistence = c.server().persistence();
        persistence.abortBackgroundSave();
        if (persistence.savePoints().length > 0) {
            persistence.saveNow();
        }
        c.reply().ok();
        c.propagateAs(c.argv()); // propagated even when nothing was there, as Redis does
    }

    /**
     * {@code [ASYNC|SYNC]}. Both run synchronously here: freeing is the garbage collector's job, so there is no
     * slow part to hand to a background thread, and the reply is the same.
     */
    private static void parseFlushMode(CommandCall c) {
        Args args = c.args();
        if (args.hasNext()) {
            args.oneOf("ASYNC", "SYNC");
        }
        args.finish();
    }

    /** Both indexes are parsed before either is range-checked, so a bad second index wins over a range error. */
    private void swapDb(CommandCall c) {
        Args args = c.args();
        long first = args.nextLong(Integer.MIN_VALUE, Integer.MAX_VALUE, INVALID_FIRST_DB);
        long second = args.nextLong(Integer.MIN_VALUE, Integer.MAX_VALUE, INVALID_SECOND_DB);
        int count = c.keyspace().databaseCount();
        if (first < 0 || first >= count || second < 0 || second >= count) {
            throw RedisError.DB_OUT_OF_RANGE;
        }
        c.keyspace().swap((int) first, (int) second);
        c.keyspace().addDirty(1); // as Redis's server.dirty++
        c.reply().ok();
        c.propagateAs(c.argv()); // propagated as it came, though no key was written
    }

    /** Seconds and microseconds, as two bulk strings, from the keyspace clock (injectable in tests). */
    private void time(CommandCall c) {
        Instant now = c.keyspace().clock().instant();
        c.reply().array(2);
        c.reply().bulk(now.getEpochSecond());
        c.reply().bulk(now.getNano() / 1000);
    }

    /**
     * LOLWUT [VERSION v]: Redis 7.0 answers every version but the two with art (5 and 6) with its version line. Only a
     * second argument VERSION is read, and only when a value follows it; anything else is ignored, as in Redis.
     */
    private void lolwut(CommandCall c) {
        Args args = c.args();
        long version = 7;
        if (args.option("version", 1)) {
            version = args.nextLong();
        }
        if (version == 5 || version == 6) {
            throw LOLWUT_ART;
        }
        c.reply().verbatim("Redis ver. " + RedisVersion.VERSION + "\n");
    }
}
