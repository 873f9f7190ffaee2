package io.miniredis.command.transaction;

import io.miniredis.command.CommandFlag;
import io.miniredis.command.CommandSpec;
import io.miniredis.server.ClientSession;
import io.miniredis.server.MultiState;
import io.miniredis.server.ServerContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/**
 * One client's MULTI: the commands queued for EXEC, whether the transaction is already doomed by an error while
 * queuing (EXEC then answers EXECABORT), and the admission the dispatcher applies while a client is in MULTI
 * (queue, abort, what EXEC is).
 *
 * <p>The queue's size is measured as Redis measures it for CLIENT LIST {@code multi-mem}: each argument's length
 * plus a pointer (8 bytes). It is bounded by {@code client-query-buffer-limit}, the limit a client's unparsed input
 * has: queued commands are input the server holds on the client's behalf. Redis 7.0 itself lets the queue grow
 * until {@code maxmemory} (OOM refuses queuing) or {@code maxmemory-clients} (the client is evicted) step in.
 */
public final class Transaction implements MultiState {

    /** The refusal of a {@code no_multi} command inside MULTI. */
    public static final String NOT_ALLOWED_IN_MULTI = "ERR Command not allowed inside a transaction";

    private static final String EXECABORT_BECAUSE = "EXECABORT Transaction discarded because of: ";
    static final String QUEUE_TOO_BIG = "ERR Transaction queue exceeds 'client-query-buffer-limit'";
    private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The open transaction of {@code client}, or null outside MULTI. */
    public static Transaction of(io.miniredis.server.ClientSession client) {
        return (Transaction) client.transaction();
    }

    /** Redis counts a pointer to each argument on top of its bytes. */
    private static final int POINTER_SIZE = 8;

    /** A command waiting for EXEC, resolved to its (sub)command spec when it was queued. */
    public record Queued(CommandSpec spec, byte[][] argv) {}

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

    @Override
    public int size() {
        return commands.size();
    }

    @Override
    public long memory() {
        return memory;
    }

    /** Counts a flag a queued command has for its arguments only (a script's declared flags: see {@code CommandDispatcher#deniedOnOom}). */
    public void addQueuedFlag(CommandFlag flag) {
        flags.add(flag);
    }

    /** Whether some queued command has {@code flag} (an OOM check refuses EXEC of {@code denyoom} commands). */
    public boolean queuedHas(CommandFlag flag) {
        return flags.contains(flag);
    }

    // ---- admission: what the dispatcher asks while a client is in MULTI

    public static boolean isExec(CommandSpec spec) {
        return spec.parent() == null && spec.name().equals("exec");
    }

    /**
     * Queues a checked command and answers QUEUED. A doomed transaction (an earlier error, or a broken WATCH) keeps
     * nothing more, as in Redis; a queue past its memory limit dooms the transaction with an error.
     */
    public static void queue(
            ServerContext server,
            ClientSession client,
            CommandSpec spec,
            byte[][] argv,
            boolean deniedOnOomForThisCall) {
        Transaction transaction = of(client);
        if (!transaction.failed()
                && !client.watchBroken()
                && !transaction.add(spec, argv, server.protocolLimits().maxQueryBuffer())) {
            transaction.fail();
            client.reply().error(QUEUE_TOO_BIG);
            return;
        }
        if (!spec.has(CommandFlag.DENYOOM) && deniedOnOomForThisCall) {
            transaction.addQueuedFlag(CommandFlag.DENYOOM); // EVAL of a script declaring flags: EXEC is denyoom
        }
        client.reply().raw(QUEUED);
    }

    /**
     * A central check refused EXEC itself (wrong arity; OOM for a transaction of {@code denyoom} commands): the
     * transaction ends, and the reply says why. Redis answers so even outside MULTI.
     */
    public static void abortExec(ServerContext server, ClientSession client, String error) {
        discard(server, client);
        String reason = error.startsWith("ERR ") ? error.substring(4) : error;
        client.reply().error(EXECABORT_BECAUSE + reason);
    }

    /** Leaves the transaction and forgets the watches: DISCARD, a failed EXEC, RESET. */
    public static void discard(ServerContext server, ClientSession client) {
        client.endTransaction();
        server.watchedKeys().unwatchAll(client);
    }
}
