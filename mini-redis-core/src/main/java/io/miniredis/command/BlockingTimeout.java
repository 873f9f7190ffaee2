package io.miniredis.command;

import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.RedisError;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The timeout argument of the blocking commands (BLPOP, BLMOVE, BZPOPMIN...): seconds, fractional, read as Redis
 * 7.0 reads it. The text is parsed as an x87 long double (strtold), multiplied by 1000 in long double arithmetic and
 * rounded up to whole milliseconds, then converted to a 64-bit integer the way x86 does: anything out of range
 * (infinity, 1e300) becomes the most negative integer. Hence "inf" is a <em>negative</em> timeout, 0.0001 times out
 * after a millisecond and -0.0001 (rounded up to 0) blocks forever, exactly as with Redis.
 */
public final class BlockingTimeout {

    public static final RedisError NOT_A_FLOAT = new RedisError("ERR timeout is not a float or out of range");
    public static final RedisError NEGATIVE = new RedisError("ERR timeout is negative");

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /** Half the smallest subnormal long double (2^-16446): anything smaller rounds to zero, which strtold rejects. */
    private static final BigDecimal LONG_DOUBLE_UNDERFLOW = new BigDecimal("1.8226e-4951");

    private BlockingTimeout() {}

    public static final RedisError NOT_AN_INTEGER = new RedisError("ERR timeout is not an integer or out of range");

    /** A timeout given in whole milliseconds (XREAD's BLOCK): 0 means no timeout. */
    public static long parseIntegerMillis(byte[] argument) {
        long millis = Args.toLong(argument, NOT_AN_INTEGER);
        if (millis < 0) {
            throw NEGATIVE;
        }
        return millis;
    }

    /** The timeout in milliseconds, 0 meaning no timeout; Redis's errors for anything else. */
    public static long parseMillis(byte[] argument) {
        BigDecimal seconds;
        try {
            seconds = Numbers.parseLongDouble(argument);
        } catch (Numbers.LongDoubleInfinity infinite) {
            throw NEGATIVE; // accepted by strtold, then cast to LLONG_MIN
        } catch (Numbers.NotANumber e) {
            throw NOT_A_FLOAT;
        }
        if (seconds == null || (seconds.signum() != 0 && seconds.abs().compareTo(LONG_DOUBLE_UNDERFLOW) < 0)) {
            throw NOT_A_FLOAT; // strtold's ERANGE: overflow to infinity, or underflow to zero
        }
        BigDecimal millis = Numbers.roundToLongDouble(seconds.multiply(THOUSAND));
        if (millis == null) {
            throw NEGATIVE;
        }
        BigDecimal ceiling = millis.setScale(0, RoundingMode.CEILING);
        if (ceiling.compareTo(LONG_MIN) < 0 || ceiling.compareTo(LONG_MAX) > 0 || ceiling.signum() < 0) {
            throw NEGATIVE;
        }
        return ceiling.longValueExact();
    }
}
