package io.miniredis.scripting;

import io.miniredis.server.ClientSession;
import java.util.ArrayList;
import java.util.List;

/**
 * One running script or function: who called it, how it may act (read-only, RESP version of its redis.call
 * replies), and what it has done (written, been asked to stop, gone busy). Keyspace thread only: scripts run on it.
 */
final class ScriptRun {

    final ClientSession caller;
    /** The SHA1 of an EVAL script, or the name of a function: what error messages and FUNCTION STATS name. */
    final String name;

    final boolean function;
    final boolean readOnly;
    final long startNanos = System.nanoTime();
    int resp = 2;
    boolean wrote;
    /** The script declared {@code allow-oom}: its denyoom commands run even over {@code maxmemory}. */
    boolean allowOom;
    /**
     * The command that runs the script (EVAL, FCALL, or the EXEC around it) found memory over {@code maxmemory}:
     * then, as in Redis, the script's first write may not be a denyoom command (later ones may: a script is not
     * stopped halfway through its writes). Known before the run starts, on the keyspace thread.
     */
    boolean outOfMemory;
    /** SCRIPT KILL / FUNCTION KILL asked it to stop (set by a command its own hook let in). */
    boolean killRequested;
    /** BUSY while it runs on (set when it passes busy-reply-threshold), and after how long that happens. */
    String busyError;

    long busyAfterNanos;
    boolean busy;
    /** While busy: when its hook lets clients in next (System.nanoTime, compared by difference). */
    long nextEventsNanos;
    /** How often Scripting#poll was asked during this run. */
    int polls;
    /** Error replies written while the script ran, counted in INFO errorstats once it is over (keyspace thread). */
    final List<String> errors = new ArrayList<>();
    /** The command as the client sent it (FUNCTION STATS shows it). */
    byte[][] argv;

    ScriptRun(ClientSession caller, String name, boolean function, boolean readOnly) {
        this.caller = caller;
        this.name = name;
        this.function = function;
        this.readOnly = readOnly;
    }
}
