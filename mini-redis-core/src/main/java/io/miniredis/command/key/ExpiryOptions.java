package io.miniredis.command.key;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.protocol.RedisError;

/**
 * The options SET and GETEX share: NX, XX, GET, KEEPTTL, PERSIST, and one of EX, PX, EXAT, PXAT. Parsed as Redis
 * does it: every option first (a conflict or an unknown word is a syntax error), then the time value.
 */
public final class ExpiryOptions {

    public enum Command {
        SET,
        GETEX
    }

    private final boolean nx;
    private final boolean xx;
    private final boolean get;
    private final boolean keepTtl;
    private final boolean persist;
    /** EX, PX, EXAT or PXAT (upper case), or null. */
    private final String unit;
    /** The time argument after the unit, validated only by {@link #expireAt}. */
    private final byte[] time;

    private ExpiryOptions(
            boolean nx, boolean xx, boolean get, boolean keepTtl, boolean persist, String unit, byte[] time) {
        this.nx = nx;
        this.xx = xx;
        this.get = get;
        this.keepTtl = keepTtl;
        this.persist = persist;
        this.unit = unit;
        this.time = time;
    }

    /** The options from the cursor to the end: SET's after the value, GETEX's after the key. */
    public static ExpiryOptions parse(Args args, Command command) {
        boolean set = command == Command.SET;
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        boolean persist = false;
        String unit = null;
        byte[] time = null;
        while (args.hasNext()) {
            byte[] option = args.next();
            if (set && Args.is(option, "NX") && !xx) {
                nx = true;
            } else if (set && Args.is(option, "XX") && !nx) {
                xx = true;
            } else if (set && Args.is(option, "GET")) {
                get = true;
            } else if (set && Args.is(option, "KEEPTTL") && unit == null) {
                keepTtl = true;
            } else if (!set && Args.is(option, "PERSIST") && unit == null) {
                persist = true;
            } else if (args.hasNext() && !keepTtl && !persist && unit == null && unitOf(option) != null) {
                unit = unitOf(option);
                time = args.next();
            } else {
                throw RedisError.SYNTAX;
            }
        }
        return new ExpiryOptions(nx, xx, get, keepTtl, persist, unit, time);
    }

    /** SET NX: only when the key does not exist. */
    public boolean nx() {
        return nx;
    }

    /** SET XX: only when the key exists. */
    public boolean xx() {
        return xx;
    }

    /** SET GET: reply with the old value. */
    public boolean get() {
        return get;
    }

    /** SET KEEPTTL: keep the key's time to live. */
    public boolean keepTtl() {
        return keepTtl;
    }

    /** GETEX PERSIST: remove the time to live. */
    public boolean persist() {
        return persist;
    }

    /** The expiry was given as PXAT: Redis propagates the command as it came then. */
    public boolean pxat() {
        return "PXAT".equals(unit);
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

    /** EX, PX, EXAT or PXAT, as the keyword the argument is (up to a NUL, as Redis reads it), or null. */
    private static String unitOf(byte[] opt) {
        for (String unit : new String[] {"EX", "PX", "EXAT", "PXAT"}) {
            if (Args.is(opt, unit)) {
                return unit;
            }
        }
        return null;
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
        return new RedisError("ERR invalid expire time in '" + c.fullName() + "' command");
    }
}
