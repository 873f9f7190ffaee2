package io.miniredis.command.scripting;

import io.miniredis.command.CommandSpec;
import io.miniredis.command.ScriptCallRules;
import io.miniredis.scripting.FunctionLibraries;
import io.miniredis.scripting.Scripting;
import io.miniredis.server.ServerContext;

/**
 * The per-call rules of EVAL*, EVALSHA* and FCALL*: a script that declares flags (a shebang line, a function's
 * flags) and neither {@code no-writes} nor {@code allow-oom} is refused over {@code maxmemory}, as Redis decides per
 * call. An unknown SHA1, an invalid shebang or a missing function is not refused here: the command answers its own
 * error.
 */
public final class ScriptCallFlags implements ScriptCallRules {

    private final ServerContext server;

    public ScriptCallFlags(ServerContext server) {
        this.server = server;
    }

    @Override
    public boolean deniedOnOom(CommandSpec spec, byte[][] argv) {
        return switch (spec.name()) {
            case "eval", "eval_ro" -> Scripting.deniedOnOom(server.scriptingIfStarted(), argv, false);
            case "evalsha", "evalsha_ro" -> Scripting.deniedOnOom(server.scriptingIfStarted(), argv, true);
            case "fcall", "fcall_ro" -> FunctionLibraries.deniedOnOom(server.scriptingIfStarted(), argv);
            default -> false;
        };
    }
}
