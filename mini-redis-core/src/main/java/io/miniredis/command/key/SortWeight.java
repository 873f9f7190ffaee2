package io.miniredis.command.key;

import io.miniredis.protocol.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The number SORT sorts by when it is not ALPHA: the element or the BY value read the way Redis 7.0 reads it, with
 * C's strtod over the value as a C string (up to its first NUL byte). So leading white space is skipped, an empty
 * value is 0, {@code inf} and hexadecimal are numbers, and the value is refused (the whole SORT then fails with "One
 * or more scores can't be converted into double") when bytes are left over, when it is NaN, or when strtod reports
 * a range error: an overflow, or an underflow to zero or to an inexact subnormal.
 */
final class SortWeight {

    /** Returned for a value that is not a number: never a weight, since NaN is refused. */
    static final double INVALID = Double.NaN;

    private SortWeight() {}

    /** The weight of {@code value}, or {@link #INVALID}. */
    static double parse(byte[] value) {
        if (value.length <= 20) {
            try {
                return Numbers.parseLong(value); // the common case, without a detour through text; rounds as strtod
            } catch (Numbers.NotANumber notAnInteger) {
                // read it as strtod does, below
            }
        }
        int end = SortPattern.cLength(value);
        if (end == 0) {
            return 0; // strtod converts nothing and stops at the terminator: no error
        }
        int start = 0;
        while (start < end && isCSpace(value[start])) {
            start++;
        }
        if (start == end) {
            return INVALID; // nothing converted: strtod's end stays at the first space
        }
        byte[] text = start == 0 && end == value.length ? value : Arrays.copyOfRange(value, start, end);
        double weight;
        try {
            weight = Numbers.parseDouble(text);
        } catch (Numbers.NotANumber notANumber) {
            return INVALID;
        }
        if (weight != 0 && Math.abs(weight) < Double.MIN_NORMAL && !exactly(text, weight)) {
            return INVALID; // ERANGE: the text underflowed to a subnormal it does not equal
        }
        return weight;
    }

    private static boolean isCSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** True when {@code text} (a decimal or hexadecimal number strtod accepted) is exactly {@code value}. */
    private static boolean exactly(byte[] text, double value) {
        String s = new String(text, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (s.startsWith("+") || s.startsWith("-")) {
            s = s.substring(1);
        }
        try {
            BigDecimal written = s.startsWith("0x") ? hexValue(s.substring(2)) : new BigDecimal(s);
            return written.compareTo(new BigDecimal(Math.abs(value))) == 0;
        } catch (NumberFormatException | ArithmeticException tooFar) {
            return false;
        }
    }

    private static BigDecimal hexValue(String hex) {
        int p = hex.indexOf('p');
        String mantissa = p < 0 ? hex : hex.substring(0, p);
        long exponent = p < 0 ? 0 : Long.parseLong(hex.substring(p + 1));
        int dot = mantissa.indexOf('.');
        String digits = mantissa.replace(".", "");
        exponent -= 4L * (dot < 0 ? 0 : mantissa.length() - dot - 1);
        BigDecimal m = new BigDecimal(new BigInteger(digits.isEmpty() ? "0" : digits, 16));
        if (Math.abs(exponent) > 100_000) {
            throw new ArithmeticException("out of any double's reach");
        }
        BigDecimal power = BigDecimal.valueOf(2).pow((int) Math.abs(exponent));
        return exponent >= 0 ? m.multiply(power) : m.divide(power);
    }
}
