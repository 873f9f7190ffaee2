package io.miniredis.server;

import io.miniredis.command.CommandFlag;
import io.miniredis.command.CommandSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/**
 * One client's MULTI: the commands queued for EXEC, and whether the transaction is already doomed by an error while
 * queuing (EXEC then answers EXECABORT).
 *
 * <p>The queue's size is measured as Redis measures it for CLIENT LIST {@code multi-mem}: each argument's length
 * plus a pointer (8 bytes). It is bounded by {@code client-query-buffer-limit}, the limit a client's unparsed input
 * has: queued commands are input the server holds on the client's behalf. Redis 7.0 itself lets the queue grow
 * until {@code maxmemory} (OOM refuses queuing) or {@code maxmemory-clients} (the client is evicted) step in.
 */
public final class Transaction {

    /** Redis counts a pointer to each argument on top of its bytes. */
    private static final int POINTER_SIZE = 8;

    /** A command waiting for EXEC, resolved to its (sub)command spec when it was queued. */
    public record Queued(CommandSpec spec, byte[][] argv) {
    }

    private final List<Queued> commands = new ArrayList<>();
    /** The union of the queued commands' flags: EXEC of a transaction with {@code denyoom} commands is one. */
    private final EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
    private long memory;
    private boolean failed;

    /**
     * Queues a command; false (and nothing queued) when that would take the queue past {@code limitBytes}.
     */
    public boolean add(CommandSpec spec, byte[][] argv, long limitBytes) {
        long size = sizeOf(argv);
        if (memory + size > limitBytes) {
            return false;
        }
        commands.add(new Queued(spec, argv));
        flags.addAll(spec.flags());
        memory += size;
        return true;
    }

    private static long sizeOf(byte[][] argv) {
        long size = (long) argv.length * POINTER_SIZE;
        for (byte[] arg : argv) {
            size += arg.length;
        }
        return size;
    }

    /**
     * An error while queuing: EXEC will answer EXECABORT. Nothing is queued after this (as in Redis: the queue can
     * never run), so a doomed transaction stops growing too.
     */
    public void fail() {
        failed = true;
    }

    public boolean failed() {
        return failed;
    }

    public List<Queued> commands() {
        return Collections.unmodifiableList(commands);
    }

    /** Queued commands: CLIENT LIST {@code multi=}. */
    public int size() {
        return commands.size();
    }

    /** Bytes the queue holds, as Redis counts them: CLIENT LIST {@code multi-mem=}. */
    public long memory() {
        return memory;
    }

    /** Whether some queued command has {@code flag} (an OOM check refuses EXEC of {@code denyoom} commands). */
    /** Counts a flag a queued command has for its arguments only (a script's declared flags: see {@code CommandDispatcher#deniedOnOom}). */
    public void addQueuedFlag(CommandFlag flag) {
        flags.add(flag);
    }

    public boolean queuedHas(CommandFlag flag) {
        return flags.contains(flag);
    }
}
