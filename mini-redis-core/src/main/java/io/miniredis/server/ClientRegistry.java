package io.miniredis.server;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connected clients. Ids come from one counter as in Redis; the map is touched by the keyspace thread only;
 * the connection count is atomic because the I/O threads check {@code maxclients} when they accept.
 */
public final class ClientRegistry {

    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger connected = new AtomicInteger();
    private final Map<Long, ClientSession> clients = new LinkedHashMap<>();

    long nextId() {
        return nextId.getAndIncrement();
    }

    /** Reserves a connection slot; false when {@code maxclients} are already connected. */
    boolean tryReserve(int maxClients) {
        while (true) {
            int current = connected.get();
            if (current >= maxClients) {
                return false;
            }
            if (connected.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        connected.decrementAndGet();
    }

    void add(ClientSession session) {
        clients.put(session.id(), session);
    }

    void remove(ClientSession session) {
        clients.remove(session.id());
    }

    public ClientSession get(long id) {
        return clients.get(id);
    }

    public Collection<ClientSession> all() {
        return Collections.unmodifiableCollection(clients.values());
    }

    /** Connected clients, readable from any thread. */
    public int connectedCount() {
        return connected.get();
    }
}
