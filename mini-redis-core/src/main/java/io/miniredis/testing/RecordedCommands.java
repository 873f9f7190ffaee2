package io.miniredis.testing;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A snapshot of what the {@link CommandRecorder} holds: the commands in the order the server received them, and how
 * many were not kept because the recorder was full.
 *
 * @param commands the recorded commands, oldest first
 * @param dropped  commands received while the recorder was full (not in {@code commands})
 * @param capacity how many the recorder keeps
 */
public record RecordedCommands(List<RecordedCommand> commands, long dropped, int capacity) {

    public RecordedCommands {
        commands = List.copyOf(commands);
    }

    /** True when every command received while recording is here. */
    public boolean complete() {
        return dropped == 0;
    }

    /** The commands that satisfy {@code filter} (the dropped count stays: what was dropped is unknown). */
    public RecordedCommands filter(Predicate<RecordedCommand> filter) {
        return new RecordedCommands(commands.stream().filter(filter).toList(), dropped, capacity);
    }

    /** The commands of the connections with this name (CLIENT SETNAME). */
    public RecordedCommands fromClient(String name) {
        return filter(command -> Objects.equals(command.clientName(), name));
    }

    /** The commands the clients sent, without those their scripts ran. */
    public RecordedCommands sentByClients() {
        return filter(command -> !command.fromScript());
    }

    /** The names, in order, lower-case. */
    public List<String> names() {
        return commands.stream().map(RecordedCommand::name).toList();
    }

    /** The commands as lines ({@code GET products::3}), in order. */
    public List<String> lines() {
        return commands.stream().map(RecordedCommand::line).toList();
    }

    /**
     * Round trips: the distinct (connection, read) pairs among the commands the clients sent, each a batch the
     * server read at once and answered with one write.
     */
    public long roundTrips() {
        return commands.stream()
                .filter(command -> !command.fromScript())
                .map(command -> command.clientId() + ":" + command.read())
                .distinct()
                .count();
    }

    public int size() {
        return commands.size();
    }
}
