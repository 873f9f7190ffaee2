package io.miniredis.command;

import java.util.EnumSet;
import java.util.Locale;

/** Command flags as COMMAND INFO reports them; the dispatcher acts on several (write, denyoom, noauth...). */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL, NO_MANDATORY_KEYS, PROTECTED,
    NO_ASYNC_LOADING, NO_MULTI, MOVABLEKEYS, ALLOW_BUSY,
    /**
     * Ours, never reported: the command runs a Lua script (EVAL*, FCALL*), so the connection must not run it from
     * inside a channel read (see server.KeyspaceLoop).
     */
    RUNS_SCRIPT,
    /**
     * Ours, never reported: runs at once inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT,
     * RESET: Redis's list in processCommand).
     */
    RUNS_IN_MULTI,
    /** Ours, never reported: still accepted inside MULTI over maxmemory (ending the transaction or the connection). */
    ENDS_MULTI,
    /** Ours, never reported: a RESP2 client with subscriptions may still send it (PING, the (un)subscribes, QUIT, RESET). */
    SUBSCRIBED_OK;

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
