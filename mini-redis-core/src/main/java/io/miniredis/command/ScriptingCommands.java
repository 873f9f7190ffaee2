package io.miniredis.command;

import io.miniredis.scripting.Scripting;

import java.util.List;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;
import io.miniredis.protocol.RedisError;

/** Lua scripting: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (LOAD, EXISTS, FLUSH, KILL, DEBUG, HELP). */
public final class ScriptingCommands implements CommandFamily {

    /** Flags and key-spec notes Redis gives EVAL* and FCALL* alike (FunctionCommands uses them too). */
    static final String SCRIPT_FLAGS = "noscript stale skip_monitor no_mandatory_keys runs_script";
    static final String RW_NOTES = "We cannot tell how the keys will be used so we assume the worst, RW and "
            + "UPDATE";
    static final String RO_NOTES = "We cannot tell how the keys will be used so we assume the worst, RO and "
            + "ACCESS";

    @Override
    public String group() {
        return "scripting";
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(
                command("eval", -3, SCRIPT_FLAGS, c -> scripting(c).eval(c, false, false))
                        .deniedOnOomWhen((server, argv) -> Scripting.deniedOnOom(server, argv, false))
                        .keySpecs(KeySpec.keynum("RW access update", 2, 0, 1, 1).notes(RW_NOTES))
                        .since("2.6.0").summary("Execute a Lua script server side")
                        .complexity("Depends on the script that is executed."),
                command("evalsha", -3, SCRIPT_FLAGS, c -> scripting(c).eval(c, true, false))
                        .deniedOnOomWhen((server, argv) -> Scripting.deniedOnOom(server, argv, true))
                        .keySpecs(KeySpec.keynum("RW access update", 2, 0, 1, 1))
                        .since("2.6.0").summary("Execute a Lua script server side")
                        .complexity("Depends on the script that is executed."),
                command("eval_ro", -3, "readonly " + SCRIPT_FLAGS, c -> scripting(c).eval(c, false, true))
                        .deniedOnOomWhen((server, argv) -> Scripting.deniedOnOom(server, argv, false))
                        .keySpecs(KeySpec.keynum("RO access", 2, 0, 1, 1).notes(RO_NOTES))
                        .since("7.0.0").summary("Execute a read-only Lua script server side")
                        .complexity("Depends on the script that is executed."),
                command("evalsha_ro", -3, "readonly " + SCRIPT_FLAGS, c -> scripting(c).eval(c, true, true))
                        .deniedOnOomWhen((server, argv) -> Scripting.deniedOnOom(server, argv, true))
                        .keySpecs(KeySpec.keynum("RO access", 2, 0, 1, 1))
                        .since("7.0.0").summary("Execute a read-only Lua script server side")
                        .complexity("Depends on the script that is executed."),
                container("script", "",
                        command("debug", 3, "noscript", this::debug)
                                .since("3.2.0").summary("Set the debug mode for executed scripts.")
                                .complexity("O(1)"),
                        command("exists", -3, "noscript", this::exists)
                                .tips("request_policy:all_shards", "response_policy:agg_logical_and")
                                .since("2.6.0").summary("Check existence of scripts in the script cache.")
                                .complexity("O(N) with N being the number of scripts to check (so checking a "
                                        + "single script is an O(1) operation)."),
                        command("flush", -2, "noscript", this::flush)
                                .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                                .since("2.6.0").summary("Remove all the scripts from the script cache.")
                                .complexity("O(N) with N being the number of scripts in cache"),
                        command("help", 2, "loading stale", this::help)
                                .since("5.0.0").summary("Show helpful text about the different subcommands")
                                .complexity("O(1)"),
                        command("kill", 2, "noscript allow_busy", this::kill)
                                .tips("request_policy:all_shards", "response_policy:one_succeeded")
                                .since("2.6.0").summary("Kill the script currently in execution.")
                                .complexity("O(1)"),
                        command("load", 3, "noscript stale", this::load)
                                .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                                .since("2.6.0").summary("Load the specified Lua script into the script cache.")
                                .complexity("O(N) with N being the length in bytes of the script body."))
                        .since("2.6.0").summary("A container for Lua scripts management commands")
                        .complexity("Depends on subcommand."));
    }

    static Scripting scripting(CommandCall c) {
        return c.server().scripting();
    }

    private void load(CommandCall c) {
        c.reply().bulk(scripting(c).load(c.arg(2)));
    }

    private void exists(CommandCall c) {
        Scripting scripting = scripting(c);
        c.reply().array(c.argc() - 2L);
        for (int i = 2; i < c.argc(); i++) {
            c.reply().integer(scripting.exists(c.arg(i)) ? 1 : 0);
        }
    }

    private void flush(CommandCall c) {
        if (c.argc() > 3 || c.argc() == 3 && !Args.is(c.arg(2), "SYNC") && !Args.is(c.arg(2), "ASYNC")) {
            throw new RedisError("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
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
        if (Args.is(c.arg(2), "NO")) {
            c.reply().ok();
            return;
        }
        if (Args.is(c.arg(2), "YES") || Args.is(c.arg(2), "SYNC")) {
            throw new RedisError(LDB_NOT_SUPPORTED);
        }
        throw new RedisError("ERR Use SCRIPT DEBUG YES/SYNC/NO");
    }

    static final String LDB_NOT_SUPPORTED =
            "ERR SCRIPT DEBUG YES/SYNC is not supported: mini-redis has no Lua debugger (LDB)";

    private void help(CommandCall c) {
        Help.reply(c.reply(), "SCRIPT",
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
