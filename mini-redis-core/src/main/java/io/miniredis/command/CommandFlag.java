package io.miniredis.command;

import java.util.EnumSet;
import java.util.Locale;

/**
 * Command flags: Redis's, as COMMAND INFO reports them, and a few of ours that name the rules Redis hard-codes by
 * command (never reported). The dispatcher applies its rules by reading them: {@code no_auth}, {@code allow_busy},
 * {@code no_multi}, {@code denyoom}, {@code runs_in_multi}, {@code subscribed_ok}...
 */
public enum CommandFlag {
    WRITE,
    READONLY,
    DENYOOM,
    MODULE,
    ADMIN,
    PUBSUB,
    NOSCRIPT,
    BLOCKING,
    LOADING,
    STALE,
    SKIP_MONITOR,
    SKIP_SLOWLOG,
    ASKING,
    FAST,
    NO_AUTH,
    MAY_REPLICATE(false),
    SENTINEL(false),
    ONLY_SENTINEL(false),
    NO_MANDATORY_KEYS,
    PROTECTED(false),
    NO_ASYNC_LOADING,
    NO_MULTI,
    MOVABLEKEYS,
    ALLOW_BUSY,
    /**
     * Ours: the command runs a Lua script (EVAL*, FCALL*), so the connection must not run it from inside a channel
     * read (see server.KeyspaceLoop), and whether it is denied over maxmemory depends on the script's flags.
     */
    RUNS_SCRIPT(false),
    /**
     * Ours: the command may run the event loop while it runs (DEBUG RELOAD and LOADAOF load with clients let in), so
     * the connection must not run it from inside a channel read, as with {@link #RUNS_SCRIPT}.
     */
    PROCESSES_EVENTS(false),
    /** Ours: runs at once inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
    RUNS_IN_MULTI(false),
    /** Ours: still accepted inside MULTI over maxmemory (ending the transaction or the connection). */
    ENDS_MULTI(false),
    /** Ours: a RESP2 client with subscriptions may still send it (PING, the (un)subscribes, QUIT, RESET). */
    SUBSCRIBED_OK(false);

    private final boolean reported;

    CommandFlag() {
        this(true);
    }

    CommandFlag(boolean reported) {
        this.reported = reported;
    }

    /** Whether COMMAND INFO shows it: Redis keeps some of its own to itself, and ours are never shown. */
    public boolean reported() {
        return reported;
    }

    /** The name COMMAND INFO uses: lower case, e.g. {@code no_auth}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a space-separated list such as {@code "write denyoom fast"}. */
    public static EnumSet<CommandFlag> parse(String flags) {
        EnumSet<CommandFlag> set = EnumSet.noneOf(CommandFlag.class);
        for (String flag : flags.trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                set.add(valueOf(flag.toUpperCase(Locale.ROOT).replace('-', '_')));
            }
        }
        return set;
    }
}
