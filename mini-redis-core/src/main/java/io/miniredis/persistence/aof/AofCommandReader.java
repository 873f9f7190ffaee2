package io.miniredis.persistence.aof;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the commands of an AOF file one by one, knowing the offset where each begins: a file torn in its last
 * command (a crash mid-write) is told apart from one that is malformed ({@link Torn} versus {@link Malformed}).
 * Lines starting with {@code #} (the {@code aof-timestamp-enabled} annotations) are skipped, as Redis does.
 */
final class AofCommandReader implements AutoCloseable {

    /** A bulk longer than this is malformed: it bounds what a corrupt length can make us allocate. */
    static final int MAX_BULK = 512 * 1024 * 1024;

    /** The file ends inside the command that begins at {@code offset}. */
    static final class Torn extends IOException {
        final long offset;

        Torn(long offset) {
            super("unexpected end of file in the command at offset " + offset);
            this.offset = offset;
        }
    }

    /** Bytes that are not a command, at {@code offset}. */
    static final class Malformed extends IOException {
        final long offset;

        Malformed(long offset, String what) {
            super(what + " at offset " + offset);
            this.offset = offset;
        }
    }

    private final InputStream in;
    private long position;
    private long commandStart;

    AofCommandReader(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** Where the last command read began (the start of the torn one after a {@link Torn}). */
    long commandStart() {
        return commandStart;
    }

    long position() {
        return position;
    }

    /** The next command, or null at a clean end of file. */
    byte[][] next() throws IOException {
        int first;
        while (true) {
            commandStart = position;
            first = read();
            if (first < 0) {
                return null;
            }
            if (first != '#') {
                break;
            }
            try {
                line(); // an annotation
            } catch (EOFException e) {
                throw new Torn(commandStart);
            }
        }
        try {
            if (first != '*') {
                throw new Malformed(commandStart, "expected '*'");
            }
            long count = number(line(), commandStart);
            if (count < 1 || count > Integer.MAX_VALUE / 2) {
                throw new Malformed(commandStart, "invalid argument count");
            }
            byte[][] argv = new byte[(int) count][];
            for (int i = 0; i < count; i++) {
                long at = position;
                if (read() != '$') {
                    if (position == at) {
                        throw new EOFException();
                    }
                    throw new Malformed(at, "expected '$'");
                }
                long length = number(line(), at);
                if (length < 0 || length > MAX_BULK) {
                    throw new Malformed(at, "invalid bulk length");
                }
                argv[i] = in.readNBytes((int) length);
                position += argv[i].length;
                if (argv[i].length < length) {
                    throw new EOFException();
                }
                int cr = read();
                int lf = read();
                if (cr < 0 || lf < 0) {
                    throw new EOFException();
                }
                if (cr != '\r' || lf != '\n') {
                    throw new Malformed(position - 2, "expected CRLF after a bulk");
                }
            }
            return argv;
        } catch (EOFException e) {
            throw new Torn(commandStart);
        }
    }

    private int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    /** A line up to CRLF, without it. */
    private String line() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int b = read();
            if (b < 0) {
                throw new EOFException();
            }
            if (b == '\r') {
                int lf = read();
                if (lf < 0) {
                    throw new EOFException();
                }
                if (lf != '\n') {
                    throw new Malformed(position - 1, "expected LF");
                }
                return text.toString();
            }
            if (text.length() > 64) {
                throw new Malformed(position, "line too long");
            }
            text.append((char) b);
        }
    }

    private static long number(String text, long at) throws Malformed {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Malformed(at, "invalid number '" + text + "'");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
