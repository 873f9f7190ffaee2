package io.miniredis.command;

import io.miniredis.command.transaction.Transaction;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;
import io.miniredis.store.eviction.Evictor;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Runs one command for one client: lookup, the central checks every command gets (unknown command or subcommand,
 * arity, authentication), then the handler, then statistics and CLIENT REPLY. A handler that fails throws a
 * {@link RedisError}; whatever it had written is discarded and the error becomes the reply.
 *
 * <p>Inside MULTI a command that passes the checks is queued instead of run ({@link TransactionCommands}); a check
 * that fails replies through {@link #reject}, which also dooms the transaction, as Redis does for every refusal.
 */
public final class CommandDispatcher {

    private static final System.Logger LOG = System.getLogger(CommandDispatcher.class.getName());
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    public static final String LOADING = "LOADING Redis is loading the dataset in memory";
    public static final String MISCONF =
            "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

    private final ServerContext server;
    private ScriptCallRules scriptRules = ScriptCallRules.NONE;
    private final CommandTable commands;
    /** One call object per nesting level: a command runs inside a command (EXEC, a script, a busy script's hook). */
    private CommandCall[] calls = new CommandCall[4];

    private int depth;

    public CommandDispatcher(ServerContext server, CommandTable commands) {
        this.server = server;
        this.commands = commands;
    }

    public void execute(ClientSession client, byte[][] argv) {
        Reply reply = client.reply();
        ByteBuf out = reply.buffer();
        int mark = out.writerIndex();
        boolean skipped = client.takeSkip();
        run(client, argv, reply, out, mark);
        if (client.deferred()) {
            client.skipNext(skipped); // CLIENT REPLY SKIP still applies when it runs
            return;
        }
        // Checked after the command ran, so CLIENT REPLY ON is answered and OFF is not.
        if (skipped || client.replyMode() == ClientSession.ReplyMode.OFF) {
            client.dropRepliesSince(out, mark); // pub/sub pushes survive, as in Redis 7.0
        }
    }

    private void run(ClientSession client, byte[][] argv, Reply reply, ByteBuf out, int mark) {
        CommandSpec spec = commands.lookup(argv[0]);
        if (spec == null) {
            reject(client, null, reply, unknownCommand(argv));
            return;
        }
        if (spec.isContainer() && (argv.length > 1 || spec.handler() == null)) {
            // A bare container name is an arity error, unless the container runs on its own (COMMAND).
            if (argv.length == 1) {
                reject(client, spec, reply, wrongArity(spec));
                return;
            }
            CommandSpec sub = spec.subcommand(argv[1]);
            if (sub == null) {
                // as in Redis, no command is known yet, so none counts the refusal
                reject(
                        client,
                        null,
                        reply,
                        "ERR unknown subcommand '" + truncate(latin1(argv[1]), 128) + "'. Try "
                                + spec.name().toUpperCase(java.util.Locale.ROOT) + " HELP.");
                return;
            }
            spec = sub;
        }
        if (!spec.arityAccepts(argv.length)) {
            reject(client, spec, reply, wrongArity(spec));
            return;
        }
        // Redis refuses a protected command before asking for authentication
        if (spec.has(CommandFlag.PROTECTED) && !protectedCommandAllowed(client, spec)) {
            reject(client, spec, reply, protectedCommandRefused(spec));
            return;
        }
        if (!client.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            reject(client, spec, reply, NOAUTH);
            return;
        }
        if (client.inMulti() && spec.has(CommandFlag.NO_MULTI)) {
            reject(client, spec, reply, Transaction.NOT_ALLOWED_IN_MULTI);
            return;
        }
        String busyScript = server.busyScriptError();
        // ---- maxmemory: evict before any command, as Redis does; when nothing could be freed, refuse denyoom
        // commands, every command queued inside MULTI (a queue could grow without bound) and an EXEC whose queue
        // holds a denyoom command. Refusals inside MULTI doom the transaction, through reject().
        // Commands a script runs are not checked here (nor evict): the script checks them (RedisLuaApi), by the
        // state its own command found, as Redis does. Nor while a script is busy: its thread owns the keyspace, and
        // Redis too skips eviction then.
        if (server.evictor().limited()
                && !client.isScriptClient()
                && busyScript == null
                && outOfMemoryNow()
                && refusedWhenOutOfMemory(client, spec, argv)) {
            reject(client, spec, reply, OOM);
            return;
        }
        // ---- a failed background save with stop-writes-on-bgsave-error: refuse writes (and PING, as Redis does, so
        // that a client checking the server's health sees it), an EXEC with queued writes among them
        // and the same when the AOF could not be written (the RDB's error first, as Redis checks them)
        String diskError = diskError();
        if (diskError != null && !client.isScriptClient() && deniedOnDiskError(client, spec, argv)) {
            reject(client, spec, reply, diskError);
            return;
        }
        // ---- pub/sub: a RESP2 client with subscriptions may only (un)subscribe, PING, QUIT and RESET
        if (client.subscribed() && client.protocol() == 2 && !spec.has(CommandFlag.SUBSCRIBED_OK)) {
            reject(
                    client,
                    spec,
                    reply,
                    "ERR Can't execute '" + spec.fullName()
                            + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        // ---- the RDB or the AOF is loading (its hook lets clients in): only the commands flagged loading run, as
        // Redis's check after the pub/sub one; the load's own replay client is not refused
        if (server.loading().active() && !client.isScriptClient() && !spec.has(CommandFlag.LOADING)) {
            reject(client, spec, reply, LOADING);
            return;
        }
        // ---- a script runs past busy-reply-threshold, and its hook lets the other clients in for this answer (the
        // last of Redis's refusals: a client refused for a reason above hears that reason, busy script or not)
        if (busyScript != null && !client.isScriptClient() && !spec.has(CommandFlag.ALLOW_BUSY)) {
            reject(client, spec, reply, busyScript);
            return;
        }
        // ---- transactions: between MULTI and EXEC, commands are checked as above, then queued instead of run
        if (client.inMulti()) {
            if (!spec.has(CommandFlag.RUNS_IN_MULTI)) {
                client.lastCommand(spec.fullName());
                Transaction.queue(server, client, spec, argv, deniedOnOom(spec, argv));
                return;
            }
        }
        // ---- end of transactions
        if (server.inIoCallback() && processesEvents(client, spec)) {
            client.deferred(true); // the connection runs it again from a task (see server.KeyspaceLoop)
            return;
        }
        long start = System.nanoTime();
        if (!client.isScriptClient()) {
            // a script's commands keep the time of the command that runs the script: as in Redis, time stands
            // still for a script, so no key expires halfway through it
            server.keyspace().beginCommand(!client.noTouch(), start);
        }
        client.lastCommand(spec.fullName());
        invoke(client, spec, argv, reply, out, mark, start);
    }

    /** The call object of the current nesting level, made on first use (commands run inside commands). */
    private CommandCall callAtDepth() {
        if (depth == calls.length) {
            calls = java.util.Arrays.copyOf(calls, calls.length * 2);
        }
        CommandCall call = calls[depth];
        if (call == null) {
            call = calls[depth] = new CommandCall(server);
        }
        return call;
    }

    /**
     * The command {@code argv} names, its subcommand for a container; null when unknown (test support: faults match
     * commands by name and keys before they run).
     */
    public CommandSpec specOf(byte[][] argv) {
        CommandSpec spec = commands.lookup(argv[0]);
        if (spec != null && spec.isContainer() && argv.length > 1) {
            return spec.subcommand(argv[1]);
        }
        return spec;
    }

    /**
     * Refuses a command with {@code error} as a central check would (an error fault, test support): counted as
     * rejected, an open transaction doomed, a refused EXEC its abort.
     */
    public void refuse(ClientSession client, CommandSpec spec, String error) {
        reject(client, spec, client.reply(), error);
    }

    /** The command table this dispatcher looks commands up in. */
    public CommandTable commands() {
        return commands;
    }

    /**
     * Runs one command of EXEC's queue: the checks were made when it was queued, and the time is the one EXEC
     * sampled (nothing expires halfway through a transaction). Its reply is one element of EXEC's array, its
     * statistics its own, as in Redis.
     */
    public void runQueued(ClientSession client, CommandSpec spec, byte[][] argv) {
        Reply reply = client.reply();
        ByteBuf out = reply.buffer();
        invoke(client, spec, argv, reply, out, out.writerIndex(), System.nanoTime());
    }

    /** Runs the handler; {@code start} is the {@code System.nanoTime()} the command's duration counts from. */
    private void invoke(
            ClientSession client, CommandSpec spec, byte[][] argv, Reply reply, ByteBuf out, int mark, long start) {
        CommandCall call = callAtDepth();
        call.bind(client, spec.name(), spec.fullName(), argv);
        reply.takeErrorFlag();
        boolean failed;
        // propagation (AOF, replicas): the command's argv when it changed something, or the handler's rewrite
        io.miniredis.propagation.Propagator propagator = server.propagator();
        long dirtyBefore = server.keyspace().dirty();
        boolean outerRewritten = propagator.begin();
        depth++;
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
        } finally {
            depth--;
            propagator.end(
                    outerRewritten,
                    client.db(),
                    argv,
                    server.keyspace().dirty() > dirtyBefore,
                    spec.has(CommandFlag.RUNS_SCRIPT) || Transaction.isExec(spec));
        }
        spec.stats().called(System.nanoTime() - start, failed);
        server.stats().commandProcessed(); // like Redis, only commands that ran: rejected ones are not counted
    }

    /**
     * EVAL, FCALL and the like, DEBUG (RELOAD and LOADAOF load with clients let in), and an EXEC whose queue holds
     * one: they may run the event loop nested, so never from inside a socket read.
     */
    private static boolean processesEvents(ClientSession client, CommandSpec spec) {
        if (spec.has(CommandFlag.RUNS_SCRIPT) || spec.has(CommandFlag.PROCESSES_EVENTS)) {
            return true;
        }
        return client.inMulti()
                && Transaction.isExec(spec)
                && (Transaction.of(client).queuedHas(CommandFlag.RUNS_SCRIPT)
                        || Transaction.of(client).queuedHas(CommandFlag.PROCESSES_EVENTS));
    }

    /**
     * Evicts as needed and records whether memory stayed over the limit for the command about to run: a script it
     * runs (EVAL, FCALL, or one inside EXEC) is held to that state, not to memory at each of its own commands.
     */
    private boolean outOfMemoryNow() {
        boolean outOfMemory = server.evictor().performEvictions() == Evictor.Result.FAIL;
        server.outOfMemoryAtCommandStart(outOfMemory);
        return outOfMemory;
    }

    /** Redis's writeCommandsDeniedByDiskError: the failed BGSAVE's MISCONF, else the AOF's, else null. */
    public String diskError() {
        if (server.persistence().writesDenied()) {
            return MISCONF;
        }
        if (server.aof() != null && server.aof().writeError() != null) {
            return "MISCONF Errors writing to the AOF file: " + server.aof().writeError();
        }
        return null;
    }

    private boolean deniedOnDiskError(ClientSession client, CommandSpec spec, byte[][] argv) {
        if (spec.has(CommandFlag.WRITE) || spec.name().equals("ping")) {
            return true;
        }
        if (spec.has(CommandFlag.RUNS_SCRIPT) && scriptRules.mayWrite(spec, argv)) {
            return true;
        }
        return Transaction.isExec(spec)
                && client.inMulti()
                && Transaction.of(client).queuedHas(CommandFlag.WRITE);
    }

    private boolean refusedWhenOutOfMemory(ClientSession client, CommandSpec spec, byte[][] argv) {
        if (deniedOnOom(spec, argv)) {
            return true;
        }
        if (!client.inMulti()) {
            return false;
        }
        if (Transaction.isExec(spec)) {
            return Transaction.of(client).queuedHas(CommandFlag.DENYOOM);
        }
        return !spec.has(CommandFlag.ENDS_MULTI);
    }

    /** Whether this call is refused over maxmemory: a {@code denyoom} command, or a script that says so. */
    public boolean deniedOnOom(CommandSpec spec, byte[][] argv) {
        return spec.has(CommandFlag.DENYOOM)
                || spec.has(CommandFlag.RUNS_SCRIPT) && scriptRules.deniedOnOom(spec, argv);
    }

    /** Who tells what a script being called declared (the scripting side, set by the server). */
    public void scriptRules(ScriptCallRules rules) {
        this.scriptRules = rules;
    }

    /**
     * Answers a command that a central check refused: the one refusal path (Redis's rejectCommand). It counts the
     * refusal against the command (rejected_calls), a refusal inside MULTI dooms the transaction (its EXEC answers
     * EXECABORT), and a refused EXEC is the abort itself, with the reason. Every central check replies through here.
     */
    private void reject(ClientSession client, CommandSpec spec, Reply reply, String error) {
        if (spec != null) {
            spec.stats().rejected();
        }
        if (spec != null && Transaction.isExec(spec)) {
            Transaction.abortExec(server, client, error);
            return;
        }
        if (client.inMulti()) {
            Transaction.of(client).fail();
        }
        reply.error(error);
    }

    /**
     * DEBUG (and MODULE) are refused unless {@code enable-<name>-command} is {@code yes}, or {@code local} and the
     * client connects over loopback: Redis's guard against a remote client crashing or stalling the server.
     */
    private boolean protectedCommandAllowed(ClientSession client, CommandSpec spec) {
        String option = protectedOption(spec);
        String value = server.config().parameter(option) == null
                ? "no"
                : server.config().get(option);
        return switch (value) {
            case "yes" -> true;
            case "local" -> client.isLocal();
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
        return wrongArity(spec.fullName());
    }

    public static String wrongArity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    /** Redis's text: the name and the first arguments, each quoted, in at most about 128 characters. */
    static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            args.append('\'')
                    .append(truncate(latin1(argv[i]), 128 - args.length()))
                    .append("' ");
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
