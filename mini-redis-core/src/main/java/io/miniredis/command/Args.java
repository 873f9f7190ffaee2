package io.miniredis.command;

import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.RedisError;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one argument parser: a cursor over a command's arguments that every handler reads through. Failures throw
 * {@link RedisError}s with Redis's exact texts, so a parse reads like the command's syntax:
 *
 * <pre>
 *   Args args = c.args();                          // after the command name
 *   byte[] key = args.next();
 *   long count = 1;
 *   while (args.hasNext()) {
 *       if (args.option("COUNT")) {                // a keyword, any case, consumed when it matches
 *           count = args.nextLong(RedisError.NOT_INTEGER);
 *       } else {
 *           throw RedisError.SYNTAX;
 *       }
 *   }
 *   args.finish();                                  // leftovers: ERR syntax error
 * </pre>
 *
 * Commands with several options parse into a small value first (a record of the options), then act on it, as
 * tokio's mini-redis does ({@code Get::parse_frames}, then {@code apply}); Redis checks arguments in a given order,
 * and so does the parse: the differential tests hold it to that.
 */
public final class Args {

    private final byte[][] argv;
    private int position;

    public Args(byte[][] argv, int start) {
        this.argv = argv;
        this.position = start;
    }

    // ---- where the cursor is

    public boolean hasNext() {
        return position < argv.length;
    }

    public int remaining() {
        return argv.length - position;
    }

    public int position() {
        return position;
    }

    /** The argument at the cursor, not consumed, or null at the end. */
    public byte[] peek() {
        return position < argv.length ? argv[position] : null;
    }

    /** Moves the cursor back by one (a keyword read too far, given back). */
    public void back() {
        position--;
    }

    // ---- values

    /** The next argument; a syntax error when there is none. */
    public byte[] next() {
        if (position >= argv.length) {
            throw RedisError.SYNTAX;
        }
        return argv[position++];
    }

    /** {@link #next()}, by its older name. */
    public byte[] nextBytes() {
        return next();
    }

    public String nextString() {
        return new String(next(), StandardCharsets.UTF_8);
    }

    /** The next argument upper-cased, up to a NUL byte (Redis compares keywords as C strings), for a keyword switch. */
    public String nextKeyword() {
        byte[] argument = next();
        int length = 0;
        while (length < argument.length && argument[length] != 0) {
            length++;
        }
        return new String(argument, 0, length, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    /** The next argument as a 64-bit integer; Redis's "value is not an integer or out of range" otherwise. */
    public long nextLong() {
        return toLong(next());
    }

    /** The next argument as a 64-bit integer, or {@code notInteger} (the command's own text) when it is not one. */
    public long nextLong(RedisError notInteger) {
        return toLong(next(), notInteger);
    }

    /** A 64-bit integer within {@code [min, max]}; {@code invalid} when it is not a number or outside. */
    public long nextLong(long min, long max, RedisError invalid) {
        long value = toLong(next(), invalid);
        if (value < min || value > max) {
            throw invalid;
        }
        return value;
    }

    /** The next argument as a double; Redis's "value is not a valid float" otherwise. */
    public double nextDouble() {
        return toDouble(next());
    }

    /** The next argument as a double, or {@code notFloat} (the command's own text) when it is not one. */
    public double nextDouble(RedisError notFloat) {
        try {
            return Numbers.parseDouble(next());
        } catch (Numbers.NotANumber e) {
            throw notFloat;
        }
    }

    /** All the arguments left, consumed. */
    public byte[][] rest() {
        byte[][] rest = Arrays.copyOfRange(argv, position, argv.length);
        position = argv.length;
        return rest;
    }

    /** The next {@code count} arguments, consumed; a syntax error when fewer are left. */
    public byte[][] next(int count) {
        if (count > remaining()) {
            throw RedisError.SYNTAX;
        }
        byte[][] taken = Arrays.copyOfRange(argv, position, position + count);
        position += count;
        return taken;
    }

    /**
     * A key count, then the keys (SINTERCARD, LMPOP, ZUNION...): the count must be an integer ({@code notInteger}),
     * at least 1 ({@code notPositive}) and not more than the arguments left ({@code tooMany}).
     */
    public byte[][] numkeys(RedisError notInteger, RedisError notPositive, RedisError tooMany) {
        long count = nextLong(notInteger);
        if (count <= 0) {
            throw notPositive;
        }
        if (count > remaining()) {
            throw tooMany;
        }
        return next((int) count);
    }

    /**
     * The next argument as an x87 long double, read as Redis reads an increment (strtold): its exact value.
     * {@code infinite} for an infinity, which strtold accepts and INCRBYFLOAT/HINCRBYFLOAT then refuse with their own
     * text; {@code notFloat} for anything else that is not a finite long double (including an overflow).
     */
    public BigDecimal nextLongDouble(RedisError notFloat, RedisError infinite) {
        BigDecimal value;
        try {
            value = Numbers.parseLongDouble(next());
        } catch (Numbers.NotANumber e) {
            throw notFloat;
        } catch (Numbers.LongDoubleInfinity e) {
            throw infinite;
        }
        if (value == null) {
            throw notFloat; // beyond the long double range: strtold overflows (ERANGE)
        }
        return value;
    }

    // ---- keywords

    /** Consumes the next argument if it is {@code keyword} (any case); false, nothing consumed, otherwise. */
    public boolean option(String keyword) {
        if (position < argv.length && is(argv[position], keyword)) {
            position++;
            return true;
        }
        return false;
    }

    /** {@link #option}, by its older name. */
    public boolean nextIs(String keyword) {
        return option(keyword);
    }

    /**
     * The next argument as one of {@code keywords} (any case): its index in them; a syntax error when it is none
     * (MIN|MAX, BEFORE|AFTER, LEFT|RIGHT).
     */
    public int oneOf(String... keywords) {
        byte[] argument = next();
        for (int i = 0; i < keywords.length; i++) {
            if (is(argument, keywords[i])) {
                return i;
            }
        }
        throw RedisError.SYNTAX;
    }

    /**
     * Consumes {@code keyword} (any case) only when at least {@code values} arguments follow it, as Redis matches an
     * option by its name and the count of arguments left ({@code LIMIT offset count}, {@code WEIGHTS w...}); false,
     * nothing consumed, otherwise, so a truncated option falls through to the caller's syntax error before any of
     * its values is read.
     */
    public boolean option(String keyword, int values) {
        return remaining() > values && option(keyword);
    }

    /**
     * {@link #oneOf(String...)} with the command's own error when the argument is none of {@code keywords} (SCRIPT
     * FLUSH's "only support SYNC|ASYNC option", CLIENT UNBLOCK's "reason should be TIMEOUT or ERROR"); a syntax error
     * still when there is no argument left.
     */
    public int oneOf(RedisError notOne, String... keywords) {
        byte[] argument = next();
        for (int i = 0; i < keywords.length; i++) {
            if (is(argument, keywords[i])) {
                return i;
            }
        }
        throw notOne;
    }

    /** Fails with a syntax error when arguments are left over. */
    public void finish() {
        if (position < argv.length) {
            throw RedisError.SYNTAX;
        }
    }

    // ---- conversions, for code that holds an argument already

    public static long toLong(byte[] bytes) {
        return toLong(bytes, RedisError.NOT_INTEGER);
    }

    public static long toLong(byte[] bytes, RedisError notInteger) {
        try {
            return Numbers.parseLong(bytes);
        } catch (Numbers.NotANumber e) {
            throw notInteger;
        }
    }

    public static double toDouble(byte[] bytes) {
        try {
            return Numbers.parseDouble(bytes);
        } catch (Numbers.NotANumber e) {
            throw RedisError.NOT_FLOAT;
        }
    }

    /**
     * Case-insensitive comparison of an argument with an ASCII keyword, as Redis's {@code strcasecmp} on the
     * argument's C string: up to its first NUL byte, so {@code "NX\0anything"} is {@code NX}, as Redis takes it.
     */
    public static boolean is(byte[] argument, String keyword) {
        int length = argument.length;
        if (length > keyword.length()) {
            if (argument[keyword.length()] != 0) {
                return false;
            }
            length = keyword.length(); // what follows the NUL is not part of the C string
        } else if (length != keyword.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
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
