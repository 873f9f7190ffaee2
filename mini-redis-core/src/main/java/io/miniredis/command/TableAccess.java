package io.miniredis.command;

/**
 * The command table and the dispatcher, for the few families whose commands need them (COMMAND and INFO read the
 * table, CONFIG RESETSTAT resets its counters, EXEC runs its queue through the dispatcher). Handed to those families
 * when the table is built and filled once the server has made its dispatcher: a {@link CommandCall} does not carry
 * them, so that specs, handlers and the dispatcher do not depend on each other in a circle.
 */
public final class TableAccess {

    private CommandTable table;
    private CommandDispatcher dispatcher;

    /** Called once by whoever builds the server, after the table and the dispatcher exist. */
    public void set(CommandTable table, CommandDispatcher dispatcher) {
        this.table = table;
        this.dispatcher = dispatcher;
    }

    public CommandTable table() {
        return table;
    }

    public CommandDispatcher dispatcher() {
        return dispatcher;
    }
}
