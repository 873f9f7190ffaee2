package io.miniredis.command.scripting;

import io.miniredis.command.CommandSpec;
import io.miniredis.command.ScriptCallRules;
import io.miniredis.scripting.FunctionLibraries;
import io.miniredis.scripting.Scripting;
import io.miniredis.server.ServerContext;
import java.util.Set;

/**
 * The per-call rules of EVAL*, EVALSHA* and FCALL*: a script that declares flags (a shebang line, a function's
 * flags) and neither {@code no-writes} nor {@code allow-oom} is refused over {@code maxmemory}, and one without
 * {@code no-writes} while writes are refused on a disk error (MISCONF), as Redis decides per call. An unknown SHA1, an invalid shebang or a missing function is not refused here: the command answers its own
 * error.
 */
public final class ScriptCallFlags implements ScriptCallRules {

    private final ServerContext server;

    public ScriptCallFlags(ServerContext server) {
        this.server = server;
    }

    @Override
    public boolean deniedOnOom(CommandSpec spec, byte[][] argv) {
        Set<FunctionLibraries.Flag> flags = declaredFlags(spec, argv);
        return flags != null
                && !flags.contains(FunctionLibraries.Flag.NO_WRITES)
                && !flags.contains(FunctionLibraries.Flag.ALLOW_OOM);
    }

    @Override
    public boolean mayWrite(CommandSpec spec, byte[][] argv) {
        Set<FunctionLibraries.Flag> flags = declaredFlags(spec, argv);
        return flags != null && !flags.contains(FunctionLibraries.Flag.NO_WRITES);
    }

    /** What the called script declares; null when it declares nothing (a script without a shebang) or is unknown. */
    private Set<FunctionLibraries.Flag> declaredFlags(CommandSpec spec, byte[][] argv) {
        return switch (spec.name()) {
            case "eval", "eval_ro" -> Scripting.declaredFlags(server.scriptingIfStarted(), argv, false);
            case "evalsha", "evalsha_ro" -> Scripting.declaredFlags(server.scriptingIfStarted(), argv, true);
            case "fcall", "fcall_ro" -> FunctionLibraries.declaredFlags(server.scriptingIfStarted(), argv);
            default -> null;
        };
    }
}
