package io.miniredis.testing;

import io.netty.util.concurrent.EventExecutor;
import java.util.function.Supplier;

/**
 * What the connection asks, per command, when test support is in use: one volatile flag, true while a fault is set
 * or the recorder records. The connection reads only {@link #active()} on its path when it is false (see
 * docs/testing.md); everything else here runs only while it is true.
 */
public final class TestHooks {

    private final Faults faults;
    private final CommandRecorder recorder;
    private volatile boolean active;
    /**
     * The client whose command runs now (keyspace thread, hooks active), or null: a script's commands are recorded as
     * its. Nested when a busy script lets other clients in.
     */
    private Caller caller;

    /** A connection's command being run: who sent it, in which read. */
    public record Caller(long clientId, String clientName, long read) {}

    public TestHooks(Supplier<EventExecutor> keyspaceThread) {
        this.faults = new Faults(this, keyspaceThread);
        this.recorder = new CommandRecorder(this);
    }

    /** True while a fault is set or commands are recorded; the one check on the command path. */
    public boolean active() {
        return active;
    }

    public Faults faults() {
        return faults;
    }

    public CommandRecorder recorder() {
        return recorder;
    }

    /** Back to unused: every fault removed (a stall ended), recording stopped and forgotten. Between tests. */
    public void reset() {
        faults.clear();
        recorder.stop();
        recorder.clear();
    }

    /** Faults or recorder changed: recompute the flag. */
    synchronized void changed() {
        active = faults.any() || recorder.recording();
    }

    /** The connection starts running a command of {@code caller}'s; returns the one it interrupts, for {@link #exit}. */
    public Caller enter(Caller caller) {
        Caller outer = this.caller;
        this.caller = caller;
        return outer;
    }

    /** The command is over: {@code outer} (from {@link #enter}) is the running one again. */
    public void exit(Caller outer) {
        this.caller = outer;
    }

    /** A command a script ran through {@code redis.call}: recorded, flagged, as the script's caller's. */
    public void scriptCommand(int db, byte[][] argv) {
        Caller running = caller;
        if (running != null) {
            recorder.record(running.clientId(), running.clientName(), db, argv, running.read(), true);
        }
    }
}
