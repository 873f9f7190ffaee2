package io.miniredis.command;

/** Runs one command: parse the arguments, act on the keyspace, write the reply. */
@FunctionalInterface
public interface CommandHandler {

    void execute(CommandCall call);
}
