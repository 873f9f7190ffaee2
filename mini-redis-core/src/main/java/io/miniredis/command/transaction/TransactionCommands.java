package io.miniredis.command.transaction;

import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;
import io.miniredis.server.Transaction;
import io.miniredis.server.WatchedKeys;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.miniredis.command.CommandSpec.command;
import io.miniredis.protocol.RedisError;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFlag;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;

/**
 * Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 *
 * <p>Between MULTI and EXEC the dispatcher makes its usual checks on each command, then hands it to {@link #queue}
 * instead of running it; only the transaction controls (and QUIT, RESET) run at once. A command refused by a check
 * dooms the transaction: EXEC answers EXECABORT and runs nothing. Otherwise EXEC runs the queue as one command on the
 * keyspace thread, with one sampled time, blocking commands answering as if timed out, and clients blocked on keys
 * served only after the whole transaction. Errors of single commands at run time (WRONGTYPE...) are just their
 * element of EXEC's reply: nothing is rolled back. WATCHed keys that changed ({@link WatchedKeys}) make EXEC answer a
 * null array instead.
 */
public final class TransactionCommands implements CommandFamily {

    public static final String NOT_ALLOWED_IN_MULTI = "ERR Command not allowed inside a transaction";
    private static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    private static final String EXECABORT_BECAUSE = "EXECABORT Transaction discarded because of: ";
    /** Our own limit (see {@link Transaction}): Redis 7.0 has none short of maxmemory. */
    static final String QUEUE_TOO_BIG = "ERR Transaction queue exceeds 'client-query-buffer-limit'";
    private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String group() {
        return "transactions";
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(
                command("multi", 1, "noscript loading stale fast allow_busy runs_in_multi", this::multi),
                command("exec", 1, "noscript loading stale skip_slowlog runs_in_multi ends_multi", this::exec),
                command("discard", 1, "noscript loading stale fast allow_busy runs_in_multi ends_multi", this::discard),
                command("watch", -2, "noscript loading stale fast allow_busy runs_in_multi", 1, -1, 1, this::watch),
                command("unwatch", 1, "noscript loading stale fast allow_busy", this::unwatch));
    }

    // ---- what the dispatcher asks while a client is in MULTI

    public static boolean isExec(CommandSpec spec) {
        return spec.parent() == null && spec.name().equals("exec");
    }

    /**
     * Queues a checked command and answers QUEUED. A doomed transaction (an earlier error, or a broken WATCH) keeps
     * nothing more, as in Redis; a queue past its memory limit dooms the transaction with an error.
     */
    public static void queue(ServerContext server, ClientSession client, CommandSpec spec, byte[][] argv) {
        Transaction transaction = client.transaction();
        if (!transaction.failed() && !client.watchBroken()
                && !transaction.add(spec, argv, server.protocolLimits().maxQueryBuffer())) {
            transaction.fail();
            client.reply().error(QUEUE_TOO_BIG);
            return;
        }
        if (!spec.has(CommandFlag.DENYOOM) && server.dispatcher().deniedOnOom(spec, argv)) {
            transaction.addQueuedFlag(CommandFlag.DENYOOM); // EVAL of a script declaring flags: EXEC is denyoom
        }
        client.reply().raw(QUEUED);
    }

    /**
     * A central check refused EXEC itself (wrong arity; OOM for a transaction of {@code denyoom} commands): the
     * transaction ends, and the reply says why. Redis answers so even outside MULTI.
     */
    public static void abortExec(ServerContext server, ClientSession client, String error) {
        discardTransaction(server, client);
        String reason = error.startsWith("ERR ") ? error.substring(4) : error;
        client.reply().error(EXECABORT_BECAUSE + reason);
    }

    /** Leaves the transaction and forgets the watches: DISCARD, a failed EXEC, RESET. */
    public static void discardTransaction(ServerContext server, ClientSession client) {
        client.endTransaction();
        server.watchedKeys().unwatchAll(client);
    }

    // ---- the commands

    private void multi(CommandCall c) {
        ClientSession client = c.client();
        if (client.inMulti()) {
            throw new RedisError("ERR MULTI calls can not be nested");
        }
        client.beginTransaction();
        c.reply().ok();
    }

    private void exec(CommandCall c) {
        ClientSession client = c.client();
        ServerContext server = c.server();
        Transaction transaction = client.transaction();
        if (transaction == null) {
            throw new RedisError("ERR EXEC without MULTI");
        }
        if (transaction.failed()) {
            discardTransaction(server, client);
            throw new RedisError(EXECABORT);
        }
        WatchedKeys watched = server.watchedKeys();
        boolean broken = watched.broken(client);
        watched.unwatchAll(client); // before running: the transaction's own writes must not count
        if (broken) {
            client.endTransaction();
            c.reply().nullArray();
            return;
        }
        List<Transaction.Queued> commands = transaction.commands();
        boolean denyBlocking = client.denyBlocking();
        client.denyBlocking(true);
        try {
            c.reply().array(commands.size());
            for (Transaction.Queued queued : commands) {
                server.dispatcher().runQueued(client, queued.spec(), queued.argv());
            }
        } finally {
            client.denyBlocking(denyBlocking);
            client.endTransaction();
        }
    }

    private void discard(CommandCall c) {
        if (!c.client().inMulti()) {
            throw new RedisError("ERR DISCARD without MULTI");
        }
        discardTransaction(c.server(), c.client());
        c.reply().ok();
    }

    private void watch(CommandCall c) {
        ClientSession client = c.client();
        if (client.inMulti()) {
            throw new RedisError("ERR WATCH inside MULTI is not allowed");
        }
        WatchedKeys watched = c.server().watchedKeys();
        for (byte[] key : c.args().rest()) {
            watched.watch(client, client.db(), key);
        }
        c.reply().ok();
    }

    private void unwatch(CommandCall c) {
        c.server().watchedKeys().unwatchAll(c.client());
        c.reply().ok();
    }
}
