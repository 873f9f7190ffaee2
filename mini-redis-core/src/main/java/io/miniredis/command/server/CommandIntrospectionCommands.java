package io.miniredis.command.server;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;

import io.miniredis.command.AclCategory;
import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDocsReply;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandFlag;
import io.miniredis.command.CommandInfoReply;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.CommandTable;
import io.miniredis.command.Help;
import io.miniredis.command.TableAccess;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * COMMAND and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP): every answer is generated
 * from the command table, so what clients learn about a command is what the dispatcher enforces.
 */
public final class CommandIntrospectionCommands implements CommandFamily {

    private final TableAccess access;

    public CommandIntrospectionCommands(TableAccess access) {
        this.access = access;
    }

    @Override
    public String group() {
        return "server";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                container("command", -1, "loading stale", this::info,
                        command("count", 2, "loading stale", c -> c.reply().integer(access.table().commands().size())),
                        command("docs", -2, "loading stale", this::docs),
                        command("getkeys", -4, "loading stale", c -> getKeys(c, false)),
                        command("getkeysandflags", -4, "loading stale", c -> getKeys(c, true)),
                        command("help", 2, "loading stale", this::help),
                        command("info", -2, "loading stale", this::info),
                        command("list", -2, "loading stale", this::list)));
        // spotless:on
    }

    /** COMMAND and COMMAND INFO: all commands, or the named ones (null for a name that is not a command). */
    private void info(CommandCall c) {
        Reply reply = c.reply();
        CommandTable table = access.table();
        Args args = c.args(2); // past COMMAND INFO; for a bare COMMAND, past the end already
        if (!args.hasNext()) {
            reply.array(table.commands().size());
            for (CommandSpec spec : table.commands()) {
                CommandInfoReply.write(reply, spec);
            }
            return;
        }
        reply.array(args.remaining());
        while (args.hasNext()) {
            CommandSpec spec = resolve(table, args.next());
            if (spec == null) {
                reply.nullBulk();
            } else {
                CommandInfoReply.write(reply, spec);
            }
        }
    }

    /** COMMAND DOCS: a map from name to documentation; names that are not commands are left out. */
    private void docs(CommandCall c) {
        CommandTable table = access.table();
        List<CommandSpec> specs = new ArrayList<>();
        Args args = c.args(2);
        if (!args.hasNext()) {
            specs.addAll(table.commands());
        } else {
            while (args.hasNext()) {
                CommandSpec spec = resolve(table, args.next());
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        c.reply().map(specs.size());
        for (CommandSpec spec : specs) {
            CommandDocsReply.write(c.reply(), spec);
        }
    }

    /**
     * COMMAND LIST's filter: none, or {@code FILTERBY MODULE name | ACLCAT category | PATTERN pattern} and nothing
     * after it; any other shape, or another filter type, is a syntax error.
     */
    private record ListFilter(By by, byte[] value) {

        /** What the filter goes by, MODULE, ACLCAT and PATTERN in the order {@link Args#oneOf} is given them. */
        enum By {
            MODULE,
            ACLCAT,
            PATTERN,
            NOTHING
        }

        static ListFilter parse(Args args) {
            if (!args.hasNext()) {
                return new ListFilter(By.NOTHING, null);
            }
            if (args.remaining() != 3 || !args.option("FILTERBY")) {
                throw RedisError.SYNTAX;
            }
            By by = By.values()[args.oneOf("MODULE", "ACLCAT", "PATTERN")];
            return new ListFilter(by, args.next());
        }

        Predicate<CommandSpec> predicate() {
            return switch (by) {
                case NOTHING -> spec -> true;
                case MODULE -> spec -> false; // no module commands here
                case ACLCAT -> {
                    AclCategory category = AclCategory.named(new String(value, StandardCharsets.ISO_8859_1));
                    yield spec -> category != null && spec.aclCategorySet().contains(category);
                }
                case PATTERN -> spec -> Glob.matches(value, spec.fullName().getBytes(StandardCharsets.US_ASCII), true);
            };
        }
    }

    /** COMMAND LIST [FILTERBY ...]: names, subcommands included. */
    private void list(CommandCall c) {
        Predicate<CommandSpec> filter = ListFilter.parse(c.args(2)).predicate();
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : access.table().commands()) {
            if (filter.test(spec)) {
                names.add(spec.fullName());
            }
            for (CommandSpec sub : spec.subcommands()) {
                if (filter.test(sub)) {
                    names.add(sub.fullName());
                }
            }
        }
        c.reply().array(names.size());
        for (String name : names) {
            c.reply().bulk(name);
        }
    }

    /**
     * COMMAND GETKEYS / GETKEYSANDFLAGS: the keys of a full command line (with their key specification flags).
     */
    private void getKeys(CommandCall c, boolean withFlags) {
        byte[][] argv = c.args(2).rest(); // the command line whose keys are asked for
        CommandSpec spec = commandOfCall(access.table(), argv);
        int[] keys = keysOfCall(spec, argv);
        Reply reply = c.reply();
        reply.array(keys.length);
        for (int index : keys) {
            if (withFlags) {
                reply.array(2);
                reply.bulk(argv[index]);
                reply.statusSet(spec.keySpecFlags(argv, index));
            } else {
                reply.bulk(argv[index]);
            }
        }
    }

    /** The command (or subcommand) a full command line calls, or Redis's GETKEYS error. */
    static CommandSpec commandOfCall(CommandTable table, byte[][] argv) {
        CommandSpec spec = table.lookup(argv[0]);
        if (spec != null && spec.isContainer() && argv.length > 1) {
            spec = spec.subcommand(argv[1]);
        }
        if (spec == null) {
            throw new RedisError("ERR Invalid command specified");
        }
        return spec;
    }

    /**
     * The key positions in a full command line, with Redis's checks in its order: the command takes keys at all,
     * the arity fits, and at least one key is found (unless the command's keys are optional, as EVAL's are).
     */
    static int[] keysOfCall(CommandSpec spec, byte[][] argv) {
        if (!spec.hasKeys()) {
            throw new RedisError("ERR The command has no key arguments");
        }
        if (!spec.arityAccepts(argv.length)) {
            throw new RedisError("ERR Invalid number of arguments specified for command");
        }
        int[] keys = keyIndexes(spec, argv);
        if (keys.length == 0 && !spec.has(CommandFlag.NO_MANDATORY_KEYS)) {
            throw new RedisError("ERR Invalid arguments specified for command");
        }
        return keys;
    }

    /** The key positions, or none when the arguments are malformed (a key finder may fail on them). */
    private static int[] keyIndexes(CommandSpec spec, byte[][] argv) {
        try {
            return spec.keyIndexes(argv);
        } catch (RedisError | IndexOutOfBoundsException malformed) {
            return new int[0];
        }
    }

    private void help(CommandCall c) {
        Help.reply(
                c.reply(),
                "COMMAND",
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.");
    }

    /**
     * The command a COMMAND INFO/DOCS argument names: {@code get}, or {@code config|get} for a subcommand (any
     * case); null for anything else.
     */
    static CommandSpec resolve(CommandTable table, byte[] name) {
        int bar = indexOf(name, (byte) '|', 0);
        if (bar < 0) {
            return table.lookup(name);
        }
        if (indexOf(name, (byte) '|', bar + 1) >= 0) {
            return null;
        }
        CommandSpec container = table.lookup(Arrays.copyOfRange(name, 0, bar));
        if (container == null || !container.isContainer()) {
            return null;
        }
        return container.subcommand(Arrays.copyOfRange(name, bar + 1, name.length));
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
