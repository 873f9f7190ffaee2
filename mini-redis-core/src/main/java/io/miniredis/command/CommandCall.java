package io.miniredis.command;

import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;
import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;


/** One call of a command: the arguments, the client that sent it, where the reply goes, and the server. */
public final class CommandCall {

    private final ServerContext server;
    private final ClientSession client;
    private byte[][] argv;
    private CommandSpec spec;

    public CommandCall(ServerContext server, ClientSession client) {
        this.server = server;
        this.client = client;
    }

    void bind(CommandSpec spec, byte[][] argv) {
        this.spec = spec;
        this.argv = argv;
    }

    public CommandSpec spec() {
        return spec;
    }

    /** The whole command line, for what needs it as it came (notifications, FUNCTION STATS); handlers parse with {@link #args()}. */
    public byte[][] argv() {
        return argv;
    }

    /** The argument parser, from the first argument after the command name (see {@link Args}). */
    public Args args() {
        return new Args(argv, 1);
    }

    /** The argument parser from argument {@code start} (a subcommand's arguments start at 2). */
    public Args args(int start) {
        return new Args(argv, start);
    }

    public Reply reply() {
        return client.reply();
    }

    public ClientSession client() {
        return client;
    }

    public ServerContext server() {
        return server;
    }

    public Keyspace keyspace() {
        return server.keyspace();
    }

    /**
     * Reports keyspace event {@code event} of class {@code type} (a {@link io.miniredis.pubsub.NotifyType}) on
     * {@code key} of the client's database. Call it where Redis does: before or after the reply decides whether a
     * subscribed RESP3 client sees the push before or after its own answer. Costs one int test when notifications
     * are off.
     */
    public void notify(int type, String event, byte[] key) {
        server.notifications().notify(type, event, key, client.db());
    }

    /** {@link #notify(int, String, byte[])} for a key of database {@code db} (MOVE, COPY ... DB). */
    public void notify(int type, String event, byte[] key, int db) {
        server.notifications().notify(type, event, key, db);
    }

    /** The client's selected database. */
    public Database db() {
        return server.keyspace().db(client.db());
    }
}
