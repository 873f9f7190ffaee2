package io.miniredis.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code maxmemory-clients}: when the memory of all clients together reaches the limit, the clients using the most
 * are disconnected until the total is under it, as Redis 7.0 does; clients with {@code CLIENT NO-EVICT on} are
 * never disconnected, though their memory counts in the total.
 *
 * <p>Like Redis, each client's figure ({@link ClientMemory#total}) is remembered on the session and the remembered
 * figures are summed as they change: a client is measured again after each reply batch written to it (an O(1)
 * update of the total), and every client by the cron, which sees output drained by the socket and query buffers
 * filling. When the sum reaches the limit every client is measured afresh (the remembered figures can only be
 * stale upwards, by output the socket has taken since) and the biggest evictable clients go first. Redis groups
 * clients in power-of-two buckets and evicts from the biggest bucket; this evicts the exact biggest.
 *
 * <p>The limit: {@code maxmemory-clients} bytes, or a percentage of {@code maxmemory} (none while maxmemory is 0),
 * never less than 128 KB (Redis's floor, so that a too small value cannot cut every connection). While it is 0
 * nothing is tracked: the write path tests one boolean. Keyspace thread only.
 */
public final class ClientEviction {

    private static final System.Logger LOG = System.getLogger(ClientEviction.class.getName());
    /** Redis's floor for the effective limit. */
    static final long MIN_LIMIT = 128 * 1024;

    private final ClientRegistry clients;
    private String setting = "0";
    private long maxmemory;
    /** The effective limit in bytes; 0 = client eviction off. */
    private long limit;
    /** The sum of the clients' remembered figures, while the limit is on. */
    private long tracked;
    /** The last full pass could not get under the limit (only no-evict clients left): skip passes for them. */
    private boolean stuck;

    private long evicted;

    ClientEviction(ClientRegistry clients) {
        this.clients = clients;
    }

    /** CONFIG SET maxmemory-clients (the canonical value: bytes or {@code N%}). */
    void setting(String value) {
        setting = value;
        recompute();
    }

    /** CONFIG SET maxmemory (a percentage setting follows it). */
    void maxmemory(long bytes) {
        maxmemory = bytes;
        recompute();
    }

    private void recompute() {
        long bytes;
        if (setting.endsWith("%")) {
            long percent = Long.parseLong(setting.substring(0, setting.length() - 1));
            bytes = maxmemory > 0 ? (long) ((double) maxmemory * percent / 100) : 0;
        } else {
            bytes = Long.parseLong(setting);
        }
        long newLimit = bytes > 0 ? Math.max(bytes, MIN_LIMIT) : 0;
        boolean wasOn = limit > 0;
        limit = newLimit;
        if (limit == 0) {
            tracked = 0;
            for (ClientSession client : clients.all()) {
                client.trackedMemory(0);
            }
        } else {
            if (!wasOn) {
                tracked = 0; // figures start from zero: the pass below measures everyone
            }
            evictAsNeeded();
        }
    }

    /** The one test on the write path while the limit is off. */
    public boolean enabled() {
        return limit > 0;
    }

    /** The effective limit in bytes, 0 when off. */
    public long limit() {
        return limit;
    }

    /** INFO stats {@code evicted_clients}. */
    public long evictedClients() {
        return evicted;
    }

    /** CONFIG RESETSTAT. */
    public void resetStats() {
        evicted = 0;
    }

    /**
     * INFO {@code mem_clients_normal}, MEMORY STATS {@code clients.normal}: every client measured now (a walk over
     * the clients, for reports only).
     */
    public long clientsMemory() {
        long sum = 0;
        for (ClientSession client : clients.all()) {
            sum += ClientMemory.total(client);
        }
        return sum;
    }

    /** A reply batch was written to {@code client}: its figure again, and eviction if the total reached the limit. */
    void afterWrite(ClientSession client) {
        track(client);
        if (tracked >= limit && (!stuck || !client.noEvict())) {
            evictAsNeeded();
        }
    }

    /** The cron: every client measured again, then eviction if needed. */
    void cron() {
        evictAsNeeded();
    }

    /** A client is gone: its figure leaves the total. */
    void removed(ClientSession client) {
        tracked -= client.trackedMemory();
        client.trackedMemory(0);
    }

    private void track(ClientSession client) {
        long now = ClientMemory.total(client);
        tracked += now - client.trackedMemory();
        client.trackedMemory(now);
    }

    /** Measures every client afresh, then evicts the biggest evictable ones while the total is at the limit. */
    private void evictAsNeeded() {
        if (limit == 0) {
            return;
        }
        for (ClientSession client : clients.all()) {
            if (closing(client)) {
                removed(client); // its channel's last act removes it from the registry
            } else {
                track(client);
            }
        }
        if (tracked < limit) {
            stuck = false;
            return;
        }
        List<ClientSession> candidates = new ArrayList<>();
        for (ClientSession client : clients.all()) {
            if (!client.noEvict() && !closing(client)) {
                candidates.add(client);
            }
        }
        candidates.sort(Comparator.comparingLong((ClientSession client) -> client.trackedMemory())
                .reversed());
        for (ClientSession client : candidates) {
            if (tracked < limit) {
                break;
            }
            evict(client);
        }
        stuck = tracked >= limit;
    }

    /**
     * Evicted, quitting, or closed: with several I/O threads a channel closed from here stays active until its own
     * event loop gets to it, and must not be counted (or evicted) twice meanwhile.
     */
    private static boolean closing(ClientSession client) {
        return client.closeAfterReply() || !client.channel().isActive();
    }

    private void evict(ClientSession client) {
        LOG.log(
                System.Logger.Level.INFO,
                "Evicting client: id=" + client.id() + " addr=" + client.address() + " tot-mem="
                        + client.trackedMemory() + " (maxmemory-clients " + limit + ")");
        evicted++;
        // out of the total now: the registry forgets the client when its channel has closed
        tracked -= client.trackedMemory();
        client.trackedMemory(0);
        client.closeAfterReply(true);
        client.channel().close();
    }
}
