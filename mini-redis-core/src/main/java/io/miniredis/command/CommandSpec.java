package io.miniredis.command;

import io.miniredis.stats.CommandStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * One command as the code needs it, declared in one line of its family: name, arity (negative means "at least"),
 * flags (Redis's, and ours such as {@code runs_in_multi}: the rules the dispatcher applies are read from here), key
 * positions (first, last, step; last -1 means the last argument), and the handler. A container command (CONFIG,
 * CLIENT, ...) has subcommands instead of a handler; they are named {@code container|sub}, as in Redis 7.
 *
 * <p>What COMMAND INFO and COMMAND DOCS tell about a command besides that (summary, since, complexity, history,
 * arguments, tips, key specifications) is not declared here: it is Redis's own data, in {@link CommandReference}.
 * Only code stays: what finds a command's keys when no key specification can ({@link #keys}, {@link
 * #unknownKeys}), and the key flags that depend on the call ({@link #variableKeySpecFlags}).
 */
public final class CommandSpec {

    private final String name;
    private final String fullName;
    private final int arity;
    private final Set<CommandFlag> flags;
    private final long flagBits;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final CommandHandler handler;
    private final List<CommandSpec> subcommands = new ArrayList<>();
    private final CommandStats stats = new CommandStats();
    private String group = "generic";
    private KeyFinder keyFinder;
    private CommandSpec parent;
    private boolean container;
    private Function<byte[][], List<String>> variableKeySpecFlags;
    /** What finds the keys of Redis's "unknown" key specifications of this command, in their order. */
    private KeyFinder[] unknownKeyFinders = new KeyFinder[0];
    /** The key specifications, Redis's (or derived from the key positions), made on first use. */
    private volatile List<KeySpec> keySpecs;
    /** For a command newer than the reference (Redis 7.2's, see {@link #newerThanReference}): its documentation. */
    private String since;

    private String summary;

    private CommandSpec(
            String name, int arity, String flags, int firstKey, int lastKey, int keyStep, CommandHandler handler) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.fullName = this.name;
        this.arity = arity;
        this.flags = Collections.unmodifiableSet(CommandFlag.parse(flags));
        this.flagBits = bits(this.flags);
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
        this.flagBits = sub.flagBits;
        this.firstKey = sub.firstKey;
        this.lastKey = sub.lastKey;
        this.keyStep = sub.keyStep;
        this.handler = sub.handler;
        this.group = parent.group;
        this.keyFinder = sub.keyFinder;
        this.variableKeySpecFlags = sub.variableKeySpecFlags;
        this.unknownKeyFinders = sub.unknownKeyFinders;
        this.since = sub.since;
        this.summary = sub.summary;
        this.parent = parent;
    }

    /** A command with keys at {@code first..last} every {@code step}; use 0, 0, 0 for a command without keys. */
    public static CommandSpec command(
            String name, int arity, String flags, int first, int last, int step, CommandHandler handler) {
        return new CommandSpec(name, arity, flags, first, last, step, handler);
    }

    /** A command that takes no keys. */
    public static CommandSpec command(String name, int arity, String flags, CommandHandler handler) {
        return new CommandSpec(name, arity, flags, 0, 0, 0, handler);
    }

    /** A container command (CONFIG, CLIENT...) dispatching on its first argument. */
    public static CommandSpec container(String name, String flags, CommandSpec... subcommands) {
        return container(name, -2, flags, null, subcommands);
    }

    /**
     * A container that also runs on its own, without a subcommand (COMMAND: arity -1, {@code handler} answers the
     * bare {@code COMMAND}).
     */
    public static CommandSpec container(
            String name, int arity, String flags, CommandHandler handler, CommandSpec... subcommands) {
        CommandSpec container = new CommandSpec(name, arity, flags, 0, 0, 0, handler);
        container.container = true;
        for (CommandSpec sub : subcommands) {
            container.subcommands.add(new CommandSpec(container, sub));
        }
        return container;
    }

    /** Keys that no key specification finds (a key count Redis reads in code, SORT's): {@code finder} finds them. */
    public CommandSpec keys(KeyFinder finder) {
        this.keyFinder = finder;
        return this;
    }

    /**
     * For COMMAND GETKEYSANDFLAGS: what finds, in a call, the keys of each of Redis's "unknown" key specifications
     * of this command (SORT's BY/GET patterns, its STORE destination), in their order; null for one that finds none.
     */
    public CommandSpec unknownKeys(KeyFinder... finders) {
        this.unknownKeyFinders = finders;
        return this;
    }

    /**
     * For a command whose key access depends on its arguments (key spec flag {@code variable_flags}, as SET with or
     * without GET): the flags COMMAND GETKEYSANDFLAGS reports for one call.
     */
    public CommandSpec variableKeySpecFlags(Function<byte[][], List<String>> flagsForCall) {
        this.variableKeySpecFlags = flagsForCall;
        return this;
    }

    /**
     * A command Redis 7.0.15, the reference, does not have (we follow 7.2 there on purpose): its COMMAND DOCS entry
     * is made from this; everything else about it is derived from the declaration.
     */
    public CommandSpec newerThanReference(String since, String summary) {
        this.since = since;
        this.summary = summary;
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

    /** Whether the command has {@code flag}; one bit test, since the dispatcher asks several per command. */
    public boolean has(CommandFlag flag) {
        return (flagBits & (1L << flag.ordinal())) != 0;
    }

    private static long bits(Set<CommandFlag> flags) {
        long bits = 0;
        for (CommandFlag flag : flags) {
            bits |= 1L << flag.ordinal();
        }
        return bits;
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

    /** True for a command with subcommands (CONFIG, CLIENT, COMMAND...); its handler, if any, runs without one. */
    public boolean isContainer() {
        return container;
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

    /** For a command newer than the reference: the version that brought it, else null. */
    public String since() {
        return since;
    }

    /** For a command newer than the reference: its summary, else null. */
    public String summary() {
        return summary;
    }

    public KeyFinder keyFinder() {
        return keyFinder;
    }

    /** True when the command takes keys, at fixed positions, found by a {@link KeyFinder} or by key specifications. */
    public boolean hasKeys() {
        return firstKey > 0 || keyFinder != null || !keySpecs().isEmpty();
    }

    /**
     * The key specifications: Redis's own for this command (see {@link CommandReference}), whose "unknown" ones are
     * served by {@link #unknownKeys}; for a command the reference lacks, one range over the key positions and an
     * "unknown" one for a {@link KeyFinder}, with {@link #defaultKeyFlags}.
     */
    public List<KeySpec> keySpecs() {
        List<KeySpec> specs = keySpecs;
        if (specs == null) {
            specs = new ArrayList<>();
            RespData info = CommandReference.get().info(fullName);
            if (info != null) {
                int unknown = 0;
                for (RespData spec : info.item(8).items()) {
                    KeySpec keySpec = KeySpec.fromReference(spec, null);
                    if (keySpec.isUnknown()) {
                        KeyFinder finder = unknown < unknownKeyFinders.length ? unknownKeyFinders[unknown] : null;
                        keySpec = KeySpec.fromReference(spec, finder);
                        unknown++;
                    }
                    specs.add(keySpec);
                }
            } else {
                if (firstKey > 0) {
                    int last = lastKey < 0 ? lastKey : lastKey - firstKey;
                    specs.add(KeySpec.range(defaultKeyFlags(), firstKey, last, keyStep));
                }
                if (keyFinder != null) {
                    specs.add(KeySpec.unknown(defaultKeyFlags(), null)); // keys only the command can find
                }
            }
            keySpecs = specs = List.copyOf(specs);
        }
        return specs;
    }

    /** The key specification flags of the key at {@code keyIndex} in the call {@code argv} (COMMAND GETKEYSANDFLAGS). */
    public List<String> keySpecFlags(byte[][] argv, int keyIndex) {
        if (variableKeySpecFlags != null) {
            return variableKeySpecFlags.apply(argv); // the flags depend on the call (SET ... GET)
        }
        for (KeySpec spec : keySpecs()) {
            for (int index : spec.keyIndexes(argv)) {
                if (index == keyIndex) {
                    return spec.flags();
                }
            }
        }
        return defaultKeyFlags();
    }

    /** Redis's "assume the worst" flags: {@code RO access} for a read-only command, else {@code RW access update}. */
    private List<String> defaultKeyFlags() {
        return flags.contains(CommandFlag.READONLY) ? List.of("RO", "access") : List.of("RW", "access", "update");
    }

    /**
     * The flags as COMMAND INFO shows them: {@code movablekeys} added for a command with a {@link KeyFinder}, and
     * the flags Redis keeps to itself ({@code may_replicate}, {@code sentinel}, {@code only_sentinel}, {@code
     * protected}) and ours left out.
     */
    public Set<CommandFlag> reportedFlags() {
        EnumSet<CommandFlag> reported = flags.isEmpty() ? noFlags() : EnumSet.copyOf(flags);
        if (keyFinder != null) {
            reported.add(CommandFlag.MOVABLEKEYS);
        }
        reported.removeIf(flag -> !flag.reported());
        return reported;
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

    /**
     * The argument indexes of the keys in {@code argv}: from the key finder, else from the key specifications when
     * some are not positional (a key count, a keyword), else the fixed positions.
     */
    public int[] keyIndexes(byte[][] argv) {
        if (keyFinder != null) {
            return keyFinder.keyIndexes(argv);
        }
        List<KeySpec> specs = keySpecs();
        if (specs.stream().anyMatch(spec -> !spec.isPositional())) {
            return specs.stream()
                    .flatMapToInt(spec -> Arrays.stream(spec.keyIndexes(argv)))
                    .toArray();
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

    /** The ACL categories, derived as Redis derives them (see {@link AclCategories}). */
    public List<String> aclCategories() {
        return aclCategorySet().stream().map(AclCategory::wireName).toList();
    }

    public Set<AclCategory> aclCategorySet() {
        return AclCategories.of(this);
    }

    public static EnumSet<CommandFlag> noFlags() {
        return EnumSet.noneOf(CommandFlag.class);
    }

    @Override
    public String toString() {
        return fullName;
    }
}
