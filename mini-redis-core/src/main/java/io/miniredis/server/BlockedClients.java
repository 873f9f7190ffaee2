package io.miniredis.server;

import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;
import io.miniredis.store.KeyspaceListener;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BLMPOP; BZPOPMIN, BZMPOP and XREAD BLOCK use the same API), the way Redis
 * does it: no thread ever waits.
 *
 * <h2>For a blocking command</h2>
 * Commands do not call this directly: {@code io.miniredis.command.BlockingServe} serves the client at once when it
 * can, and otherwise calls {@link #block(ClientSession, byte[][], long, BlockedCommand)} with the keys, the timeout
 * and a {@link BlockedCommand} saying how to serve it later. The client is parked in a per-database queue of each
 * key, oldest first; its connection stops running its further commands (they queue up, as Redis leaves them in the
 * query buffer) until it is unblocked. Inside MULTI/EXEC or a script ({@link ClientSession#denyBlocking()}) nothing
 * is parked: the command answers at once as a timeout would, as Redis does.
 *
 * <h2>How a client is served</h2>
 * Every change to a key that someone waits on marks the key ready (this class listens to the keyspace). After each
 * command a client sent has finished (the connection handler calls {@link #serveReadyKeys()}; a transaction or a
 * script counts as one command) the ready keys are taken in the order they became ready, and for each the clients
 * waiting on it are offered it in the order they blocked, until one of them leaves the key missing. A served
 * client's reply is written and flushed on its channel at once; what it changes is a normal change, so BLMOVE
 * pushing to a key others wait on marks that key ready in turn and serves them in the same pass.
 *
 * <h2>Other ends of a wait</h2>
 * The timeout (a task on the keyspace thread) and {@code CLIENT UNBLOCK ... TIMEOUT} answer with a null array
 * (RESP2 {@code *-1}, RESP3 {@code _}); {@code CLIENT UNBLOCK ... ERROR} with {@code -UNBLOCKED ...}; a client that
 * disconnects is simply removed. Everything here runs on the keyspace thread.
 */
public final class BlockedClients implements KeyspaceListener {

    private static final System.Logger LOG = System.getLogger(BlockedClients.class.getName());
    public static final String UNBLOCKED_ERROR = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    /** Timeouts longer than this (about 290 years) never fire: Redis's deadline would overflow anyway. */
    private static final long FOREVER_MILLIS = Long.MAX_VALUE / 1_000_000;

    private final Keyspace keyspace;
    private final ServerContext server;
    /** Who waits on each key, oldest first; a key is here only while someone waits on it. */
    private final Map<Waiter.Key, ArrayDeque<Waiter>> waiting = new HashMap<>();
    /** Keys changed since the last pass, in the order they changed, each once. */
    private final LinkedHashSet<Waiter.Key> ready = new LinkedHashSet<>();

    private int blockedCount;
    private int withTimeoutCount;
    private boolean serving;

    BlockedClients(ServerContext server) {
        this.server = server;
        this.keyspace = server.keyspace();
    }

    /**
     * Blocks {@code client} on {@code keys} (in its selected database) until {@code command} serves it, {@code
     * timeoutMillis} pass (0: no timeout), or it is unblocked. The handler must not have written a reply; MULTI and
     * scripts never get here (see io.miniredis.command.BlockingServe).
     */
    public void block(ClientSession client, byte[][] keys, long timeoutMillis, BlockedCommand command) {
        int db = client.db();
        LinkedHashSet<Waiter.Key> distinct = new LinkedHashSet<>();
        for (byte[] key : keys) {
            distinct.add(new Waiter.Key(db, key));
        }
        Waiter waiter = new Waiter(client, distinct.toArray(Waiter.Key[]::new), command);
        for (Waiter.Key key : waiter.keys) {
            waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(waiter);
        }
        if (timeoutMillis > 0 && timeoutMillis < FOREVER_MILLIS) {
            // the deadline is the server clock's (as Redis's, from the command's time); a manual clock times the
            // client out as a test moves it past the deadline (dueBy), the system clock through a timer
            waiter.deadline = keyspace.now() + timeoutMillis;
            if (!server.clock().isManual()) {
                waiter.timer =
                        server.keyspaceThread().schedule(() -> timedOut(waiter), timeoutMillis, TimeUnit.MILLISECONDS);
            }
            withTimeoutCount++;
        }
        blockedCount++;
        client.blockedOn(waiter);
    }

    /** Blocked clients, for INFO's {@code blocked_clients}. */
    public int blockedCount() {
        return blockedCount;
    }

    /** Blocked clients with a timeout, for INFO's {@code clients_in_timeout_table}. */
    public int withTimeoutCount() {
        return withTimeoutCount;
    }

    /** Keys someone waits on, over all databases. */
    public int waitedKeyCount() {
        return waiting.size();
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        if (waiting.isEmpty()) {
            return;
        }
        Waiter.Key waited = new Waiter.Key(db.index(), key);
        if (waiting.containsKey(waited)) {
            ready.add(waited);
        }
    }

    /** An expired or evicted key: a waiter that must hear of a key gone (XREADGROUP) is told. */
    @Override
    public void keyExpired(Database db, byte[] key) {
        keyModified(db, key);
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        keyModified(db, key);
    }

    /**
     * SWAPDB (or a flush): whatever is waited on in {@code db} may now hold something else, or nothing (which a
     * waiting XREADGROUP hears of; the others are passed over while their key is missing).
     */
    @Override
    public void databaseChanged(Database db) {
        if (waiting.isEmpty()) {
            return;
        }
        for (Waiter.Key waited : waiting.keySet()) {
            if (waited.db() == db.index()) {
                ready.add(waited);
            }
        }
    }

    /**
     * Serves the clients waiting on the keys that became ready, oldest first, until no ready key is left (serving
     * can make more keys ready). Called after every command a client sent; cheap when nothing is ready.
     */
    public void serveReadyKeys() {
        if (server.busyScriptError() != null) {
            return; // a busy script owns the keyspace: served when it ends
        }
        if (ready.isEmpty() || serving) {
            return;
        }
        serving = true;
        try {
            while (!ready.isEmpty()) {
                Iterator<Waiter.Key> first = ready.iterator();
                Waiter.Key key = first.next();
                first.remove(); // a change made while serving it marks it ready again
                serve(key);
            }
        } finally {
            serving = false;
        }
    }

    private void serve(Waiter.Key key) {
        ArrayDeque<Waiter> queue = waiting.get(key);
        if (queue == null) {
            return;
        }
        Database db = keyspace.db(key.db());
        for (Waiter waiter : queue.toArray(Waiter[]::new)) {
            if (db.peek(key.key()) == null && !waiter.command.wantsMissingKey()) {
                continue; // emptied and deleted: only a reader told of that (XREADGROUP) can be answered
            }
            if (waiter.client.blockedOn() == waiter && waiter.client.channel().isActive()) {
                tryServe(waiter, key.key());
            }
        }
    }

    private void tryServe(Waiter waiter, byte[] key) {
        ClientSession client = waiter.client;
        ByteBuf out = client.channel().alloc().ioBuffer(64);
        Reply reply = client.reply();
        reply.target(out);
        boolean served;
        // what serving it propagates is one unit, as Redis's: several commands (a group read's consumer creation
        // and position) go out in MULTI/EXEC
        boolean outer = server.propagator().beginBlockedServe();
        try {
            served = waiter.command.tryServe(key);
        } catch (RedisError error) {
            out.clear();
            reply.error(error.text());
            served = true;
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "Serving blocked client " + client.id() + " failed", bug);
            out.clear();
            reply.error("ERR internal error while serving a blocked client: " + bug);
            served = true;
        } finally {
            server.propagator().endBlockedServe(outer, client.db());
        }
        if (!served) {
            reply.target(null); // no reply after all: nothing of this client's is running any more
            out.release();
            return;
        }
        end(waiter);
        client.unblocked(out);
    }

    /** The timeout reply, unless the client was answered or unblocked meanwhile. */
    void timedOut(Waiter waiter) {
        if (server.busyScriptError() != null) {
            server.whenNotBusy(() -> timedOut(waiter));
            return;
        }
        if (waiter.client.blockedOn() != waiter) {
            return;
        }
        waiter.timer = null; // it fired: nothing to cancel
        end(waiter);
        answer(waiter.client, Reply::nullArray);
    }

    /**
     * The blocked clients whose deadline is at or before {@code millis} (server clock), earliest first: what a manual
     * clock moved to {@code millis} times them out ({@link #timedOut}).
     */
    java.util.List<Waiter> dueBy(long millis) {
        java.util.List<Waiter> due = new java.util.ArrayList<>();
        for (ClientSession client : server.clients().all()) {
            Waiter waiter = client.blockedOn();
            if (waiter != null && waiter.deadline != 0 && waiter.deadline <= millis) {
                due.add(waiter);
            }
        }
        due.sort(java.util.Comparator.comparingLong(w -> w.deadline));
        return due;
    }

    /**
     * CLIENT UNBLOCK: ends the wait of client {@code id} as a timeout would, or with the UNBLOCKED error. False when
     * there is no such client or it is not blocked.
     */
    public boolean unblock(long id, boolean withError) {
        ClientSession client = server.clients().get(id);
        if (client == null || client.blockedOn() == null) {
            return false;
        }
        end(client.blockedOn());
        answer(client, withError ? reply -> reply.error(UNBLOCKED_ERROR) : Reply::nullArray);
        return true;
    }

    /** The client's connection closed: it stops waiting, without a reply. */
    void disconnected(ClientSession client) {
        Waiter waiter = client.blockedOn();
        if (waiter != null) {
            end(waiter);
        }
    }

    private void answer(ClientSession client, Consumer<Reply> write) {
        ByteBuf out = client.channel().alloc().ioBuffer(32);
        client.reply().target(out);
        write.accept(client.reply());
        client.unblocked(out);
    }

    /** Takes the waiter out of every queue and cancels its timer; the client is no longer blocked. */
    private void end(Waiter waiter) {
        for (Waiter.Key key : waiter.keys) {
            ArrayDeque<Waiter> queue = waiting.get(key);
            if (queue != null) {
                queue.remove(waiter);
                if (queue.isEmpty()) {
                    waiting.remove(key);
                }
            }
        }
        if (waiter.timer != null) {
            waiter.timer.cancel(false);
            waiter.timer = null;
        }
        if (waiter.deadline != 0) {
            waiter.deadline = 0;
            withTimeoutCount--;
        }
        blockedCount--;
        waiter.client.blockedOn(null);
    }
}
