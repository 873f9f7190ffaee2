package io.miniredis.command.key;

import io.miniredis.store.KeyEntry;
import io.miniredis.protocol.RedisError;
import io.miniredis.command.CommandCall;
import io.miniredis.command.Args;

/**
 * The options SET and GETEX share: NX, XX, GET, KEEPTTL, PERSIST, and one of EX, PX, EXAT, PXAT. Parsed as Redis
 * does it: every option first (a conflict or an unknown word is a syntax error), then the time value.
 */
public final class ExpiryOptions {

    public enum Command { SET, GETEX }

    public boolean nx;
    public boolean xx;
    public boolean get;
    public boolean keepTtl;
    public boolean persist;

    private String unit;
    private byte[] time;

    public static ExpiryOptions parse(CommandCall c, int from, Command command) {
        ExpiryOptions o = new ExpiryOptions();
        byte[][] argv = c.argv();
        for (int j = from; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean hasNext = j < argv.length - 1;
            boolean expirySet = o.unit != null;
            if (command == Command.SET && Args.is(opt, "NX") && !o.xx) {
                o.nx = true;
            } else if (command == Command.SET && Args.is(opt, "XX") && !o.nx) {
                o.xx = true;
            } else if (command == Command.SET && Args.is(opt, "GET")) {
                o.get = true;
            } else if (command == Command.SET && Args.is(opt, "KEEPTTL") && !expirySet) {
                o.keepTtl = true;
            } else if (command == Command.GETEX && Args.is(opt, "PERSIST") && !expirySet) {
                o.persist = true;
            } else if (hasNext && !o.keepTtl && !o.persist && !expirySet && isUnit(opt)) {
                o.unit = new String(opt, java.nio.charset.StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
                o.time = argv[++j];
            } else {
                throw RedisError.SYNTAX;
            }
        }
        return o;
    }

    public boolean hasExpiry() {
        return unit != null;
    }

    /**
     * The requested expiry in epoch milliseconds, validated now: SET validates it right after parsing, GETEX only
     * once it has found the key, as Redis does.
     */
    public long expireAt(CommandCall c) {
        long value = Args.toLong(time);
        boolean seconds = unit.equals("EX") || unit.equals("EXAT");
        boolean relative = unit.equals("EX") || unit.equals("PX");
        return absolute(c, value, seconds ? 1000 : 1, relative);
    }

    private static boolean isUnit(byte[] opt) {
        return Args.is(opt, "EX") || Args.is(opt, "PX") || Args.is(opt, "EXAT") || Args.is(opt, "PXAT");
    }

    /**
     * Converts a positive time (seconds or milliseconds, relative or absolute) into epoch milliseconds, failing with
     * {@code invalid expire time in '<command>' command} for zero, negative or overflowing values.
     */
    public static long absolute(CommandCall c, long value, long unitMillis, boolean relative) {
        if (value <= 0 || (unitMillis == 1000 && value > Long.MAX_VALUE / 1000)) {
            throw invalidExpireTime(c);
        }
        long millis = value * unitMillis;
        if (relative) {
            millis += c.keyspace().now();
        }
        if (millis <= 0) {
            throw invalidExpireTime(c);
        }
        return millis;
    }

    static RedisError invalidExpireTime(CommandCall c) {
        return new RedisError("ERR invalid expire time in '" + c.spec().fullName() + "' command");
    }
}
