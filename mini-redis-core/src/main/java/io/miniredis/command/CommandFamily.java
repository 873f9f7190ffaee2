package io.miniredis.command;

import java.util.List;

/** A group of related commands (strings, keys, ...): one class each, declaring its commands as data. */
public interface CommandFamily {

    /** The group COMMAND DOCS reports: {@code string}, {@code generic}, {@code connection}, {@code server}... */
    String group();

    List<CommandSpec> commands();
}
