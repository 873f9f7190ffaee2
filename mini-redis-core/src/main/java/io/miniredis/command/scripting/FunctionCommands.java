package io.miniredis.command.scripting;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.Help;
import io.miniredis.protocol.RedisError;
import io.miniredis.scripting.FunctionLibraries;
import java.util.List;

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
        // spotless:off: the table keeps one line per command
        return List.of(
                command("fcall", -3, CALL_FLAGS, c -> fcall(c, false)),
                command("fcall_ro", -3, "readonly " + CALL_FLAGS, c -> fcall(c, true)),
                container("function", "",
                        command("delete", 3, "write noscript", this::delete),
                        command("dump", 2, "noscript", this::dump),
                        command("restore", -3, "write denyoom noscript", this::restore),
                        command("flush", -2, "write noscript", this::flush),
                        command("help", 2, "loading stale", this::help),
                        command("kill", 2, "noscript allow_busy", this::kill),
                        command("list", -2, "noscript", this::list),
                        command("load", -3, "write denyoom noscript", this::load),
                        command("stats", 2, "noscript allow_busy", c -> functions(c).stats(c.reply()))));
        // spotless:on
    }

    private static FunctionLibraries functions(CommandCall c) {
        return c.server().scripting().functions();
    }

    private static final RedisError BAD_NUMKEYS = new RedisError("ERR Bad number of keys provided");

    /**
     * FCALL function numkeys [key ...] [arg ...]: Redis looks the function up before it reads the key count, and
     * reads the count strictly (no sign, no leading zero) with an error of its own.
     */
    private static void fcall(CommandCall c, boolean readOnly) {
        Args args = c.args();
        byte[] name = args.next();
        FunctionLibraries functions = functions(c);
        if (!functions.exists(name)) {
            throw FunctionLibraries.NOT_FOUND;
        }
        ScriptArguments call = ScriptArguments.parse(args, BAD_NUMKEYS);
        functions.call(c.client(), c.argv(), name, call.keys(), call.args(), readOnly);
    }

    /**
     * FUNCTION LOAD [REPLACE] code: every argument before the last must be REPLACE (the error names the first that is
     * not, as a C string); the last is the code.
     */
    private void load(CommandCall c) {
        Args args = c.args(2);
        boolean replace = false;
        while (args.remaining() > 1) {
            byte[] option = args.next();
            if (!Args.is(option, "REPLACE")) {
                throw new RedisError("ERR Unknown option given: " + CommandDispatcher.latin1(option));
            }
            replace = true;
        }
        c.reply().bulk(functions(c).load(args.next(), replace));
        c.propagateAs(c.argv()); // functions are not keys: propagated as they came, as Redis does
    }

    /**
     * FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]: each option at most once, in any order; an unknown or repeated
     * one is named in the error (as a C string).
     */
    private record ListOptions(byte[] pattern, boolean withCode) {

        private static final RedisError NO_LIBRARY_NAME = new RedisError("ERR library name argument was not given");

        static ListOptions parse(Args args) {
            byte[] pattern = null;
            boolean withCode = false;
            while (args.hasNext()) {
                byte[] option = args.next();
                if (!withCode && Args.is(option, "WITHCODE")) {
                    withCode = true;
                } else if (pattern == null && Args.is(option, "LIBRARYNAME")) {
                    if (!args.hasNext()) {
                        throw NO_LIBRARY_NAME;
                    }
                    pattern = args.next();
                } else {
                    throw new RedisError("ERR Unknown argument " + CommandDispatcher.latin1(option));
                }
            }
            return new ListOptions(pattern, withCode);
        }
    }

    private void list(CommandCall c) {
        ListOptions options = ListOptions.parse(c.args(2));
        functions(c).list(c.reply(), options.pattern(), options.withCode());
    }

    /** FUNCTION DUMP: every library in one payload, as Redis makes it (just the footer when there is none). */
    private void dump(CommandCall c) {
        boolean compression = c.server().config().getBool("rdbcompression");
        c.reply()
                .bulk(io.miniredis.persistence.FunctionPayload.create(
                        functions(c).codes(), compression));
    }

    private static final RedisError RESTORE_POLICY =
            new RedisError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");

    /**
     * FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE], checked as Redis does before anything changes: the payload, and
     * with APPEND (the default) that none of its libraries exists yet.
     */
    private void restore(CommandCall c) {
        Args args = c.args(1);
        byte[] subcommand = args.next();
        if (args.remaining() > 2) {
            throw new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                    + CommandDispatcher.latin1(subcommand) + "'. Try FUNCTION HELP.");
        }
        byte[] payload = args.next();
        int policy = args.hasNext() ? args.oneOf(RESTORE_POLICY, "APPEND", "REPLACE", "FLUSH") : 0;
        java.util.List<byte[]> codes;
        try {
            codes = io.miniredis.persistence.FunctionPayload.parse(payload);
        } catch (io.miniredis.persistence.RdbFormatException e) {
            throw new RedisError("ERR " + e.problem());
        }
        FunctionLibraries functions = functions(c);
        if (policy == 0) {
            for (byte[] code : codes) {
                String name = FunctionLibraries.libraryName(code);
                if (functions.hasLibrary(name)) {
                    throw new RedisError("ERR Library " + name + " already exists");
                }
            }
        }
        if (policy == 2) {
            functions.flush();
        }
        for (byte[] code : codes) {
            functions.load(code, policy != 0);
        }
        c.reply().ok();
    }

    private void delete(CommandCall c) {
        functions(c).delete(c.args(2).next());
        c.reply().ok();
        c.propagateAs(c.argv());
    }

    private static final RedisError FLUSH_MODE = new RedisError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");

    /** FUNCTION FLUSH [ASYNC|SYNC]: too many arguments is the subcommand's wrong-arguments error, as in Redis. */
    private void flush(CommandCall c) {
        Args args = c.args(1);
        byte[] subcommand = args.next();
        if (args.remaining() > 1) {
            throw new RedisError("ERR unknown subcommand or wrong number of arguments for '"
                    + CommandDispatcher.latin1(subcommand) + "'. Try FUNCTION HELP.");
        }
        if (args.hasNext()) {
            args.oneOf(FLUSH_MODE, "SYNC", "ASYNC");
        }
        functions(c).flush();
        c.reply().ok();
        c.propagateAs(c.argv());
    }

    private void kill(CommandCall c) {
        String refused = c.server().scripting().kill(true);
        if (refused != null) {
            throw new RedisError(refused);
        }
        c.reply().ok();
    }

    private void help(CommandCall c) {
        Help.reply(
                c.reply(),
                "FUNCTION",
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
