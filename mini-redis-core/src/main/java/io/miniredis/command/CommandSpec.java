package io.miniredis.command;

import io.miniredis.server.ServerContext;
import io.miniredis.stats.CommandStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

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
    private final long flagBits;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final CommandHandler handler;
    private final List<CommandSpec> subcommands = new ArrayList<>();
    private final CommandStats stats = new CommandStats();
    private String group = "generic";
    private String since = "1.0.0";
    private String summary = "";
    private String complexity;
    private KeyFinder keyFinder;
    private CommandSpec parent;
    private boolean container;
    private List<String> tips = List.of();
    private List<String> keySpecFlags;
    private String keySpecNotes;
    private Function<byte[][], List<String>> variableKeySpecFlags;
    private List<KeySpec> keySpecs = List.of();
    private BiPredicate<ServerContext, byte[][]> deniedOnOom;

    private CommandSpec(String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                        CommandHandler handler) {
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
        this.since = sub.since;
        this.summary = sub.summary;
        this.complexity = sub.complexity;
        this.keyFinder = sub.keyFinder;
        this.tips = sub.tips;
        this.keySpecFlags = sub.keySpecFlags;
        this.keySpecNotes = sub.keySpecNotes;
        this.variableKeySpecFlags = sub.variableKeySpecFlags;
        this.keySpecs = sub.keySpecs;
        this.deniedOnOom = sub.deniedOnOom;
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
        return container(name, -2, flags, null, subcommands);
    }

    /**
     * A container that also runs on its own, without a subcommand (COMMAND: arity -1, {@code handler} answers the
     * bare {@code COMMAND}).
     */
    public static CommandSpec container(String name, int arity, String flags, CommandHandler handler,
                                        CommandSpec... subcommands) {
        CommandSpec container = new CommandSpec(name, arity, flags, 0, 0, 0, handler);
        container.container = true;
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

    public CommandSpec keys(KeyFinder finder) {
        this.keyFinder = finder;
        return this;
    }

    /** Redis's command tips, in its order ({@code request_policy:all_shards}, {@code nondeterministic_output}...). */
    public CommandSpec tips(String... tips) {
        this.tips = List.of(tips);
        return this;
    }

    /**
     * The flags of the key specification COMMAND INFO and COMMAND GETKEYSANDFLAGS report ({@code "OW update"}),
     * when Redis's differ from the default derived from the command's flags (see {@link #keySpecFlags()}).
     */
    public CommandSpec keySpecFlags(String flags) {
        this.keySpecFlags = List.of(flags.trim().split("\\s+"));
        return this;
    }

    /**
     * Declares the command's key specifications one by one (see {@link KeySpec}), for a command whose keys differ in
     * flags (LMOVE, SMOVE) or are counted by an argument (LMPOP, SINTERCARD): COMMAND INFO shows them as given,
     * COMMAND GETKEYS(ANDFLAGS) finds keys and flags through them. A {@code keynum} spec makes the keys movable, as
     * in Redis, and finds them unless the command has its own {@link KeyFinder}.
     */
    public CommandSpec keySpecs(KeySpec... specs) {
        this.keySpecs = List.of(specs);
        if (keyFinder == null && this.keySpecs.stream().anyMatch(KeySpec::isKeynum)) {
            keyFinder = this::keyIndexesFromSpecs;
        }
        return this;
    }

    /** The declared key specifications; empty when the command has the one derived from its key positions. */
    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    private int[] keyIndexesFromSpecs(byte[][] argv) {
        return keySpecs.stream().flatMapToInt(spec -> Arrays.stream(spec.keyIndexes(argv))).toArray();
    }

    /** The key specification flags of the key at argument {@code keyIndex} of the call {@code argv}. */
    public List<String> keySpecFlags(byte[][] argv, int keyIndex) {
        for (KeySpec spec : keySpecs) {
            for (int index : spec.keyIndexes(argv)) {
                if (index == keyIndex) {
                    return spec.flags();
                }
            }
        }
        return keySpecFlags(argv);
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

    /**
     * For a command that is {@code denyoom} for some calls only (EVAL of a script whose shebang line declares flags,
     * FCALL of a function without {@code allow-oom}, as Redis decides per call): which calls. Only asked when memory
     * is over {@code maxmemory}, and when a command is queued in MULTI.
     */
    public CommandSpec deniedOnOomWhen(BiPredicate<ServerContext, byte[][]> test) {
        this.deniedOnOom = test;
        return this;
    }

    /** Whether this call is refused when memory is over {@code maxmemory}: {@code denyoom}, always or for it. */
    public boolean deniedOnOom(ServerContext server, byte[][] argv) {
        return flags.contains(CommandFlag.DENYOOM) || deniedOnOom != null && deniedOnOom.test(server, argv);
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

    /** Redis's note on the key specification (why its flags are what they are), or null. */
    public CommandSpec keySpecNotes(String notes) {
        this.keySpecNotes = notes;
        return this;
    }

    public String keySpecNotes() {
        return keySpecNotes;
    }

    /**
     * For a command whose key access depends on its arguments (key spec flag {@code variable_flags}, as SET with or
     * without GET): the flags COMMAND GETKEYSANDFLAGS reports for one call.
     */
    public CommandSpec variableKeySpecFlags(Function<byte[][], List<String>> flagsForCall) {
        this.variableKeySpecFlags = flagsForCall;
        return this;
    }

    /** The key specification flags for the call {@code argv}. */
    public List<String> keySpecFlags(byte[][] argv) {
        return variableKeySpecFlags != null ? variableKeySpecFlags.apply(argv) : keySpecFlags();
    }

    public List<String> tips() {
        return tips;
    }

    /** True when the command takes keys, at fixed positions or found by a {@link KeyFinder}. */
    public boolean hasKeys() {
        return firstKey > 0 || keyFinder != null;
    }

    /**
     * The key specification flags: the declared ones, or else {@code RO access} for a read-only command and, for
     * any other, Redis's own "assume the worst" {@code RW access update}.
     */
    public List<String> keySpecFlags() {
        if (keySpecFlags != null) {
            return keySpecFlags;
        }
        return flags.contains(CommandFlag.READONLY) ? List.of("RO", "access") : List.of("RW", "access", "update");
    }

    /**
     * The flags as COMMAND INFO shows them: {@code movablekeys} added for a command with a {@link KeyFinder}, and
     * the flags Redis keeps to itself ({@code may_replicate}, {@code sentinel}, {@code only_sentinel}, {@code
     * protected}) left out.
     */
    public Set<CommandFlag> reportedFlags() {
        EnumSet<CommandFlag> reported = flags.isEmpty() ? noFlags() : EnumSet.copyOf(flags);
        if (keyFinder != null) {
            reported.add(CommandFlag.MOVABLEKEYS);
        }
        reported.removeAll(EnumSet.of(CommandFlag.MAY_REPLICATE, CommandFlag.SENTINEL, CommandFlag.ONLY_SENTINEL,
                CommandFlag.PROTECTED, CommandFlag.RUNS_SCRIPT, CommandFlag.RUNS_IN_MULTI, CommandFlag.ENDS_MULTI,
                CommandFlag.SUBSCRIBED_OK));
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

    /** The argument indexes of the keys in {@code argv}, from the key finder or the fixed positions. */
    public int[] keyIndexes(byte[][] argv) {
        if (keyFinder != null) {
            return keyFinder.keyIndexes(argv);
        }
        if (!keySpecs.isEmpty()) {
            return keyIndexesFromSpecs(argv);
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

    /** The ACL categories Redis lists for this command ({@code @read}, {@code @string}, {@code @fast}), in its order. */
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
