package io.miniredis.command;

import java.util.List;

/** TODO(issue 2): being written. */
public final class ConfigCommands implements CommandFamily {

    @Override
    public String group() {
        return "server";
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of();
    }
}
