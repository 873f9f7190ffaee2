package io.miniredis.command.key;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.persistence.DumpPayload;
import io.miniredis.persistence.RdbWriteOptions;
import io.miniredis.protocol.RedisError;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password] [AUTH2 username password]
 * [KEYS key...]: sends keys to another server as RESTORE commands carrying their DUMP payloads, and deletes them
 * here once the target has them (unless COPY).
 *
 * <p>Like Redis, MIGRATE is synchronous: it runs on the keyspace thread, which waits for the target (each connect,
 * write and read bounded by the timeout), so the keys cannot change under it and the reply says what happened to
 * all of them. Other clients wait meanwhile, as they do with Redis.
 */
public final class MigrateCommands implements CommandFamily {

    private static final RedisError KEYS_NEED_EMPTY_KEY =
            new RedisError("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");

    private final MigrateConnections connections = new MigrateConnections();
    /** Whether the cron closes idle connections yet: registered by the first MIGRATE, which has the server. */
    private boolean cronRegistered;

    @Override
    public String group() {
        return "generic";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("migrate", -6, "write", 3, 3, 1, this::migrate));
        // spotless:on
    }

    /** The call's arguments, read in Redis's order: the options first, then the numbers. */
    private record Request(
            String host,
            int port,
            long db,
            int timeoutMillis,
            boolean copy,
            boolean replace,
            byte[][] auth,
            List<byte[]> keys) {

        static Request parse(CommandCall c) {
            byte[][] argv = c.argv();
            Args args = c.args(6);
            boolean copy = false;
            boolean replace = false;
            byte[][] auth = null;
            List<byte[]> keys = null;
            while (args.hasNext() && keys == null) {
                byte[] option = args.next();
                if (Args.is(option, "copy")) {
                    copy = true;
                } else if (Args.is(option, "replace")) {
                    replace = true;
                } else if (Args.is(option, "auth") && args.remaining() >= 1) {
                    auth = new byte[][] {args.next()};
                } else if (Args.is(option, "auth2") && args.remaining() >= 2) {
                    auth = new byte[][] {args.next(), args.next()};
                } else if (Args.is(option, "keys")) {
                    if (argv[3].length != 0) {
                        throw KEYS_NEED_EMPTY_KEY;
                    }
                    keys = new ArrayList<>();
                    while (args.hasNext()) {
                        keys.add(args.next());
                    }
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            long timeout = c.args(5).nextLong();
            long db = c.args(4).nextLong();
            if (timeout <= 0) {
                timeout = 1000;
            }
            int port = atoi(argv[2]); // Redis reads the port with atoi: "x" is port 0, which fails to connect
            return new Request(
                    new String(argv[1], StandardCharsets.UTF_8),
                    port,
                    db,
                    (int) Math.min(timeout, Integer.MAX_VALUE),
                    copy,
                    replace,
                    auth,
                    keys == null ? List.of(argv[3]) : keys);
        }
    }

    private void migrate(CommandCall c) {
        if (!cronRegistered) {
            cronRegistered = true;
            var keyspace = c.keyspace();
            c.server().addCronTask(() -> connections.closeIdle(keyspace.clock().millis()));
        }
        Request request = Request.parse(c);
        Database db = c.db();
        // the keys still here, each with its payload and remaining time to live (an already expired one is skipped)
        List<byte[]> keys = new ArrayList<>();
        ByteArrayOutputStream commands = new ByteArrayOutputStream();
        long now = c.keyspace().now();
        RdbWriteOptions options = RdbWriteOptions.from(c.server().config());
        List<byte[][]> restores = new ArrayList<>();
        for (byte[] key : request.keys()) {
            KeyEntry entry = db.lookupRead(key);
            if (entry == null) {
                continue;
            }
            long ttl = 0;
            if (entry.hasExpiry()) {
                ttl = entry.expireAt() - now;
                if (ttl < 0) {
                    continue;
                }
                ttl = Math.max(ttl, 1);
            }
            keys.add(key);
            byte[] payload = DumpPayload.create(entry.value(), options);
            restores.add(
                    request.replace()
                            ? new byte[][] {bytes("RESTORE"), key, bytes(Long.toString(ttl)), payload, bytes("REPLACE")}
                            : new byte[][] {bytes("RESTORE"), key, bytes(Long.toString(ttl)), payload});
        }
        if (keys.isEmpty()) {
            c.reply().status("NOKEY");
            return;
        }
        boolean retried = false;
        while (true) {
            boolean[] wasCached = new boolean[1];
            MigrateConnections.Connection connection;
            try {
                connection = connections.get(request.host(), request.port(), request.timeoutMillis(), wasCached, now);
            } catch (MigrateConnections.ConnectFailed e) {
                throw new RedisError("IOERR error or timeout connecting to the client");
            } catch (IOException refused) {
                throw new RedisError("IOERR error or timeout writing to target instance");
            }
            Outcome outcome = send(c, connection, request, keys, restores, commands);
            if (outcome == Outcome.DONE) {
                return;
            }
            connections.close(request.host(), request.port());
            // a cached connection the target had closed fails at once: worth one more try on a fresh one
            if (outcome.retriable && wasCached[0] && !retried) {
                retried = true;
                continue;
            }
            throw new RedisError("IOERR error or timeout " + outcome.doing + " to target instance");
        }
    }

    /** How a round with the target ended. */
    private enum Outcome {
        DONE(null, false),
        WRITE_FAILED("writing", true),
        WRITE_TIMED_OUT("writing", false),
        READ_FAILED("reading", true),
        READ_TIMED_OUT("reading", false),
        /** Some keys were already moved when the connection failed: no retry. */
        READ_FAILED_AFTER_PROGRESS("reading", false);

        final String doing;
        final boolean retriable;

        Outcome(String doing, boolean retriable) {
            this.doing = doing;
            this.retriable = retriable;
        }
    }

    private Outcome send(
            CommandCall c,
            MigrateConnections.Connection connection,
            Request request,
            List<byte[]> keys,
            List<byte[][]> restores,
            ByteArrayOutputStream commands) {
        commands.reset();
        if (request.auth() != null) {
            List<byte[]> auth = new ArrayList<>(List.of(bytes("AUTH")));
            auth.addAll(List.of(request.auth()));
            encode(commands, auth.toArray(byte[][]::new));
        }
        boolean select = connection.lastDb != request.db();
        if (select) {
            encode(commands, bytes("SELECT"), bytes(Long.toString(request.db())));
        }
        for (byte[][] restore : restores) {
            encode(commands, restore);
        }
        try {
            commands.writeTo(connection.out);
            connection.out.flush();
        } catch (SocketTimeoutException e) {
            return Outcome.WRITE_TIMED_OUT;
        } catch (IOException e) {
            return Outcome.WRITE_FAILED;
        }
        String authReply = null;
        String selectReply = null;
        try {
            if (request.auth() != null) {
                authReply = connection.readLine();
            }
            if (select) {
                selectReply = connection.readLine();
            }
        } catch (SocketTimeoutException e) {
            return Outcome.READ_TIMED_OUT;
        } catch (IOException e) {
            return Outcome.READ_FAILED;
        }
        String targetError = null;
        Database db = c.db();
        for (int i = 0; i < keys.size(); i++) {
            String reply;
            try {
                reply = connection.readLine();
            } catch (IOException e) {
                if (targetError != null) {
                    connections.close(request.host(), request.port());
                    break; // the target's error is the reply; the connection is dropped
                }
                if (i == 0) {
                    return e instanceof SocketTimeoutException ? Outcome.READ_TIMED_OUT : Outcome.READ_FAILED;
                }
                return Outcome.READ_FAILED_AFTER_PROGRESS;
            }
            String error = authReply != null && authReply.startsWith("-")
                    ? authReply
                    : selectReply != null && selectReply.startsWith("-")
                            ? selectReply
                            : reply.startsWith("-") ? reply : null;
            if (error != null) {
                if (targetError == null) {
                    targetError = error.substring(1);
                    connection.lastDb = -1; // the target's state is unknown: select again next time
                }
            } else if (!request.copy()) {
                byte[] key = keys.get(i);
                if (db.delete(key)) {
                    c.notify(NotifyType.GENERIC, "del", key);
                }
            }
        }
        if (targetError != null) {
            throw new RedisError("ERR Target instance replied with error: " + targetError);
        }
        connection.lastDb = request.db();
        c.reply().ok();
        return Outcome.DONE;
    }

    private static int atoi(byte[] text) {
        int i = 0;
        boolean negative = false;
        if (i < text.length && (text[i] == '-' || text[i] == '+')) {
            negative = text[i++] == '-';
        }
        long value = 0;
        while (i < text.length && text[i] >= '0' && text[i] <= '9' && value < 1 << 20) {
            value = value * 10 + (text[i++] - '0');
        }
        return (int) (negative ? -value : value);
    }

    private static void encode(ByteArrayOutputStream out, byte[]... args) {
        out.writeBytes(bytes("*" + args.length + "\r\n"));
        for (byte[] arg : args) {
            out.writeBytes(bytes("$" + arg.length + "\r\n"));
            out.writeBytes(arg);
            out.writeBytes(bytes("\r\n"));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
