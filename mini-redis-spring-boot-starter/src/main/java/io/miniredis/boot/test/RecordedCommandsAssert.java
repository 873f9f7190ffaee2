package io.miniredis.boot.test;

import io.miniredis.testing.CommandRecorder;
import io.miniredis.testing.RecordedCommand;
import io.miniredis.testing.RecordedCommands;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on what the {@link CommandRecorder} recorded:
 *
 * <pre>{@code
 * assertThatCommands(recorder).fromClient("app").madeOneRoundTrip().sentOnly("GET").sentNo("KEYS");
 * assertThatCommands(recorder).sentExactly("GET products::3");
 * }</pre>
 *
 * Assertions that need every command ({@link #sentExactly}, {@link #sentOnly}, {@link #sentNo}, round trips, counts)
 * fail when the recorder was full and dropped some: what was dropped is unknown.
 */
public final class RecordedCommandsAssert extends AbstractAssert<RecordedCommandsAssert, RecordedCommands> {

    private RecordedCommandsAssert(RecordedCommands actual) {
        super(actual, RecordedCommandsAssert.class);
    }

    /** What the recorder holds now (a snapshot). */
    public static RecordedCommandsAssert assertThatCommands(CommandRecorder recorder) {
        return new RecordedCommandsAssert(recorder.snapshot());
    }

    public static RecordedCommandsAssert assertThatCommands(RecordedCommands commands) {
        return new RecordedCommandsAssert(commands);
    }

    /** Only the commands of the connections with this name (CLIENT SETNAME, Lettuce's client name). */
    public RecordedCommandsAssert fromClient(String name) {
        isNotNull();
        return new RecordedCommandsAssert(actual.fromClient(name));
    }

    /** Only the commands the clients sent, not those their scripts ran. */
    public RecordedCommandsAssert sentByClients() {
        isNotNull();
        return new RecordedCommandsAssert(actual.sentByClients());
    }

    /** Only the commands that satisfy {@code filter}. */
    public RecordedCommandsAssert filteredOn(Predicate<RecordedCommand> filter) {
        isNotNull();
        return new RecordedCommandsAssert(actual.filter(filter));
    }

    /** The commands sent were these, in this order: each a line of words, {@code "GET products::3"}, name any case. */
    public RecordedCommandsAssert sentExactly(String... lines) {
        complete();
        List<List<String>> expected =
                Arrays.stream(lines).map(RecordedCommandsAssert::words).toList();
        List<List<String>> sent =
                actual.commands().stream().map(command -> words(command.line())).toList();
        if (!sent.equals(expected)) {
            failWithActualExpectedAndMessage(
                    actual.lines(),
                    List.of(lines),
                    "Expected exactly these commands:%n  %s%nbut the recorder has:%n  %s",
                    String.join("\n  ", lines),
                    describe());
        }
        return this;
    }

    /** Every command sent was one of these (by name, any case), and there was at least one. */
    public RecordedCommandsAssert sentOnly(String... names) {
        complete();
        List<String> allowed =
                Arrays.stream(names).map(name -> name.toLowerCase(Locale.ROOT)).toList();
        if (actual.commands().isEmpty()) {
            failWithMessage("Expected only %s, but no command was recorded", allowed);
        }
        List<RecordedCommand> others = actual.commands().stream()
                .filter(command -> !allowed.contains(command.name()))
                .toList();
        if (!others.isEmpty()) {
            failWithMessage("Expected only %s, but also:%n  %s%nAll recorded:%n  %s", allowed, others, describe());
        }
        return this;
    }

    /** None of these commands (by name, any case) was sent: {@code sentNo("KEYS")}. */
    public RecordedCommandsAssert sentNo(String... names) {
        complete();
        for (String name : names) {
            List<RecordedCommand> found = actual.commands().stream()
                    .filter(command -> command.is(name))
                    .toList();
            if (!found.isEmpty()) {
                failWithMessage("Expected no %s, but found:%n  %s", name.toUpperCase(Locale.ROOT), found);
            }
        }
        return this;
    }

    /** The command was sent at least once (by name, any case). */
    public RecordedCommandsAssert sent(String name) {
        isNotNull();
        if (actual.commands().stream().noneMatch(command -> command.is(name))) {
            failWithMessage("Expected %s, but the recorder has:%n  %s", name.toUpperCase(Locale.ROOT), describe());
        }
        return this;
    }

    /** This many commands were sent. */
    public RecordedCommandsAssert hasCommandCount(int count) {
        complete();
        if (actual.size() != count) {
            failWithMessage("Expected %d commands, but the recorder has %d:%n  %s", count, actual.size(), describe());
        }
        return this;
    }

    /**
     * All the commands were sent in one round trip: one connection, one socket read (a pipeline or a transaction
     * sent at once), answered with one write. Commands scripts ran do not count.
     */
    public RecordedCommandsAssert madeOneRoundTrip() {
        return madeRoundTrips(1);
    }

    /** The commands took this many round trips (see {@link RecordedCommands#roundTrips()}). */
    public RecordedCommandsAssert madeRoundTrips(long count) {
        complete();
        long roundTrips = actual.roundTrips();
        if (roundTrips != count) {
            failWithMessage(
                    "Expected %d round trip%s, but the commands took %d:%n  %s",
                    count, count == 1 ? "" : "s", roundTrips, describe());
        }
        return this;
    }

    /** Every command ran against this database. */
    public RecordedCommandsAssert allInDatabase(int db) {
        isNotNull();
        List<RecordedCommand> others =
                actual.commands().stream().filter(command -> command.db() != db).toList();
        if (!others.isEmpty()) {
            failWithMessage("Expected every command in db %d, but:%n  %s", db, others);
        }
        return this;
    }

    /** No command was dropped because the recorder was full. */
    public RecordedCommandsAssert complete() {
        isNotNull();
        if (!actual.complete()) {
            failWithMessage(
                    "The recorder was full (capacity %d) and dropped %d commands: start it with a larger capacity",
                    actual.capacity(), actual.dropped());
        }
        return this;
    }

    private String describe() {
        return actual.commands().isEmpty()
                ? "(nothing)"
                : String.join(
                        "\n  ",
                        actual.commands().stream().map(Objects::toString).toList());
    }

    /** A command line as words, the name lower-cased (names are case-insensitive, arguments are not). */
    private static List<String> words(String line) {
        String[] words = line.trim().split(" +");
        words[0] = words[0].toLowerCase(Locale.ROOT);
        return List.of(words);
    }
}
