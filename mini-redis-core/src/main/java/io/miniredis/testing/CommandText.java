package io.miniredis.testing;

import io.miniredis.protocol.InlineSplitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a fixture of commands: one per line, quoted as redis-cli quotes (double quotes with {@code \n \r \t \xHH}
 * escapes, single quotes), or RESP arrays of bulk strings as {@code redis-cli --pipe} takes them, or both mixed,
 * as a server reads them. Blank lines and lines whose first non-blank character is {@code #} are skipped. The whole
 * file is read before anything runs, so a syntax error loads nothing.
 */
final class CommandText {

    /** Redis's own bound on one argument (proto-max-bulk-len's default): a bad length fails, it does not allocate. */
    private static final long MAX_BULK = 512L * 1024 * 1024;

    private final byte[] text;
    private final String name;
    private int pos;
    private int line = 1;

    private CommandText(byte[] text, String name) {
        this.text = text;
        this.name = name;
    }

    static List<FixtureCommand> parse(byte[] text, String name) {
        return new CommandText(text, name).commands();
    }

    private List<FixtureCommand> commands() {
        List<FixtureCommand> commands = new ArrayList<>();
        while (pos < text.length) {
            byte c = text[pos];
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '*') {
                int startLine = line;
                int startOffset = pos;
                byte[][] argv = multibulk();
                commands.add(new FixtureCommand(argv, name + ":" + startLine + " (offset " + startOffset + ")"));
            } else {
                int end = indexOf('\n', pos);
                byte[] content = Arrays.copyOfRange(text, pos, end > pos && text[end - 1] == '\r' ? end - 1 : end);
                pos = end;
                if (c == '#') {
                    continue; // a comment
                }
                byte[][] argv = InlineSplitter.split(content);
                if (argv == null) {
                    throw new FixtureException(name + ":" + line + ": unbalanced quotes in " + show(content));
                }
                if (argv.length > 0) {
                    commands.add(new FixtureCommand(argv, name + ":" + line));
                }
            }
        }
        return commands;
    }

    /** {@code *<n>\r\n} then n times {@code $<len>\r\n<bytes>\r\n}. */
    private byte[][] multibulk() {
        int countLine = line;
        int countOffset = pos;
        long count = number('*', "multibulk count");
        if (count < 0 || count > 1024 * 1024) {
            throw error(countLine, countOffset, "bad multibulk count " + count);
        }
        byte[][] argv = new byte[(int) count][];
        for (int i = 0; i < count; i++) {
            int lengthLine = line;
            int lengthOffset = pos;
            long length = number('$', "bulk length");
            if (length < 0 || length > MAX_BULK || pos + length + 2 > text.length) {
                throw error(
                        lengthLine,
                        lengthOffset,
                        "bad bulk length " + length + " (the file has " + Math.max(0, text.length - pos - 2)
                                + " more bytes)");
            }
            argv[i] = Arrays.copyOfRange(text, pos, pos + (int) length);
            for (int j = pos; j < pos + length; j++) {
                if (text[j] == '\n') {
                    line++;
                }
            }
            pos += (int) length;
            if (text[pos] != '\r' || text[pos + 1] != '\n') {
                throw error("a bulk string must end with \\r\\n");
            }
            pos += 2;
            line++;
        }
        return argv;
    }

    /** {@code <prefix><digits>\r\n}. */
    private long number(char prefix, String what) {
        int startLine = line;
        int start = pos;
        if (pos >= text.length || text[pos] != prefix) {
            throw error("expected '" + prefix + "' (" + what + ")");
        }
        int end = indexOf('\n', pos);
        if (end == text.length || text[end - 1] != '\r') {
            throw error("the " + what + " must end with \\r\\n");
        }
        String digits = new String(text, pos + 1, end - 1 - (pos + 1), StandardCharsets.US_ASCII);
        pos = end + 1;
        line++;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error(startLine, start, "bad " + what + " '" + digits + "'");
        }
    }

    private int indexOf(char c, int from) {
        for (int i = from; i < text.length; i++) {
            if (text[i] == c) {
                return i;
            }
        }
        return text.length;
    }

    private FixtureException error(String message) {
        return error(line, pos, message);
    }

    private FixtureException error(int atLine, int offset, String message) {
        return new FixtureException(name + ":" + atLine + " (offset " + offset + "): " + message);
    }

    private static String show(byte[] content) {
        String shown = new String(content, StandardCharsets.UTF_8);
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }
}
