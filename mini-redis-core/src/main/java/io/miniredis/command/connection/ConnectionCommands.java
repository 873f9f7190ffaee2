package io.miniredis.command.connection;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.transaction.Transaction;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH (CLIENT is in {@link ClientCommands}). */
public final class ConnectionCommands implements CommandFamily {

    private static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    @Override
    public String group() {
        return "connection";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("ping", -1, "fast sentinel subscribed_ok", this::ping),
                command("echo", 2, "loading stale fast", c -> c.reply().bulk(c.args().next())),
                command("select", 2, "loading stale fast", this::select),
                command("quit", -1, "allow_busy noscript loading stale fast no_auth runs_in_multi ends_multi subscribed_ok", this::quit),
                command("reset", 1, "noscript loading stale fast no_auth allow_busy runs_in_multi ends_multi subscribed_ok", this::reset),
                command("hello", -1, "noscript loading stale fast no_auth sentinel allow_busy", this::hello),
                command("auth", -2, "noscript loading stale fast no_auth sentinel allow_busy", this::auth));
        // spotless:on
    }

    /** PING [message]: the arity is checked here, as Redis does, since the table's -1 lets any count through. */
    private void ping(CommandCall c) {
        Args args = c.args();
        byte[] message = args.hasNext() ? args.next() : null;
        if (args.hasNext()) {
            throw new RedisError(CommandDispatcher.wrongArity(c.fullName()));
        }
        if (c.client().subscribed() && c.client().protocol() == 2) {
            // pub/sub mode in RESP2: Redis answers with an array a subscriber's message loop can read
            c.reply().array(2).bulk("pong").bulk(message == null ? new byte[0] : message);
            return;
        }
        if (message == null) {
            c.reply().status("PONG");
        } else {
            c.reply().bulk(message);
        }
    }

    private void select(CommandCall c) {
        long index = c.args().nextLong(Integer.MIN_VALUE, Integer.MAX_VALUE, RedisError.NOT_INTEGER);
        if (index < 0 || index >= c.keyspace().databaseCount()) {
            throw RedisError.DB_OUT_OF_RANGE;
        }
        c.client().db((int) index);
        c.reply().ok();
    }

    private void quit(CommandCall c) {
        c.reply().ok();
        c.client().closeAfterReply(true);
    }

    private void reset(CommandCall c) {
        ClientSession client = c.client();
        Transaction.discard(c.server(), client);
        client.db(0);
        client.protocol(2);
        client.name("");
        client.replyMode(ClientSession.ReplyMode.ON);
        client.noEvict(false);
        client.noTouch(false);
        client.authenticated(requirePass(c.server()).isEmpty());
        c.server().pubsub().forget(client);
        c.reply().status("RESET");
    }

    private static final RedisError BAD_PROTOCOL_VERSION =
            new RedisError("ERR Protocol version is not an integer or out of range");
    private static final RedisError NOPROTO = new RedisError("NOPROTO unsupported protocol version");

    /**
     * HELLO [protover [AUTH username password] [SETNAME clientname]]. The version is read and range-checked before
     * anything else; then Redis 7.0 acts on each option as it reads it, so the options are applied here one by one
     * rather than parsed first: an AUTH or SETNAME before a failing option stays done ({@code HELLO 3 SETNAME a
     * bogus} names the client, then fails), and a client not yet authenticated is named before its NOAUTH.
     */
    private void hello(CommandCall c) {
        Args args = c.args();
        int version = 0;
        if (args.hasNext()) {
            long requested = args.nextLong(BAD_PROTOCOL_VERSION);
            if (requested < 2 || requested > 3) {
                throw NOPROTO;
            }
            version = (int) requested;
        }
        ClientSession client = c.client();
        while (args.hasNext()) {
            byte[] option = args.next();
            if (Args.is(option, "AUTH") && args.remaining() >= 2) {
                if (!authenticate(c.server(), args.next(), args.next())) {
                    throw new RedisError(WRONGPASS);
                }
                client.authenticated(true);
            } else if (Args.is(option, "SETNAME") && args.hasNext()) {
                byte[] name = args.next();
                ClientCommands.validateClientName(name);
                client.name(new String(name, StandardCharsets.ISO_8859_1));
            } else {
                throw new RedisError("ERR Syntax error in HELLO option '" + CommandDispatcher.latin1(option) + "'");
            }
        }
        if (!client.authenticated()) {
            throw new RedisError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
        }
        if (version != 0) {
            client.protocol(version);
        }
        Reply reply = c.reply();
        reply.map(7);
        reply.bulk("server").bulk("redis");
        reply.bulk("version").bulk(ServerContext.REDIS_VERSION);
        reply.bulk("proto").integer(client.protocol());
        reply.bulk("id").integer(client.id());
        reply.bulk("mode").bulk("standalone");
        reply.bulk("role").bulk("master");
        reply.bulk("modules").array(0);
    }

    /** AUTH [username] password: more than two arguments is a syntax error before anything else is checked. */
    private void auth(CommandCall c) {
        Args args = c.args();
        byte[] first = args.next();
        byte[] second = args.hasNext() ? args.next() : null;
        args.finish();
        byte[] user;
        byte[] password;
        if (second == null) {
            if (requirePass(c.server()).isEmpty()) {
                throw new RedisError("ERR AUTH <password> called without any password configured for the default "
                        + "user. Are you sure your configuration is correct?");
            }
            user = "default".getBytes(StandardCharsets.US_ASCII);
            password = first;
        } else {
            user = first;
            password = second;
        }
        if (!authenticate(c.server(), user, password)) {
            throw new RedisError(WRONGPASS);
        }
        c.client().authenticated(true);
        c.reply().ok();
    }

    /** Only the default user exists; without requirepass it accepts any password, as Redis's nopass user does. */
    private static boolean authenticate(ServerContext server, byte[] user, byte[] password) {
        if (!"default".equals(new String(user, StandardCharsets.ISO_8859_1))) {
            return false;
        }
        String required = requirePass(server);
        return required.isEmpty() || constantTimeEquals(required.getBytes(StandardCharsets.UTF_8), password);
    }

    private static boolean constantTimeEquals(byte[] a, byte[] b) {
        return java.security.MessageDigest.isEqual(a, b);
    }

    private static String requirePass(ServerContext server) {
        return server.config().get("requirepass");
    }
}
