package io.miniredis.testing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Records what clients send, for tests to assert on ("the cache hit sent GET only", "one round trip", "no KEYS"):
 * each command as received, with its connection's id and name, database, time and read number (see {@link
 * RecordedCommand}). MULTI, the commands queued after it and EXEC are recorded as the client sent them; the commands a
 * script runs are recorded too, flagged {@code fromScript}.
 *
 * <p>Bounded: it keeps the first {@code capacity} commands (10,000 unless {@link #start(int)} says otherwise) and
 * counts the rest as dropped. Any thread may start, stop and read it; the keyspace thread records.
 */
public final class CommandRecorder {

    public static final int DEFAULT_CAPACITY = 10_000;

    private final TestHooks hooks;
    private InstantSource clock = Clock.systemUTC();
    private boolean recording;
    private int capacity = DEFAULT_CAPACITY;
    private List<RecordedCommand> commands = new ArrayList<>();
    private long dropped;
    private long sequence;
    /** What the last record() did: kept (TRUE), dropped (FALSE), nothing (null); for withdrawLast(). */
    private Boolean lastRecorded;

    CommandRecorder(TestHooks hooks) {
        this.hooks = hooks;
    }

    /** The clock the entries' times come from (the server's). */
    public synchronized void clock(InstantSource clock) {
        this.clock = clock;
    }

    /** Forgets what was recorded and records from now on, keeping up to {@link #DEFAULT_CAPACITY} commands. */
    public void start() {
        start(DEFAULT_CAPACITY);
    }

    /** Forgets what was recorded and records from now on, keeping the first {@code capacity} commands. */
    public void start(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        synchronized (this) {
            this.capacity = capacity;
            clearRecorded();
            recording = true;
        }
        hooks.changed();
    }

    /** Stops recording; what was recorded stays readable until the next {@link #start} or {@link #clear}. */
    public void stop() {
        synchronized (this) {
            recording = false;
        }
        hooks.changed();
    }

    /** Forgets what was recorded (recording goes on if it was on). */
    public synchronized void clear() {
        clearRecorded();
    }

    public synchronized boolean recording() {
        return recording;
    }

    /** What was recorded so far: a copy, safe to read on any thread while recording goes on. */
    public synchronized RecordedCommands snapshot() {
        return new RecordedCommands(commands, dropped, capacity);
    }

    /** Records one command (keyspace thread); copies its arguments. */
    public synchronized void record(
            long clientId, String clientName, int db, byte[][] argv, long read, boolean fromScript) {
        lastRecorded = null;
        if (!recording) {
            return;
        }
        if (commands.size() >= capacity) {
            dropped++;
            lastRecorded = Boolean.FALSE;
            return;
        }
        lastRecorded = Boolean.TRUE;
        List<byte[]> arguments = new ArrayList<>(argv.length - 1);
        for (int i = 1; i < argv.length; i++) {
            arguments.add(Arrays.copyOf(argv[i], argv[i].length));
        }
        commands.add(new RecordedCommand(
                sequence++,
                new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT),
                List.copyOf(arguments),
                clientId,
                clientName,
                db,
                clock.instant(),
                read,
                fromScript));
    }

    /**
     * Takes back the command recorded last (keyspace thread): the connection deferred it without running anything
     * (a script, run again from a task after the read, and recorded then).
     */
    public synchronized void withdrawLast() {
        if (lastRecorded == Boolean.TRUE && !commands.isEmpty()) {
            commands.remove(commands.size() - 1);
            sequence--;
        } else if (lastRecorded == Boolean.FALSE) {
            dropped--;
        }
        lastRecorded = null;
    }

    private void clearRecorded() {
        lastRecorded = null;
        commands = new ArrayList<>();
        dropped = 0;
        sequence = 0;
    }
}
