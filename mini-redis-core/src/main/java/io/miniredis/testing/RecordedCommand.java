package io.miniredis.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One command a client sent, as the server received it.
 *
 * @param sequence   its place among the recorded commands, from 0
 * @param name       the command's name as sent, lower-cased ({@code "get"}, {@code "config"})
 * @param arguments  the arguments after the name, copies of the bytes received
 * @param clientId   the connection's id (CLIENT ID)
 * @param clientName the connection's name (CLIENT SETNAME) when the command arrived, or null
 * @param db         the database selected when the command arrived
 * @param time       the server's clock when it was recorded
 * @param read       the connection's read that delivered it: commands of one connection with the same number came in
 *                   one socket read and were answered in one write, a round trip (see docs/testing.md)
 * @param fromScript true for a command a script ran ({@code redis.call}), recorded under its caller's connection
 */
public record RecordedCommand(
        long sequence,
        String name,
        List<byte[]> arguments,
        long clientId,
        String clientName,
        int db,
        Instant time,
        long read,
        boolean fromScript) {

    /** The arguments as text (UTF-8). */
    public List<String> argumentsAsText() {
        return arguments.stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .toList();
    }

    /** The command as one line, name upper-cased, arguments as text: {@code GET products::3}. */
    public String line() {
        StringBuilder line = new StringBuilder(name.toUpperCase(Locale.ROOT));
        for (String argument : argumentsAsText()) {
            line.append(' ').append(argument);
        }
        return line.toString();
    }

    /** Whether this is the named command (any case). */
    public boolean is(String command) {
        return name.equalsIgnoreCase(command);
    }

    @Override
    public String toString() {
        return line() + " [client " + clientId + (clientName == null ? "" : " '" + clientName + "'") + ", db " + db
                + ", read " + read + (fromScript ? ", from a script" : "") + "]";
    }
}
