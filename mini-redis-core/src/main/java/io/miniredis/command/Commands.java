package io.miniredis.command;

import java.util.List;

/** The server's command table: every command family, in one place. */
public final class Commands {

    private Commands() {
    }

    public static CommandTable table() {
        return CommandTable.of(List.of(
                new ConnectionCommands(),
                new ClientCommands(),
                new StringCommands(),
                new KeyCommands(),
                new SortCommands(),
                new ListCommands(),
                new HashCommands(),
                new SetCommands(),
                new SortedSetCommands(),
                new PubSubCommands(),
                new ServerCommands(),
                new InfoCommands(),
                new ConfigCommands(),
                new MemoryCommands(),
                new CommandIntrospectionCommands(),
                new TransactionCommands(),
                new ScriptingCommands(),
                new FunctionCommands()));
    }
}
