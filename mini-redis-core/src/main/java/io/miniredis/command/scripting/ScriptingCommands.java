package io.miniredis.command.scripting;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.Help;
import io.miniredis.protocol.RedisError;
import io.miniredis.scripting.Scripting;
import java.util.List;

/** Lua scripting: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (LOAD, EXISTS, FLUSH, KILL, DEBUG, HELP). */
public final class ScriptingCommands implements CommandFamily {

    /** The flags Redis gives EVAL* and FCALL* alike (FunctionCommands uses them too), and ours: runs_script. */
    static final String SCRIPT_FLAGS = "noscript stale skip_monitor no_mandatory_keys runs_script";

    @Override
    public String group() {
        return "scripting";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("eval", -3, SCRIPT_FLAGS, c -> eval(c, false, false)),
                command("evalsha", -3, SCRIPT_FLAGS, c -> eval(c, true, false)),
                command("eval_ro", -3, "readonly " + SCRIPT_FLAGS, c -> eval(c, false, true)),
                command("evalsha_ro", -3, "readonly " + SCRIPT_FLAGS, c -> eval(c, true, true)),
                container("script", "",
                        command("debug", 3, "noscript", this::debug),
                        command("exists", -3, "noscript", this::exists),
                        command("flush", -2, "noscript", this::flush),
                        command("help", 2, "loading stale", this::help),
                        command("kill", 2, "noscript allow_busy", this::kill),
                        command("load", 3, "noscript stale", this::load)));
        // spotless:on
    }

    static Scripting scripting(CommandCall c) {
        return c.server().scripting();
    }

    /**
     * EVAL script numkeys [key ...] [arg ...], and EVALSHA sha1 ... alike: the key count is checked before the script
     * is looked up or compiled, as in Redis.
     */
    private static void eval(CommandCall c, boolean bySha, boolean readOnly) {
        Args args = c.args();
        byte[] script = args.next();
        ScriptArguments call = ScriptArguments.parse(args, RedisError.NOT_INTEGER);
        scripting(c).eval(c.client(), c.argv(), script, call.keys(), call.args(), bySha, readOnly);
    }

    private void load(CommandCall c) {
        c.reply().bulk(scripting(c).load(c.args(2).next()));
    }

    private void exists(CommandCall c) {
        Scripting scripting = scripting(c);
        Args args = c.args(2);
        c.reply().array(args.remaining());
        while (args.hasNext()) {
            c.reply().integer(scripting.exists(args.next()) ? 1 : 0);
        }
    }

    private static final RedisError FLUSH_MODE = new RedisError("ERR SCRIPT FLUSH only support SYNC|ASYNC option");

    /** SCRIPT FLUSH [ASYNC|SYNC]: anything else, extra arguments too, gets the one error about the mode. */
    private void flush(CommandCall c) {
        Args args = c.args(2);
        if (args.hasNext()) {
            args.oneOf(FLUSH_MODE, "SYNC", "ASYNC");
        }
        if (args.hasNext()) {
            throw FLUSH_MODE;
        }
        scripting(c).flush();
        c.reply().ok();
    }

    private void kill(CommandCall c) {
        String refused = scripting(c).kill(false);
        if (refused != null) {
            throw new RedisError(refused);
        }
        c.reply().ok();
    }

    /**
     * SCRIPT DEBUG: mini-redis has no Lua debugger (Redis's LDB, which takes over the connection for redis-cli --ldb),
     * so YES and SYNC are refused with an error saying so rather than answering OK and running scripts undebugged.
     * NO answers OK, as in Redis; like Redis, nothing is done while replies are pending (in a pipeline or MULTI).
     */
    private void debug(CommandCall c) {
        if (c.client().hasPendingReplies()) {
            throw new RedisError("ERR SCRIPT DEBUG must be called outside a pipeline");
        }
        if (c.args(2).oneOf(DEBUG_MODE, "NO", "YES", "SYNC") != 0) {
            throw new RedisError(LDB_NOT_SUPPORTED);
        }
        c.reply().ok();
    }

    private static final RedisError DEBUG_MODE = new RedisError("ERR Use SCRIPT DEBUG YES/SYNC/NO");

    static final String LDB_NOT_SUPPORTED =
            "ERR SCRIPT DEBUG YES/SYNC is not supported: mini-redis has no Lua debugger (LDB)";

    private void help(CommandCall c) {
        Help.reply(
                c.reply(),
                "SCRIPT",
                "DEBUG (YES|SYNC|NO)",
                "    Set the debug mode for subsequent scripts executed.",
                "EXISTS <sha1> [<sha1> ...]",
                "    Return information about the existence of the scripts in the script cache.",
                "FLUSH [ASYNC|SYNC]",
                "    Flush the Lua scripts cache. Very dangerous on replicas.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the scripts cache.",
                "    * SYNC: Synchronously flush the scripts cache.",
                "KILL",
                "    Kill the currently executing Lua script.",
                "LOAD <script>",
                "    Load a script into the scripts cache without executing it.");
    }
}
