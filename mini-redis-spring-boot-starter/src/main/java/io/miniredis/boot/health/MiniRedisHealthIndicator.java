package io.miniredis.boot.health;

import io.miniredis.boot.MiniRedisProbe;
import io.miniredis.persistence.aof.AppendOnlyFile;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.RdbPersistence;
import io.miniredis.server.ServerContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The embedded server's health: UP when it answers a PING over a real connection within the timeout, with the
 * figures an operator looks at first; OUT_OF_SERVICE while it loads its data (clients get LOADING); DOWN when it is
 * not running or does not answer.
 */
public class MiniRedisHealthIndicator implements HealthIndicator {

    /** Long enough for a busy server, short enough that a health probe never hangs on a stuck one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final MiniRedisServer server;
    private final MiniRedisProbe probe;

    public MiniRedisHealthIndicator(MiniRedisServer server) {
        this(server, DEFAULT_TIMEOUT);
    }

    public MiniRedisHealthIndicator(MiniRedisServer server, Duration timeout) {
        this.server = server;
        this.probe = new MiniRedisProbe(server, timeout);
    }

    @Override
    public Health health() {
        if (!server.isRunning()) {
            return Health.down()
                    .withDetail("error", "mini-redis is not running")
                    .build();
        }
        // Read before the PING, so that the probe's own connection is not among the connected clients.
        ServerContext context = server.context();
        if (context.loading().active()) {
            // DEBUG RELOAD / LOADAOF: up, but every command without the loading flag answers LOADING for now
            return Health.outOfService()
                    .withDetail("port", server.port())
                    .withDetail("loading", true)
                    .build();
        }
        long uptimeMillis = Math.max(0, context.keyspace().clock().millis() - context.startMillis());
        Health.Builder up = Health.up()
                .withDetail("port", server.port())
                .withDetail("connectedClients", context.clients().connectedCount())
                .withDetail("keys", context.keyspace().totalKeys())
                .withDetail("usedMemory", context.memory().used())
                .withDetail("maxmemory", context.config().getLong("maxmemory"))
                .withDetail("maxmemoryPolicy", context.config().get("maxmemory-policy"))
                .withDetail("uptime", Duration.ofSeconds(uptimeMillis / 1000).toString())
                .withDetail("persistence", persistence(context));
        try {
            Object reply = probe.command("PING");
            if (!"PONG".equals(reply)) {
                return Health.down()
                        .withDetail("error", "PING answered " + reply)
                        .build();
            }
        } catch (Exception e) {
            return Health.down().withDetail("error", "PING failed: " + e).build();
        }
        return up.build();
    }

    /** The last save and the AOF's state, as INFO persistence reports them, for an operator's first look. */
    private static Map<String, Object> persistence(ServerContext context) {
        Map<String, Object> details = new LinkedHashMap<>();
        RdbPersistence rdb = context.persistence();
        details.put("lastSave", Instant.ofEpochSecond(rdb.lastSaveSeconds()).toString());
        details.put("lastBgsaveStatus", rdb.lastBgsaveOk() ? "ok" : "err");
        details.put("changesSinceLastSave", context.keyspace().dirty());
        details.put("bgsaveInProgress", rdb.bgsaveInProgress());
        AppendOnlyFile aof = context.aof();
        boolean aofOn = aof != null && aof.on();
        details.put("aofEnabled", aofOn);
        if (aofOn) {
            details.put("aofLastWriteStatus", aof.writeError() == null ? "ok" : "err");
            details.put("aofLastRewriteStatus", aof.lastRewriteOk() ? "ok" : "err");
        }
        return details;
    }
}
