package io.miniredis.testing;

/** What a fault does to the command it matches. */
public sealed interface FaultAction {

    /** The command does not run; the client gets this error (its text as Redis writes it, without the '-'). */
    record ErrorReply(String text) implements FaultAction {}

    /** The command does not run; the client gets {@code MOVED <its first key's slot> <hostAndPort>}. */
    record Moved(String hostAndPort) implements FaultAction {}

    /** The command runs at once; its reply, and whatever the client sends after it, waits this long. */
    record Delay(long millis) implements FaultAction {}

    /**
     * The first {@code after} matching commands are served; the next one does not run and the connection closes
     * instead of answering it (after the replies of the commands before it).
     */
    record DropConnection(int after) implements FaultAction {}

    /** The command runs, then the whole server stops for this long: no reply, read or timer for anyone. */
    record Stall(long millis) implements FaultAction {}
}
