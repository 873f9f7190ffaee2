package io.miniredis.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A fault being set: which commands ({@link Faults#on}, then {@link #key}, {@link #firstKey}, {@link #client},
 * {@link #times}), then what happens to them, which sets it and returns it.
 */
public final class FaultBuilder {

    private final Faults faults;
    private final byte[] commandPattern;
    private byte[] keyPattern;
    private boolean firstKeyOnly;
    private byte[] clientPattern;
    private int times = -1;

    FaultBuilder(Faults faults, String commandPattern) {
        this.faults = faults;
        this.commandPattern = bytes(commandPattern);
    }

    /** Only commands one of whose keys (by the command's key specs, as COMMAND GETKEYS finds them) matches the glob. */
    public FaultBuilder key(String pattern) {
        this.keyPattern = bytes(pattern);
        this.firstKeyOnly = false;
        return this;
    }

    /** Only commands whose first key matches the glob. */
    public FaultBuilder firstKey(String pattern) {
        this.keyPattern = bytes(pattern);
        this.firstKeyOnly = true;
        return this;
    }

    /** Only connections whose name (CLIENT SETNAME, Lettuce's {@code clientName}) matches the glob. */
    public FaultBuilder client(String namePattern) {
        this.clientPattern = bytes(namePattern);
        return this;
    }

    /** Acts on this many commands, then stays inactive (by default, on every matching command until removed). */
    public FaultBuilder times(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        this.times = times;
        return this;
    }

    /** The command runs at once; its reply goes out after {@code delay}, and what the client sends next waits. */
    public Fault delay(Duration delay) {
        return set(new FaultAction.Delay(nonNegative(delay)));
    }

    /**
     * The command does not run and the client gets this error: the text as Redis writes it after its '-', e.g.
     * {@code "ERR something"} (one line).
     */
    public Fault error(String text) {
        if (text.isEmpty() || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("An error reply is one non-empty line: '" + text + "'");
        }
        return set(new FaultAction.ErrorReply(text));
    }

    /** {@code READONLY You can't write against a read only replica.}: a failover made this node a replica. */
    public Fault readOnly() {
        return error(Faults.READONLY);
    }

    /** {@code OOM command not allowed when used memory > 'maxmemory'.} */
    public Fault oom() {
        return error(Faults.OOM);
    }

    /** {@code LOADING Redis is loading the dataset in memory}: a restarted Redis loading its RDB or AOF. */
    public Fault loading() {
        return error(Faults.LOADING);
    }

    /** {@code BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.} */
    public Fault busy() {
        return error(Faults.BUSY);
    }

    /**
     * {@code MOVED <slot> <host:port>}, the slot being the command's first key's (CLUSTER KEYSLOT, hash tags
     * included; 0 for a command without keys): the key lives on another cluster node.
     */
    public Fault moved(String hostAndPort) {
        return set(new FaultAction.Moved(hostAndPort));
    }

    /** {@code MOVED <slot> <host:port>} with a fixed slot. */
    public Fault moved(int slot, String hostAndPort) {
        if (slot < 0 || slot >= KeySlot.SLOTS) {
            throw new IllegalArgumentException("A slot is 0.." + (KeySlot.SLOTS - 1) + ": " + slot);
        }
        return error("MOVED " + slot + " " + hostAndPort);
    }

    /** The first matching command does not run: the connection closes instead of answering it. */
    public Fault dropConnection() {
        return dropConnectionAfter(0);
    }

    /**
     * The first {@code commands} matching commands are served; the next one does not run, and its connection closes
     * instead of answering (the replies of the commands before it go out first).
     */
    public Fault dropConnectionAfter(int commands) {
        if (commands < 0) {
            throw new IllegalArgumentException("commands must not be negative: " + commands);
        }
        return set(new FaultAction.DropConnection(commands));
    }

    /** The command runs, then the whole server stalls for {@code duration} (see {@link Faults#stall}). */
    public Fault stall(Duration duration) {
        return set(new FaultAction.Stall(nonNegative(duration)));
    }

    private Fault set(FaultAction action) {
        return faults.add(new Fault(faults, commandPattern, keyPattern, firstKeyOnly, clientPattern, times, action));
    }

    private static long nonNegative(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("A negative duration: " + duration);
        }
        return duration.toMillis();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
