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
    /** The client whose command runs now (keyspace thread, hooks active): a script's commands are recorded as its. */
    private long currentClientId = -1;

    private String currentClientName;
    private long currentRead;

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

    /** Faults or recorder changed: recompute the flag. */
    synchronized void changed() {
        active = faults.any() || recorder.recording();
    }

    /** The client whose command the connection runs now, for the commands its script runs; -1 after it. */
    public void currentClient(long id, String name, long read) {
        this.currentClientId = id;
        this.currentClientName = name;
        this.currentRead = read;
    }

    /** A command a script ran through {@code redis.call}: recorded, flagged, as the script's caller's. */
    public void scriptCommand(int db, byte[][] argv) {
        if (currentClientId >= 0) {
            recorder.record(currentClientId, currentClientName, db, argv, currentRead, true);
        }
    }
}
