package io.miniredis.command;

import io.miniredis.protocol.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import io.miniredis.protocol.RedisError;

/**
 * A cursor over a command's arguments. Parsing failures throw {@link RedisError}s with Redis's exact texts, so
 * handlers read like the command's syntax: {@code args.nextBytes()}, {@code args.nextLong()}, {@code
 * args.nextIs("NX")}, {@code args.finish()}.
 */
public final class Args {

    private final byte[][] argv;
    private int position;

    public Args(byte[][] argv, int start) {
        this.argv = argv;
        this.position = start;
    }

    public boolean hasNext() {
        return position < argv.length;
    }

    public int remaining() {
        return argv.length - position;
    }

    public int position() {
        return position;
    }

    public byte[] nextBytes() {
        if (position >= argv.length) {
            throw RedisError.SYNTAX;
        }
        return argv[position++];
    }

    public byte[] peek() {
        return position < argv.length ? argv[position] : null;
    }

    public String nextString() {
        return new String(nextBytes(), StandardCharsets.UTF_8);
    }

    /** The next argument upper-cased, for option keywords. */
    public String nextKeyword() {
        return new String(nextBytes(), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    public long nextLong() {
        return toLong(nextBytes());
    }

    public double nextDouble() {
        return toDouble(nextBytes());
    }

    /** Consumes the next argument if it is {@code keyword} (any case). */
    public boolean nextIs(String keyword) {
        if (position < argv.length && is(argv[position], keyword)) {
            position++;
            return true;
        }
        return false;
    }

    /** Fails with a syntax error when arguments are left over. */
    public void finish() {
        if (position < argv.length) {
            throw RedisError.SYNTAX;
        }
    }

    public static long toLong(byte[] bytes) {
        try {
            return Numbers.parseLong(bytes);
        } catch (Numbers.NotANumber e) {
            throw RedisError.NOT_INTEGER;
        }
    }

    public static double toDouble(byte[] bytes) {
        try {
            return Numbers.parseDouble(bytes);
        } catch (Numbers.NotANumber e) {
            throw RedisError.NOT_FLOAT;
        }
    }

    /** Case-insensitive comparison of an argument with an ASCII keyword. */
    public static boolean is(byte[] argument, String keyword) {
        if (argument.length != keyword.length()) {
            return false;
        }
        for (int i = 0; i < argument.length; i++) {
            int a = argument[i];
            int k = keyword.charAt(i);
            if (a != k && (a | 0x20) != (k | 0x20)) {
                return false;
            }
            if (a != k && !Character.isLetter(k)) {
                return false;
            }
        }
        return true;
    }
}
