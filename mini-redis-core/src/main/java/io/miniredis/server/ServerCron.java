package io.miniredis.server;

import io.miniredis.stats.ServerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis's serverCron, on the keyspace thread, {@code hz} times a second: the active expiry cycle, the rehashing of
 * a key table being resized (activerehashing), the instantaneous metrics, and closing clients idle longer than
 * {@code timeout}. A CONFIG SET hz reschedules it at the new period (MiniRedisServer listens for the change) rather
 * than ticking at a fixed fast base and skipping: no wake-ups beyond the ones hz asks for, and each run's
 * active-expiry budget matches its real period.
 */
final class ServerCron implements Runnable {

    /** Redis gives active expiry 25% of each cron period. */
    private static final int ACTIVE_EXPIRE_CPU_PERCENT = 25;

    /** Redis's cron rehashes for 1 ms per run when a table is being resized. */
    private static final long ACTIVE_REHASH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ServerContext server;
    private long lastTimeoutCheck;
    private volatile long runs;

    ServerCron(ServerContext server) {
        this.server = server;
    }

    /** Milliseconds between runs for the configured hz (Redis clamps hz to 1..500). */
    static long periodMillis(int hz) {
        return 1000L / Math.max(1, Math.min(500, hz));
    }

    /** How many times the cron has run: tests check that a new hz takes effect. */
    long runs() {
        return runs;
    }

    @Override
    public void run() {
        if (server.busyScriptError() != null) {
            return; // the keyspace belongs to a long-running script's thread; Redis's cron waits too
        }
        if (server.loading().active()) {
            return; // DEBUG RELOAD / LOADAOF let clients in while loading; Redis runs no cron then either
        }
        if (server.cronPaused()) {
            return; // DEBUG PAUSE-CRON 1
        }
        runs++;
        long period = periodMillis(server.config().getInt("hz"));
        server.memory().updatePeak();
        server.keyspace().activeExpireCycle(TimeUnit.MILLISECONDS.toNanos(period) * ACTIVE_EXPIRE_CPU_PERCENT / 100);
        if (server.config().getBool("activerehashing")) {
            server.keyspace().activeRehash(ACTIVE_REHASH_NANOS);
        }
        server.blockedClients().serveReadyKeys(); // an expired stream answers its XREADGROUP waiters at once
        long now = server.keyspace().clock().millis();
        ServerStats stats = server.stats();
        stats.opsMeter().sample(now, stats.commandsProcessed(), stats.netInputBytes(), stats.netOutputBytes());
        if (server.clientEviction().enabled()) {
            server.clientEviction().cron(); // sees output the sockets drained and query buffers that filled
        }
        for (Runnable task : server.cronTasks()) {
            task.run();
        }
        if (now - lastTimeoutCheck >= 1000) {
            lastTimeoutCheck = now;
            closeIdleClients(now);
        }
        if (server.aof() != null) {
            server.aof().beforeReplies(); // deletions by active expiry have no reply to wait for
        }
        // the snapshots, in Redis's serverCron order: a scheduled rewrite, the save points, the automatic rewrite,
        // a scheduled BGSAVE (one at a time: each waits while another runs)
        AofPersistence rewrites = server.aofPersistence();
        if (rewrites != null) {
            rewrites.cronScheduled();
        }
        server.persistence().cronSavePoints();
        if (rewrites != null) {
            rewrites.cronAuto();
        }
        server.persistence().cronScheduled();
    }

    private void closeIdleClients(long now) {
        long timeoutSeconds = server.config().getLong("timeout");
        if (timeoutSeconds <= 0) {
            return;
        }
        List<ClientSession> idle = new ArrayList<>();
        for (ClientSession client : server.clients().all()) {
            if ((now - client.lastInteractionMillis()) / 1000 > timeoutSeconds) {
                idle.add(client);
            }
        }
        idle.forEach(client -> client.channel().close());
    }
}
