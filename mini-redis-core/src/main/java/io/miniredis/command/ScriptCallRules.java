package io.miniredis.command;

/**
 * What only the script being called can tell about a call of a {@code runs_script} command (EVAL*, FCALL*): the
 * flags its shebang line or its library declared. Redis asks the same per call ({@code getCommandFlags}). The
 * scripting side provides it (see io.miniredis.command.scripting.ScriptCallFlags); the command layer does not know scripts.
 */
public interface ScriptCallRules {

    /** None: no script declares anything (a server that never loaded a script). */
    ScriptCallRules NONE = new ScriptCallRules() {
        @Override
        public boolean deniedOnOom(CommandSpec spec, byte[][] argv) {
            return false;
        }

        @Override
        public boolean mayWrite(CommandSpec spec, byte[][] argv) {
            return false;
        }
    };

    /** Whether this call is refused when memory is over {@code maxmemory}, as a {@code denyoom} command would be. */
    boolean deniedOnOom(CommandSpec spec, byte[][] argv);

    /** Whether this call counts as a write (refused with MISCONF on a disk error): a script that may write. */
    boolean mayWrite(CommandSpec spec, byte[][] argv);
}
