package io.miniredis.command;

import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Runs one command for one client: lookup, the central checks every command gets (unknown command or subcommand,
 * arity, authentication), then the handler, then statistics and CLIENT REPLY. A handler that fails throws a
 * {@link RedisError}; whatever it had written is discarded and the error becomes the reply.
 */
public final class CommandDispatcher {

    private static final System.Logger LOG = System.getLogger(CommandDispatcher.class.getName());
    public static final String NOAUTH = "NOAUTH Authentication required.";

    private final ServerContext server;

    public CommandDispatcher(ServerContext server) {
        this.server = server;
    }

    public void execute(ClientSession client, byte[][] argv) {
        Reply reply = client.reply();
        ByteBuf out = reply.buffer();
        int mark = out.writerIndex();
        boolean skipped = client.takeSkip();
        run(client, argv, reply, out, mark);
        // Checked after the command ran, so CLIENT REPLY ON is answered and OFF is not.
        if (skipped || client.replyMode() == ClientSession.ReplyMode.OFF) {
            out.writerIndex(mark);
        }
    }

    private void run(ClientSession client, byte[][] argv, Reply reply, ByteBuf out, int mark) {
        CommandSpec spec = server.commands().lookup(argv[0]);
        if (spec == null) {
            reply.error(unknownCommand(argv));
            return;
        }
        if (spec.isContainer() && (argv.length > 1 || spec.handler() == null)) {
            // A bare container name is an arity error, unless the container runs on its own (COMMAND).
            if (argv.length == 1) {
                spec.stats().rejected();
                reply.error(wrongArity(spec));
                return;
            }
            CommandSpec sub = spec.subcommand(argv[1]);
            if (sub == null) {
                reply.error("ERR unknown subcommand '" + truncate(latin1(argv[1]), 128) + "'. Try "
                        + spec.name().toUpperCase(java.util.Locale.ROOT) + " HELP.");
                return;
            }
            spec = sub;
        }
        if (!spec.arityAccepts(argv.length)) {
            spec.stats().rejected();
            reply.error(wrongArity(spec));
            return;
        }
        if (!client.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            spec.stats().rejected();
            reply.error(NOAUTH);
            return;
        }
        String busyScript = server.busyScriptError();
        if (busyScript != null && !spec.has(CommandFlag.ALLOW_BUSY) && !client.isScriptClient()) {
            // a script runs past busy-reply-threshold on the script thread, which owns the keyspace until it ends
            reply.error(busyScript);
            return;
        }
        if (spec.has(CommandFlag.PROTECTED) && !protectedCommandAllowed(client, spec)) {
            spec.stats().rejected();
            reply.error(protectedCommandRefused(spec));
            return;
        }
        server.keyspace().beginCommand(!client.noTouch());
        CommandCall call = client.call();
        call.bind(spec, argv);
        client.lastCommand(spec);
        reply.takeErrorFlag();
        long start = System.nanoTime();
        boolean failed;
        try {
            spec.handler().execute(call);
            failed = reply.takeErrorFlag();
        } catch (RedisError error) {
            out.writerIndex(mark);
            reply.error(error.text());
            failed = true;
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "Command " + spec.fullName() + " failed", bug);
            out.writerIndex(mark);
            reply.error("ERR internal error while running '" + spec.fullName() + "': " + bug);
            failed = true;
        }
        spec.stats().called(System.nanoTime() - start, failed);
        server.stats().commandProcessed(); // like Redis, only commands that ran: rejected ones are not counted
    }

    /**
     * DEBUG (and MODULE) are refused unless {@code enable-<name>-command} is {@code yes}, or {@code local} and the
     * client connects over loopback: Redis's guard against a remote client crashing or stalling the server.
     */
    private boolean protectedCommandAllowed(ClientSession client, CommandSpec spec) {
        String option = protectedOption(spec);
        String value = server.config().parameter(option) == null ? "no" : server.config().get(option);
        return switch (value) {
            case "yes" -> true;
            case "local" -> client.channel().remoteAddress() instanceof java.net.InetSocketAddress inet
                    && inet.getAddress() != null && inet.getAddress().isLoopbackAddress();
            default -> false;
        };
    }

    private static String protectedOption(CommandSpec spec) {
        return "enable-" + spec.name() + "-command";
    }

    private static String protectedCommandRefused(CommandSpec spec) {
        return "ERR " + spec.name().toUpperCase(java.util.Locale.ROOT) + " command not allowed. If the "
                + protectedOption(spec) + " option is set to \"local\", you can run it from a local connection, "
                + "otherwise you need to set this option in the configuration file, and then restart the server.";
    }

    public static String wrongArity(CommandSpec spec) {
        return "ERR wrong number of arguments for '" + spec.fullName() + "' command";
    }

    /** Redis's text: the name and the first arguments, each quoted, in at most about 128 characters. */
    static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            args.append('\'').append(truncate(latin1(argv[i]), 128 - args.length())).append("' ");
        }
        return "ERR unknown command '" + truncate(latin1(argv[0]), 128) + "', with args beginning with: " + args;
    }

    /** Client bytes as text that round-trips byte for byte into an error reply; stops at a NUL like C's %s. */
    public static String latin1(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max));
    }
}
