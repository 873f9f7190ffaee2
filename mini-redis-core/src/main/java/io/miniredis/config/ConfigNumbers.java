package io.miniredis.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The number readers behind Redis's configuration. Redis reads numbers in several ways depending on the parameter,
 * and the differences show in what it accepts ({@code 01}, {@code +5}, {@code -0}), so each one is kept apart:
 * <ul>
 *   <li>{@link #strictLong}: plain integers ({@code hz 01} and {@code hz -0} are refused);</li>
 *   <li>{@link #lenientLong}: C's strtoll with an end check ({@code save "+5 01"} is accepted, saturating);</li>
 *   <li>{@link #memory}: byte counts with units, unsigned 64-bit, saturating then wrapping like Redis;</li>
 *   <li>{@link #lenientDouble}: C's strtod ({@code 1e1}, {@code 0x10}, {@code inf} are numbers).</li>
 * </ul>
 */
public final class ConfigNumbers {

    /** 2^64 - 1, the largest unsigned value, as Java's signed long bits. */
    public static final long UNSIGNED_MAX = -1L;

    private ConfigNumbers() {}

    /**
     * A decimal integer without sign, spaces or leading zeros ({@code 0}, {@code -12}, {@code 12}), or null when the
     * text is not one or does not fit a long.
     */
    public static Long strictLong(String text) {
        int length = text.length();
        if (length == 0 || length > 20) {
            return null;
        }
        if (text.equals("0")) {
            return 0L;
        }
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == length || text.charAt(start) < '1' || text.charAt(start) > '9' || !digits(text, start, length)) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    /**
     * C's strtoll over the whole text: optional leading white space, an optional sign, at least one digit, nothing
     * after; out-of-range values saturate. Null when the text is not a number.
     */
    public static Long lenientLong(String text) {
        int i = 0;
        int length = text.length();
        while (i < length && isCSpace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (i == length || !digits(text, i, length)) {
            return null;
        }
        long value = 0;
        for (; i < length; i++) {
            int digit = text.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /**
     * A byte count: digits (possibly none, which reads as 0) and an optional unit, case-insensitive: {@code b},
     * {@code k} (1000), {@code kb} (1024), {@code m}, {@code mb}, {@code g}, {@code gb}. The result is unsigned 64-bit
     * in Java's long bits: digits beyond 2^64-1 saturate, and the multiplication by the unit wraps, as in Redis.
     *
     * @return the value, or null when the text is not a memory value
     */
    public static Long memory(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        long unit = 1;
        int suffix = 0;
        String[] units = {"kb", "mb", "gb", "b", "k", "m", "g"};
        long[] sizes = {1024L, 1024L * 1024, 1024L * 1024 * 1024, 1, 1000L, 1000L * 1000, 1000L * 1000 * 1000};
        for (int u = 0; u < units.length; u++) {
            if (lower.endsWith(units[u])) {
                unit = sizes[u];
                suffix = units[u].length();
                break;
            }
        }
        int end = lower.length() - suffix;
        if (!digits(lower, 0, end)) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < end; i++) {
            int digit = lower.charAt(i) - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(UNSIGNED_MAX - digit, 10)) > 0) {
                value = UNSIGNED_MAX;
                break;
            }
            value = value * 10 + digit;
        }
        return value * unit;
    }

    /**
     * C's strtod over the whole text (decimal with exponent, hexadecimal, {@code inf}, {@code nan}), or null when
     * the text is not a number.
     */
    public static Double lenientDouble(String text) {
        String t = text;
        int i = 0;
        while (i < t.length() && isCSpace(t.charAt(i))) {
            i++;
        }
        t = t.substring(i);
        String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        boolean negative = t.startsWith("-");
        String lower = unsigned.toLowerCase(Locale.ROOT);
        double magnitude;
        if (lower.equals("inf") || lower.equals("infinity")) {
            magnitude = Double.POSITIVE_INFINITY;
        } else if (lower.equals("nan")) {
            magnitude = Double.NaN;
        } else if (lower.startsWith("0x")) {
            String hex = lower.substring(2);
            if (!hex.matches("([0-9a-f]+(\\.[0-9a-f]*)?|\\.[0-9a-f]+)(p[+-]?[0-9]+)?")) {
                return null;
            }
            magnitude = Double.parseDouble("0x" + (hex.contains("p") ? hex : hex + "p0"));
        } else if (lower.matches("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(e[+-]?[0-9]+)?")) {
            magnitude = Double.parseDouble(lower);
        } else {
            return null;
        }
        return negative ? -magnitude : magnitude;
    }

    /** C's {@code %f} (six decimals, exact binary rounding) without its trailing zeros, like Redis prints floats. */
    public static String formatDouble(double value) {
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        String fixed = new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        if (fixed.indexOf('.') >= 0) {
            fixed = fixed.replaceAll("0+$", "");
            if (fixed.endsWith(".")) {
                fixed = fixed.substring(0, fixed.length() - 1);
            }
        }
        if (value == 0 && 1 / value < 0) {
            return "-0";
        }
        return fixed;
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
