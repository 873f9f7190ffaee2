package io.miniredis.command;

import java.util.List;

/** TODO(issue 2): being written. */
public final class KeyCommands implements CommandFamily {

    @Override
    public String group() {
        return "generic";
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of();
    }
}
