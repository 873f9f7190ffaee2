package io.miniredis.command.scripting;

import io.miniredis.command.Args;
import io.miniredis.protocol.RedisError;

/**
 * What a script or function is called with: {@code numkeys key... arg...} (EVAL*, FCALL*), split into its KEYS and
 * ARGV. Unlike {@link Args#numkeys} elsewhere, 0 keys is fine, and the errors are the scripting ones.
 */
record ScriptArguments(byte[][] keys, byte[][] args) {

    private static final RedisError TOO_MANY =
            new RedisError("ERR Number of keys can't be greater than number of args");
    private static final RedisError NEGATIVE = new RedisError("ERR Number of keys can't be negative");

    /** The key count is read with {@code notInteger} as its error: EVAL and FCALL word it differently. */
    static ScriptArguments parse(Args args, RedisError notInteger) {
        long numkeys = args.nextLong(notInteger);
        if (numkeys > args.remaining()) {
            throw TOO_MANY;
        }
        if (numkeys < 0) {
            throw NEGATIVE;
        }
        return new ScriptArguments(args.next((int) numkeys), args.rest());
    }
}
