package io.miniredis.command.transaction;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.TableAccess;
import io.miniredis.protocol.RedisError;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;
import io.miniredis.server.WatchedKeys;
import java.util.List;

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

    private final TableAccess access;

    public TransactionCommands(TableAccess access) {
        this.access = access;
    }

    private static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    /** Our own limit (see {@link Transaction}): Redis 7.0 has none short of maxmemory. */
    @Override
    public String group() {
        return "transactions";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("multi", 1, "noscript loading stale fast allow_busy runs_in_multi", this::multi),
                command("exec", 1, "noscript loading stale skip_slowlog runs_in_multi ends_multi", this::exec),
                command("discard", 1, "noscript loading stale fast allow_busy runs_in_multi ends_multi", this::discard),
                command("watch", -2, "noscript loading stale fast allow_busy runs_in_multi", 1, -1, 1, this::watch),
                command("unwatch", 1, "noscript loading stale fast allow_busy", this::unwatch));
        // spotless:on
    }

    // ---- the commands

    private void multi(CommandCall c) {
        ClientSession client = c.client();
        if (client.inMulti()) {
            throw new RedisError("ERR MULTI calls can not be nested");
        }
        client.beginTransaction(new Transaction());
        c.reply().ok();
    }

    private void exec(CommandCall c) {
        ClientSession client = c.client();
        ServerContext server = c.server();
        Transaction transaction = Transaction.of(client);
        if (transaction == null) {
            throw new RedisError("ERR EXEC without MULTI");
        }
        if (transaction.failed()) {
            Transaction.discard(server, client);
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
        boolean inExec = server.inExec(true);
        try {
            c.reply().array(commands.size());
            for (Transaction.Queued queued : commands) {
                access.dispatcher().runQueued(client, queued.spec(), queued.argv());
            }
        } finally {
            server.inExec(inExec);
            client.denyBlocking(denyBlocking);
            client.endTransaction();
        }
    }

    private void discard(CommandCall c) {
        if (!c.client().inMulti()) {
            throw new RedisError("ERR DISCARD without MULTI");
        }
        Transaction.discard(c.server(), c.client());
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
