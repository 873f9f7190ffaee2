package io.miniredis.command;

import io.miniredis.stats.CommandStats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One command as data: name, arity (negative means "at least"), flags, key positions (first, last, step; last -1
 * means the last argument), documentation, and the handler. A container command (CONFIG, CLIENT, ...) has
 * subcommands instead of a handler; they are named {@code container|sub}, as in Redis 7.
 */
public final class CommandSpec {

    private final String name;
    private final String fullName;
    private final int arity;
    private final Set<CommandFlag> flags;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final CommandHandler handler;
    private final List<CommandSpec> subcommands = new ArrayList<>();
    private final List<String> extraCategories = new ArrayList<>();
    private final CommandStats stats = new CommandStats();
    private String group = "generic";
    private String since = "1.0.0";
    private String summary = "";
    private String complexity;
    private KeyFinder keyFinder;
    private CommandSpec parent;

    private CommandSpec(String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                        CommandHandler handler) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.fullName = this.name;
        this.arity = arity;
        this.flags = Collections.unmodifiableSet(CommandFlag.parse(flags));
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.handler = handler;
    }

    private CommandSpec(CommandSpec parent, CommandSpec sub) {
        this.name = sub.name;
        this.fullName = parent.name + "|" + sub.name;
        this.arity = sub.arity;
        this.flags = sub.flags;
        this.firstKey = sub.firstKey;
        this.lastKey = sub.lastKey;
        this.keyStep = sub.keyStep;
        this.handler = sub.handler;
        this.group = parent.group;
        this.since = sub.since;
        this.summary = sub.summary;
        this.complexity = sub.complexity;
        this.keyFinder = sub.keyFinder;
        this.extraCategories.addAll(sub.extraCategories);
        this.parent = parent;
    }

    /** A command with keys at {@code first..last} every {@code step}; use 0, 0, 0 for a command without keys. */
    public static CommandSpec command(String name, int arity, String flags, int first, int last, int step,
                                      CommandHandler handler) {
        return new CommandSpec(name, arity, flags, first, last, step, handler);
    }

    /** A command that takes no keys. */
    public static CommandSpec command(String name, int arity, String flags, CommandHandler handler) {
        return new CommandSpec(name, arity, flags, 0, 0, 0, handler);
    }

    /** A container command (CONFIG, CLIENT...) dispatching on its first argument. */
    public static CommandSpec container(String name, String flags, CommandSpec... subcommands) {
        CommandSpec container = new CommandSpec(name, -2, flags, 0, 0, 0, null);
        for (CommandSpec sub : subcommands) {
            container.subcommands.add(new CommandSpec(container, sub));
        }
        return container;
    }

    public CommandSpec since(String version) {
        this.since = version;
        return this;
    }

    public CommandSpec summary(String text) {
        this.summary = text;
        return this;
    }

    public CommandSpec complexity(String text) {
        this.complexity = text;
        return this;
    }

    /**
     * ACL categories Redis gives this command beyond what its group and flags imply, e.g. {@code @keyspace} and
     * {@code @dangerous} on FLUSHALL (a server-group command).
     */
    public CommandSpec acl(String... categories) {
        extraCategories.addAll(List.of(categories));
        return this;
    }

    public CommandSpec keys(KeyFinder finder) {
        this.keyFinder = finder;
        return this;
    }

    /** Set by the table from the family that declares the command. */
    CommandSpec group(String group) {
        this.group = group;
        for (CommandSpec sub : subcommands) {
            sub.group = group;
        }
        return this;
    }

    public String name() {
        return name;
    }

    /** {@code get}, or {@code config|get} for a subcommand: the name Redis puts in error messages. */
    public String fullName() {
        return fullName;
    }

    public int arity() {
        return arity;
    }

    public Set<CommandFlag> flags() {
        return flags;
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public CommandHandler handler() {
        return handler;
    }

    public boolean isContainer() {
        return handler == null;
    }

    public List<CommandSpec> subcommands() {
        return subcommands;
    }

    public CommandSpec parent() {
        return parent;
    }

    public CommandStats stats() {
        return stats;
    }

    public String group() {
        return group;
    }

    public String since() {
        return since;
    }

    public String summary() {
        return summary;
    }

    public String complexity() {
        return complexity;
    }

    public KeyFinder keyFinder() {
        return keyFinder;
    }

    /** True when {@code argc} arguments (the name included) satisfy the arity. */
    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public CommandSpec subcommand(byte[] name) {
        for (CommandSpec sub : subcommands) {
            if (CommandTable.equalsIgnoreCase(sub.name, name)) {
                return sub;
            }
        }
        return null;
    }

    /** The argument indexes of the keys in {@code argv}, from the key finder or the fixed positions. */
    public int[] keyIndexes(byte[][] argv) {
        if (keyFinder != null) {
            return keyFinder.keyIndexes(argv);
        }
        if (firstKey == 0) {
            return new int[0];
        }
        int last = lastKey < 0 ? argv.length + lastKey : lastKey;
        if (last >= argv.length) {
            last = argv.length - 1;
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = firstKey; i <= last; i += keyStep) {
            indexes.add(i);
        }
        return indexes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The ACL categories Redis would list for this command, derived from its group and flags. */
    public List<String> aclCategories() {
        List<String> categories = new ArrayList<>();
        if (flags.contains(CommandFlag.WRITE)) {
            categories.add("@write");
        }
        if (flags.contains(CommandFlag.READONLY) && !group.equals("scripting")) {
            categories.add("@read");
        }
        switch (group) {
            case "string", "list", "set", "sorted-set", "hash", "hyperloglog", "geo", "stream", "bitmap",
                    "pubsub", "scripting", "connection", "transactions" -> categories.add("@" + aclGroupName());
            case "generic" -> categories.add("@keyspace");
            default -> {
            }
        }
        if (flags.contains(CommandFlag.ADMIN)) {
            categories.add("@admin");
            categories.add("@dangerous");
        }
        if (flags.contains(CommandFlag.PUBSUB) && !categories.contains("@pubsub")) {
            categories.add("@pubsub");
        }
        for (String extra : extraCategories) {
            if (!categories.contains(extra)) {
                categories.add(extra);
            }
        }
        categories.add(flags.contains(CommandFlag.FAST) ? "@fast" : "@slow");
        if (flags.contains(CommandFlag.BLOCKING)) {
            categories.add("@blocking");
        }
        return categories;
    }

    private String aclGroupName() {
        return switch (group) {
            case "sorted-set" -> "sortedset";
            case "transactions" -> "transaction";
            default -> group;
        };
    }

    public static EnumSet<CommandFlag> noFlags() {
        return EnumSet.noneOf(CommandFlag.class);
    }

    @Override
    public String toString() {
        return fullName;
    }
}
