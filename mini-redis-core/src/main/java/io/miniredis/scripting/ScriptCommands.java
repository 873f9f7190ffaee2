package io.miniredis.scripting;

import io.miniredis.server.ClientSession;

/**
 * The command layer's side of {@code redis.call}: whether a script may run a command (Redis's refusals, in its
 * texts), and running it as the script's own client. Implemented by io.miniredis.command.scripting; scripting knows
 * no command classes.
 */
public interface ScriptCommands {

    /**
     * Whether a script may run {@code argv}: {@link Verdict#READ} or {@link Verdict#WRITE} (the script has now
     * written: it can no longer be killed), or a refusal with Redis's text. {@code readOnlyScript}: refuse writes
     * (EVAL_RO, no-writes); {@code refuseDenyOom}: memory was over maxmemory when the script started, it may not
     * start writing with a {@code denyoom} command; {@code wroteAlready}: the script has written (no refusal that
     * depends on the server's state may fail it now, as the disk-error one).
     */
    Verdict check(byte[][] argv, boolean readOnlyScript, boolean refuseDenyOom, boolean wroteAlready);

    /** Runs {@code argv} as {@code scriptClient}, its reply going where the client's reply points. */
    void run(ClientSession scriptClient, byte[][] argv);

    /** Whether {@code name} is a command (redis.acl_check_cmd). */
    boolean exists(byte[] name);

    /**
     * After a script that may have run noscript commands (DEBUG SET-DISABLE-DENY-SCRIPTS): leaves any MULTI, forgets
     * watches and turns replies back on, so the shared script client starts the next script clean.
     */
    void resetScriptClient(ClientSession scriptClient);

    /** What {@link #check} decided. */
    record Verdict(String refusal, boolean write) {

        public static final Verdict READ = new Verdict(null, false);
        public static final Verdict WRITE = new Verdict(null, true);

        public static Verdict refused(String text) {
            return new Verdict(text, false);
        }
    }
}
