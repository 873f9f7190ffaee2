package io.miniredis.server;

import io.miniredis.command.CommandDispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A connection-less client that runs commands through the dispatcher, one keyspace time each, as Redis's AOF
 * client does: the AOF's replay at start, and fixtures ({@code io.miniredis.testing.Fixtures}). Its replies are
 * dropped but for errors, whose text {@link #run} returns. On the keyspace thread only.
 */
public final class LocalCommands {

    private final ServerContext server;
    private final CommandDispatcher dispatcher;
    private final ClientSession client;
    private final ByteBuf out = Unpooled.buffer(256);

    public LocalCommands(ServerContext server, CommandDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.client = ClientSession.scriptClient(
                error -> {}, server.keyspace().clock().millis());
        client.mustObey(true);
    }

    /** Runs {@code argv}; returns the error reply's text (without the {@code -}) when it failed, else null. */
    public String run(byte[][] argv) {
        out.clear();
        client.reply().target(out);
        server.keyspace().beginCommand(false);
        dispatcher.execute(client, argv);
        client.reply().target(null);
        if (out.readableBytes() > 0 && out.getByte(0) == '-') {
            return out.toString(1, Math.min(out.readableBytes() - 1, 200), StandardCharsets.UTF_8)
                    .strip();
        }
        return null;
    }
}
