package io.miniredis.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments with the quoting rules of redis-cli and Redis's inline protocol:
 * double quotes with backslash escapes ({@code \n \r \t \b \a \\ \" \xHH}), single quotes with only {@code \'},
 * and a closing quote that must be followed by a space or the end of the line.
 */
public final class InlineSplitter {

    private InlineSplitter() {}

    /** The arguments, or null when the quotes are unbalanced. The line ends at its first NUL, as in C. */
    public static byte[][] split(byte[] line) {
        int length = line.length;
        for (int i = 0; i < line.length; i++) {
            if (line[i] == 0) {
                length = i;
                break;
            }
        }
        List<byte[]> args = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        int p = 0;
        while (true) {
            while (p < length && isSpace(line[p])) {
                p++;
            }
            if (p >= length) {
                return args.toArray(new byte[0][]);
            }
            boolean inDoubleQuotes = false;
            boolean inSingleQuotes = false;
            boolean done = false;
            current.reset();
            while (!done) {
                if (inDoubleQuotes) {
                    if (p >= length) {
                        return null;
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 3 < length && line[p + 1] == 'x' && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        current.write(hexValue(line[p + 2]) * 16 + hexValue(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < length) {
                        p++;
                        current.write(unescape(line[p]));
                    } else if (c == '"') {
                        if (p + 1 < length && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else if (inSingleQuotes) {
                    if (p >= length) {
                        return null;
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 1 < length && line[p + 1] == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < length && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else {
                    if (p >= length) {
                        done = true;
                    } else {
                        byte c = line[p];
                        switch (c) {
                            case ' ', '\n', '\r', '\t' -> done = true;
                            case '"' -> inDoubleQuotes = true;
                            case '\'' -> inSingleQuotes = true;
                            default -> current.write(c);
                        }
                    }
                }
                if (p < length) {
                    p++;
                }
            }
            args.add(current.toByteArray());
        }
    }

    private static int unescape(byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c;
        };
    }

    /** C's isspace(). */
    static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }
}
