package io.miniredis.bench;

import io.miniredis.server.ClientSession;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerContext;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Constructor;

/**
 * A server that is built but never started (no threads, no sockets) and one client session of it, so the
 * dispatcher can run commands in the benchmark's thread, which is then the keyspace's only thread as the design
 * requires.
 *
 * <p>{@link ClientSession}'s constructor is package-private (sessions are made by the server when a connection is
 * accepted), so it is called by reflection; the session's channel is an {@link EmbeddedChannel} that nothing is
 * written to (replies go to the buffer the benchmark gives the session's {@code Reply}). A public factory for a
 * detached session in the core would make this reflection unnecessary.
 */
final class DetachedClient {

    final MiniRedisServer server;
    final ServerContext context;
    final ClientSession session;

    DetachedClient() {
        server = MiniRedisServer.builder().port(0).build();
        context = server.context();
        try {
            Constructor<ClientSession> constructor = ClientSession.class.getDeclaredConstructor(
                    long.class, int.class, Channel.class, ServerContext.class, boolean.class);
            constructor.setAccessible(true);
            session = constructor.newInstance(1L, 10, new EmbeddedChannel(), context, true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ClientSession's constructor changed; update DetachedClient", e);
        }
    }
}
