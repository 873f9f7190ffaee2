package io.miniredis.scripting;

import io.miniredis.config.ConfigRegistry;
import io.miniredis.stats.ServerStats;

/**
 * What scripting needs from the server it runs in (the server's ServerContext is one): settings, statistics, the
 * memory state the calling command found, the busy-script state and a way to let clients in while a script is busy,
 * and the command layer's side of {@code redis.call} ({@link ScriptCommands}). Scripting knows nothing else of the
 * server, so the server can hold scripting without the two depending on each other.
 */
public interface ScriptHost {

    ConfigRegistry config();

    ServerStats stats();

    /** The server's clock, in epoch milliseconds. */
    long nowMillis();

    /** Whether the command running the script found memory over {@code maxmemory} when it started. */
    boolean outOfMemoryAtCommandStart();

    /** Non-null while a script is busy: the error other clients get; null when it ends. */
    void busyScriptError(String error);

    /** Reads and answers the other clients once, without waiting (a busy script's hook). */
    void processEventsWhileBlocked();

    /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call {@code noscript} commands. */
    boolean denyScriptsDisabled();

    /** How a script's commands are judged and run. */
    ScriptCommands scriptCommands();
}
