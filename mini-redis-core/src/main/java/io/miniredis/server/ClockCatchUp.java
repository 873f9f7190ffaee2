package io.miniredis.server;

import io.miniredis.store.Keyspace;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * What the server does when a test moves its manual clock ({@link io.miniredis.testing.ServerClock}): what Redis
 * would have done in the time that passed, before the move returns. Every key whose expiry came by then is expired
 * (its {@code expired} notification published, its deletion propagated) and every blocked client whose deadline came
 * gets its timeout reply, all in the order of their times; a key's expiry waking a blocked reader (an XREADGROUP on
 * a stream that is gone) is served in between. Runs on the keyspace thread; the caller waits for it.
 */
final class ClockCatchUp implements LongConsumer {

    private static final long WAIT_SECONDS = 60;

    private final ServerContext server;

    ClockCatchUp(ServerContext server) {
        this.server = server;
    }

    @Override
    public void accept(long millis) {
        if (server.keyspaceThread().inEventLoop()) {
            server.whenNotBusy(() -> catchUp(millis));
            return;
        }
        try {
            // a busy script or a load owns the keyspace: caught up when it ends, as Redis's cron would be
            server.keyspaceThread()
                    .submit(() -> server.whenNotBusy(() -> catchUp(millis)))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the server caught up with its clock", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The server could not catch up with its clock: " + e, e);
        }
    }

    private void catchUp(long millis) {
        Keyspace keyspace = server.keyspace();
        BlockedClients blocked = server.blockedClients();
        List<Keyspace.Due> keys = keyspace.dueBy(millis);
        List<Waiter> waiters = blocked.dueBy(millis);
        int k = 0;
        int w = 0;
        while (k < keys.size() || w < waiters.size()) {
            if (w == waiters.size() || (k < keys.size() && keys.get(k).at() <= waiters.get(w).deadline)) {
                keyspace.expire(keys.get(k++));
                blocked.serveReadyKeys(); // an expired stream answers its XREADGROUP waiters at once
            } else {
                blocked.timedOut(waiters.get(w++));
            }
        }
        keyspace.beginCommand(true); // back to the clock's time for whatever runs next
        if (server.aof() != null) {
            server.aof().beforeReplies(); // the expiries' deletions have no reply to wait for
        }
    }
}
