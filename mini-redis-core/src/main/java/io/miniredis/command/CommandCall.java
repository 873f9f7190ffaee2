package io.miniredis.command;

import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;
import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;

/**
 * One call of a command: the arguments, the client that sent it, where the reply goes, and the server. It knows no
 * command class (the table, the dispatcher: families that need them get a {@link TableAccess}), so handlers, specs
 * and the dispatcher do not depend on each other in a circle. The dispatcher keeps one per nesting level (a script's redis.call, EXEC's queued commands and a busy
 * script's other clients run inside a command) and binds it for each call; what must outlive the call (a blocked
 * client's later serving) takes {@link #detached()}.
 */
public final class CommandCall {

    private final ServerContext server;
    private ClientSession client;
    private byte[][] argv;
    private String name;
    private String fullName;

    CommandCall(ServerContext server) {
        this.server = server;
    }

    void bind(ClientSession client, String name, String fullName, byte[][] argv) {
        this.client = client;
        this.name = name;
        this.fullName = fullName;
        this.argv = argv;
    }

    /** A call of its own with what this one is bound to now, for keeping past the command (a blocked client's). */
    public CommandCall detached() {
        CommandCall copy = new CommandCall(server);
        copy.client = client;
        copy.name = name;
        copy.fullName = fullName;
        copy.argv = argv;
        return copy;
    }

    /** The command's name ({@code zunionstore}; a subcommand's own, {@code get} for CONFIG GET). */
    public String name() {
        return name;
    }

    /** {@code get}, or {@code config|get}: the name Redis puts in error messages. */
    public String fullName() {
        return fullName;
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

    /**
     * Propagates (to the AOF, to replicas) {@code argv} instead of this command's own: Redis's deterministic
     * rewrites (relative times as absolute, SPOP as SREM, a blocking pop as its plain form). Call it several times to
     * propagate several commands; a command that does not call it propagates its argv when it changed something.
     */
    public void propagateAs(byte[]... argv) {
        server.propagator().rewrite(client.db(), argv);
    }

    /**
     * Whether what this call propagates goes anywhere (an AOF, a replica): when not, a handler may skip building a
     * rewrite's arguments ({@link #propagateNothing} then).
     */
    public boolean propagating() {
        return server.propagator().active();
    }

    /** This call propagates nothing, whatever it changed. */
    public void propagateNothing() {
        server.propagator().suppress();
    }

    /** The client's selected database. */
    public Database db() {
        return server.keyspace().db(client.db());
    }
}
