package io.miniredis.protocol;

/**
 * An error reply raised while a command runs. The dispatcher discards whatever the command had written and
 * replies with {@link #text()}. It carries no stack trace: it is an expected outcome, not a bug.
 */
public final class RedisError extends RuntimeException {

    public static final RedisError SYNTAX = new RedisError("ERR syntax error");
    public static final RedisError NOT_INTEGER = new RedisError("ERR value is not an integer or out of range");
    public static final RedisError NOT_FLOAT = new RedisError("ERR value is not a valid float");
    public static final RedisError WRONGTYPE =
            new RedisError("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final RedisError NO_SUCH_KEY = new RedisError("ERR no such key");
    public static final RedisError DB_OUT_OF_RANGE = new RedisError("ERR DB index is out of range");
    public static final RedisError OVERFLOW = new RedisError("ERR increment or decrement would overflow");
    public static final RedisError NOT_POSITIVE = new RedisError("ERR value is out of range, must be positive");

    public RedisError(String text) {
        super(text, null, false, false);
    }

    /** The error reply without the leading {@code -}. */
    public String text() {
        return getMessage();
    }

    public static RedisError of(String format, Object... args) {
        return new RedisError(String.format(format, args));
    }
}
