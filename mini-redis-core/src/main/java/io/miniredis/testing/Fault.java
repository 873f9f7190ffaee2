package io.miniredis.testing;

import io.miniredis.util.Glob;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fault set on a server ({@link Faults#on}): which commands it matches (command pattern, key pattern, client
 * name) and what it does to them. Closing it removes it; {@link Faults#clear()} removes them all.
 */
public final class Fault implements AutoCloseable {

    private final Faults owner;
    private final byte[] commandPattern;
    private final byte[] keyPattern;
    private final boolean firstKeyOnly;
    private final byte[] clientPattern;
    private final int times;
    private final FaultAction action;
    /** Matching commands seen (a drop lets its first {@code after} through); keyspace thread writes. */
    private final AtomicInteger seen = new AtomicInteger();
    /** Times the fault acted. */
    private final AtomicInteger hits = new AtomicInteger();

    Fault(
            Faults owner,
            byte[] commandPattern,
            byte[] keyPattern,
            boolean firstKeyOnly,
            byte[] clientPattern,
            int times,
            FaultAction action) {
        this.owner = owner;
        this.commandPattern = commandPattern;
        this.keyPattern = keyPattern;
        this.firstKeyOnly = firstKeyOnly;
        this.clientPattern = clientPattern;
        this.times = times;
        this.action = action;
    }

    public FaultAction action() {
        return action;
    }

    /** How many commands this fault acted on so far (refused, delayed, dropped, stalled after). */
    public int hits() {
        return hits.get();
    }

    /** False once removed, or once it acted as many times as it was allowed to. */
    public boolean active() {
        return owner.contains(this) && !exhausted();
    }

    boolean exhausted() {
        return times >= 0 && hits.get() >= times;
    }

    /** Whether the command's name (or its full name, {@code config|get}), keys and client fit. */
    boolean matches(byte[] name, byte[] fullName, byte[][] argv, int[] keyIndexes, byte[] clientName) {
        if (!Glob.matches(commandPattern, name, true)
                && (fullName == name || !Glob.matches(commandPattern, fullName, true))) {
            return false;
        }
        if (clientPattern != null && (clientName == null || !Glob.matches(clientPattern, clientName, false))) {
            return false;
        }
        if (keyPattern == null) {
            return true;
        }
        int count = firstKeyOnly ? Math.min(1, keyIndexes.length) : keyIndexes.length;
        for (int i = 0; i < count; i++) {
            if (Glob.matches(keyPattern, argv[keyIndexes[i]], false)) {
                return true;
            }
        }
        return false;
    }

    boolean needsKeys() {
        return keyPattern != null;
    }

    /** The error a refusing fault answers with, or null when this fault does not refuse (keyspace thread). */
    public String errorFor(io.miniredis.command.CommandSpec spec, byte[][] argv) {
        if (action instanceof FaultAction.ErrorReply error) {
            return error.text();
        }
        if (action instanceof FaultAction.Moved moved) {
            int[] keys = Faults.keyIndexes(spec, argv);
            int slot = keys.length == 0 ? 0 : KeySlot.of(argv[keys[0]]);
            return "MOVED " + slot + " " + moved.hostAndPort();
        }
        return null;
    }

    /**
     * For a drop: whether this matching command still goes through (one of the first {@code after}); counts it.
     */
    public boolean letsThrough() {
        return action instanceof FaultAction.DropConnection drop && seen.getAndIncrement() < drop.after();
    }

    /** The fault acts on the command now: counted against {@code times}. */
    public void acted() {
        hits.incrementAndGet();
        if (exhausted()) {
            owner.changed();
        }
    }

    /** Removes the fault (a stall it started ends too). */
    @Override
    public void close() {
        owner.remove(this);
    }

    @Override
    public String toString() {
        return "Fault[" + new String(commandPattern, java.nio.charset.StandardCharsets.ISO_8859_1)
                + (keyPattern == null
                        ? ""
                        : " key " + new String(keyPattern, java.nio.charset.StandardCharsets.ISO_8859_1))
                + " -> " + action + ", hits " + hits + "]";
    }
}
