package io.miniredis.command.scripting;

import io.miniredis.scripting.FunctionLibraries;

import java.util.List;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;
import io.miniredis.protocol.RedisError;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.Help;
import io.miniredis.command.Args;
import io.miniredis.command.CommandSpec;

/** Redis 7 functions: FCALL, FCALL_RO and FUNCTION (LOAD, LIST, DELETE, FLUSH, KILL, STATS, HELP). */
public final class FunctionCommands implements CommandFamily {

    private static final String CALL_FLAGS = ScriptingCommands.SCRIPT_FLAGS;
    private static final String ALL_SHARDS = "request_policy:all_shards";

    @Override
    public String group() {
        return "scripting";
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(
                command("fcall", -3, CALL_FLAGS, c -> functions(c).call(c, false)),
                command("fcall_ro", -3, "readonly " + CALL_FLAGS, c -> functions(c).call(c, true)),
                container("function", "",
                        command("delete", 3, "write noscript", this::delete),
                        command("flush", -2, "write noscript", this::flush),
                        command("help", 2, "loading stale", this::help),
                        command("kill", 2, "noscript allow_busy", this::kill),
                        command("list", -2, "noscript", c -> functions(c).list(c)),
                        command("load", -3, "write denyoom noscript", this::load),
                        command("stats", 2, "noscript allow_busy", c -> functions(c).stats(c))));
    }

    private static FunctionLibraries functions(CommandCall c) {
        return c.server().scripting().functions();
    }

    private void load(CommandCall c) {
        boolean replace = false;
        for (int i = 2; i < c.argc() - 1; i++) {
            if (!Args.is(c.arg(i), "REPLACE")) {
                throw new RedisError("ERR Unknown option given: " + new String(c.arg(i), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            replace = true;
        }
        c.reply().bulk(functions(c).load(c.arg(c.argc() - 1), replace));
    }

    private void delete(CommandCall c) {
        functions(c).delete(c.arg(2));
        c.reply().ok();
    }

    private void flush(CommandCall c) {
        if (c.argc() > 3) {
            throw new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(c.arg(1), java.nio.charset.StandardCharsets.ISO_8859_1) + "'. Try FUNCTION HELP.");
        }
        if (c.argc() == 3 && !Args.is(c.arg(2), "SYNC") && !Args.is(c.arg(2), "ASYNC")) {
            throw new RedisError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        functions(c).flush();
        c.reply().ok();
    }

    private void kill(CommandCall c) {
        String refused = c.server().scripting().kill(true);
        if (refused != null) {
            throw new RedisError(refused);
        }
        c.reply().ok();
    }

    private void help(CommandCall c) {
        Help.reply(c.reply(), "FUNCTION",
                "LOAD [REPLACE] <FUNCTION CODE>",
                "    Create a new library with the given library name and code.",
                "DELETE <LIBRARY NAME>",
                "    Delete the given library.",
                "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
                "    Return general information on all the libraries:",
                "    * Library name",
                "    * The engine used to run the Library",
                "    * Library description",
                "    * Functions list",
                "    * Library code (if WITHCODE is given)",
                "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
                "STATS",
                "    Return information about the current function running:",
                "    * Function name",
                "    * Command used to run the function",
                "    * Duration in MS that the function is running",
                "    If no function is running, return nil",
                "    In addition, returns a list of available engines.",
                "KILL",
                "    Kill the current running function.",
                "FLUSH [ASYNC|SYNC]",
                "    Delete all the libraries.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the libraries.",
                "    * SYNC: Synchronously flush the libraries.",
                "DUMP",
                "    Return a serialized payload representing the current libraries, can be restored using FUNCTION "
                        + "RESTORE command",
                "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
                "    Restore the libraries represented by the given payload, it is possible to give a restore policy "
                        + "to",
                "    control how to handle existing libraries (default APPEND):",
                "    * FLUSH: delete all existing libraries.",
                "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
                "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the "
                        + "old",
                "      libraries with the new libraries (notice that even on this option there is a chance of failure",
                "      in case of functions name collision with another library).");
    }
}
