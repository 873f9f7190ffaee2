package io.miniredis.command.server;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.protocol.RedisError;
import io.miniredis.server.RdbPersistence;
import io.miniredis.server.ShutdownRequest;
import java.util.List;

/** SAVE, BGSAVE and SHUTDOWN: the commands of RDB persistence (LASTSAVE is in {@link ServerCommands}). */
public final class PersistenceCommands implements CommandFamily {

    private static final RedisError AOF_REWRITING = new RedisError("ERR Another child process is active (AOF?): can't"
            + " BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");

    static final RedisError SAVE_IN_PROGRESS = new RedisError("ERR Background save already in progress");
    /** Redis answers a failed SAVE or BGSAVE with its shared bare "-ERR"; the log says why. */
    static final RedisError SAVE_FAILED = new RedisError("ERR");

    private static final RedisError SHUTDOWN_FAILED = new RedisError("ERR Errors trying to SHUTDOWN. Check logs.");
    private static final RedisError NO_SHUTDOWN = new RedisError("ERR No shutdown in progress.");

    @Override
    public String group() {
        return "server";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("save", 1, "admin noscript no_async_loading no_multi", this::save),
                command("bgsave", -1, "admin noscript no_async_loading", this::bgsave),
                command("shutdown", -1, "admin noscript loading stale no_multi sentinel allow_busy", this::shutdown));
        // spotless:on
    }

    private void save(CommandCall c) {
        RdbPersistence persistence = c.server().persistence();
        if (persistence.bgsaveInProgress()) {
            throw SAVE_IN_PROGRESS;
        }
        persistence.countSave();
        if (!persistence.saveNow()) {
            throw SAVE_FAILED;
        }
        c.reply().ok();
    }

    /** BGSAVE [SCHEDULE]: SCHEDULE matters only while an AOF rewrite runs; inside EXEC the save is scheduled. */
    private void bgsave(CommandCall c) {
        Args args = c.args();
        boolean schedule = false;
        if (args.hasNext()) {
            if (!args.nextKeyword().equals("SCHEDULE") || args.hasNext()) {
                throw RedisError.SYNTAX;
            }
            schedule = true;
        }
        RdbPersistence persistence = c.server().persistence();
        if (persistence.bgsaveInProgress()) {
            throw SAVE_IN_PROGRESS;
        }
        // inside EXEC (the queue runs with the transaction still open), Redis schedules the save rather than start a
        // child in the middle of a transaction; it starts from the cron, once no other snapshot runs
        boolean inExec = c.server().inExec();
        if (c.server().aofPersistence().rewriteInProgress() || inExec) {
            // one snapshot at a time, as Redis runs one child at a time
            if (!schedule && !inExec) {
                throw AOF_REWRITING;
            }
            persistence.scheduleBackgroundSave();
            c.reply().status("Background saving scheduled");
            return;
        }
        if (!persistence.startBackgroundSave()) {
            throw SAVE_FAILED;
        }
        c.reply().status("Background saving started");
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT], parsed as Redis 7.0 does. On success nothing is replied: the
     * connection closes with the server.
     */
    private void shutdown(CommandCall c) {
        Args args = c.args();
        boolean nosave = false;
        boolean save = false;
        boolean now = false;
        boolean force = false;
        boolean abort = false;
        while (args.hasNext()) {
            switch (args.nextKeyword()) {
                case "NOSAVE" -> nosave = true;
                case "SAVE" -> save = true;
                case "NOW" -> now = true;
                case "FORCE" -> force = true;
                case "ABORT" -> abort = true;
                default -> throw RedisError.SYNTAX;
            }
        }
        if ((abort && (nosave || save || now || force)) || (nosave && save)) {
            throw RedisError.SYNTAX;
        }
        if (!c.server().shutdownCommandEnabled()) {
            c.server().shutdown(ShutdownRequest.DEFAULT); // throws the error naming the builder option
        }
        if (abort) {
            throw NO_SHUTDOWN; // a shutdown never waits here (no replicas to wait for), so none can be pending
        }
        if (!c.server().shutdown(new ShutdownRequest(nosave, save, now, force))) {
            throw SHUTDOWN_FAILED;
        }
    }
}
