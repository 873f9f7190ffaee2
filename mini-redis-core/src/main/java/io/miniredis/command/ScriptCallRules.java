package io.miniredis.command;

/**
 * What only the script being called can tell about a call of a {@code runs_script} command (EVAL*, FCALL*): the
 * flags its shebang line or its library declared. Redis asks the same per call ({@code getCommandFlags}). The
 * scripting side provides it (see io.miniredis.command.scripting.ScriptCallFlags); the command layer does not know scripts.
 */
public interface ScriptCallRules {

    /** None: no script declares anything (a server that never loaded a script). */
    ScriptCallRules NONE = (spec, argv) -> false;

    /** Whether this call is refused when memory is over {@code maxmemory}, as a {@code denyoom} command would be. */
    boolean deniedOnOom(CommandSpec spec, byte[][] argv);
}
