package io.miniredis.command.scripting;

import io.miniredis.command.CommandDispatcher;
import io.miniredis.command.CommandFlag;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.CommandTable;
import io.miniredis.command.transaction.Transaction;
import io.miniredis.scripting.ScriptCommands;
import io.miniredis.server.ClientSession;
import io.miniredis.server.ServerContext;

/**
 * The command layer's side of {@code redis.call}: Redis 7.0's refusals of a script's commands, in its texts and its
 * order, and running them through the dispatcher as the script's client.
 */
public final class ScriptCommandGate implements ScriptCommands {

    private final ServerContext server;
    private final CommandDispatcher dispatcher;
    private final CommandTable commands;

    public ScriptCommandGate(ServerContext server, CommandDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.commands = dispatcher.commands();
    }

    @Override
    public Verdict check(byte[][] argv, boolean readOnlyScript, boolean refuseDenyOom, boolean wroteAlready) {
        CommandSpec spec = commands.lookup(argv[0]);
        if (spec == null) {
            return Verdict.refused("ERR Unknown Redis command called from script");
        }
        if (spec.isContainer() && argv.length > 1) {
            CommandSpec sub = spec.subcommand(argv[1]);
            if (sub == null) {
                return Verdict.refused("ERR Unknown Redis command called from script");
            }
            spec = sub;
        }
        if (!spec.arityAccepts(argv.length) || (spec.isContainer() && spec.handler() == null)) {
            return Verdict.refused("ERR Wrong number of args calling Redis command from script");
        }
        // DEBUG SET-DISABLE-DENY-SCRIPTS lets scripts call noscript commands, but never the scripting commands
        // themselves (EVAL*, FCALL*, SCRIPT, FUNCTION): run from inside a script they would re-enter the Lua state that
        // is running it (Redis crashes there)
        if (spec.has(CommandFlag.NOSCRIPT) && (!server.denyScriptsDisabled() || "scripting".equals(spec.group()))) {
            return Verdict.refused("ERR This Redis command is not allowed from script");
        }
        // as in Redis, a read-only script may not even publish: may_replicate counts as a write here
        if (readOnlyScript && (spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE))) {
            return Verdict.refused("ERR Write commands are not allowed from read-only scripts.");
        }
        if (spec.has(CommandFlag.WRITE) && !wroteAlready) {
            // writes are refused on a disk error (MISCONF), until the script's first write: a script that wrote
            // cannot be failed halfway, as in Redis
            String diskError = dispatcher.diskError();
            if (diskError != null) {
                return Verdict.refused(diskError);
            }
        }
        if (spec.has(CommandFlag.DENYOOM) && refuseDenyOom) {
            // the dispatcher leaves scripts' commands to this check (see ServerContext#outOfMemoryAtCommandStart)
            return Verdict.refused(CommandDispatcher.OOM);
        }
        return spec.has(CommandFlag.WRITE) ? Verdict.WRITE : Verdict.READ;
    }

    @Override
    public void run(ClientSession scriptClient, byte[][] argv) {
        if (server.testHooks().active()) {
            server.testHooks().scriptCommand(scriptClient.db(), argv);
        }
        dispatcher.execute(scriptClient, argv);
    }

    @Override
    public boolean exists(byte[] name) {
        return commands.lookup(name) != null;
    }

    @Override
    public void resetScriptClient(ClientSession scriptClient) {
        Transaction.discard(server, scriptClient);
        scriptClient.replyMode(ClientSession.ReplyMode.ON);
    }
}
