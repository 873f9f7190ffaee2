package io.miniredis.command.connection;

import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.miniredis.command.CommandSpec.command;
import static io.miniredis.command.CommandSpec.container;
import io.miniredis.protocol.RedisError;
import io.miniredis.command.transaction.TransactionCommands;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.Args;
import io.miniredis.command.CommandSpec;

/** Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH (CLIENT is in {@link ClientCommands}). */
public final class ConnectionCommands implements CommandFamily {

    private static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    @Override
    public String group() {
        return "connection";
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(
                command("ping", -1, "fast sentinel subscribed_ok", this::ping),
                command("echo", 2, "loading stale fast", c -> c.reply().bulk(c.arg(1))),
                command("select", 2, "loading stale fast", this::select),
                command("quit", -1, "allow_busy noscript loading stale fast no_auth runs_in_multi ends_multi subscribed_ok", this::quit),
                command("reset", 1, "noscript loading stale fast no_auth allow_busy runs_in_multi ends_multi subscribed_ok", this::reset),
                command("hello", -1, "noscript loading stale fast no_auth sentinel allow_busy", this::hello),
                command("auth", -2, "noscript loading stale fast no_auth sentinel allow_busy", this::auth));
    }

    private void ping(CommandCall c) {
        if (c.argc() > 2) {
            throw new RedisError(CommandDispatcher.wrongArity(c.spec()));
        }
        if (c.client().subscribed() && c.client().protocol() == 2) {
            // pub/sub mode in RESP2: Redis answers with an array a subscriber's message loop can read
            c.reply().array(2).bulk("pong").bulk(c.argc() == 1 ? new byte[0] : c.arg(1));
            return;
        }
        if (c.argc() == 1) {
            c.reply().status("PONG");
        } else {
            c.reply().bulk(c.arg(1));
        }
    }

    private void select(CommandCall c) {
        long index = Args.toLong(c.arg(1));
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            throw RedisError.NOT_INTEGER;
        }
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
        TransactionCommands.discardTransaction(c.server(), client);
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

    private void hello(CommandCall c) {
        int version = 0;
        int next = 1;
        if (c.argc() >= 2) {
            long requested;
            try {
                requested = io.miniredis.protocol.Numbers.parseLong(c.arg(next++));
            } catch (io.miniredis.protocol.Numbers.NotANumber e) {
                throw new RedisError("ERR Protocol version is not an integer or out of range");
            }
            if (requested < 2 || requested > 3) {
                throw new RedisError("NOPROTO unsupported protocol version");
            }
            version = (int) requested;
        }
        byte[] user = null;
        byte[] password = null;
        byte[] name = null;
        for (int j = next; j < c.argc(); j++) {
            int more = c.argc() - 1 - j;
            if (Args.is(c.arg(j), "AUTH") && more >= 2) {
                user = c.arg(j + 1);
                password = c.arg(j + 2);
                j += 2;
            } else if (Args.is(c.arg(j), "SETNAME") && more >= 1) {
                name = c.arg(j + 1);
                ClientCommands.validateClientName(name);
                j++;
            } else {
                throw new RedisError("ERR Syntax error in HELLO option '" + CommandDispatcher.latin1(c.arg(j)) + "'");
            }
        }
        ClientSession client = c.client();
        if (user != null && !authenticate(c.server(), user, password)) {
            throw new RedisError(WRONGPASS);
        }
        if (user != null) {
            client.authenticated(true);
        }
        if (!client.authenticated()) {
            throw new RedisError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
        }
        if (name != null) {
            client.name(new String(name, StandardCharsets.ISO_8859_1));
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

    private void auth(CommandCall c) {
        if (c.argc() > 3) {
            throw RedisError.SYNTAX;
        }
        byte[] user;
        byte[] password;
        if (c.argc() == 2) {
            if (requirePass(c.server()).isEmpty()) {
                throw new RedisError("ERR AUTH <password> called without any password configured for the default "
                        + "user. Are you sure your configuration is correct?");
            }
            user = "default".getBytes(StandardCharsets.US_ASCII);
            password = c.arg(1);
        } else {
            user = c.arg(1);
            password = c.arg(2);
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
