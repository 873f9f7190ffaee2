package io.miniredis.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Numbers the way Redis reads and writes them: strict integer parsing (Redis's string2ll), C's strtod rules for
 * doubles, {@code %.17g} for double replies, and the 80-bit long double arithmetic of INCRBYFLOAT.
 */
public final class Numbers {

    private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);
    /** Beyond this an x87 long double is infinite (about 1.19e4932). */
    private static final int LONG_DOUBLE_MAX_BINARY_EXPONENT = 16384;
    /** Half the smallest subnormal x87 long double (2^-16445): at or below it a value rounds to zero. */
    private static final BigDecimal LONG_DOUBLE_UNDERFLOW =
            new BigDecimal(BigInteger.valueOf(5).pow(16446), 16446);

    private Numbers() {}

    /** Thrown when bytes are not the number asked for; carries no stack trace, callers map it to an error reply. */
    public static final class NotANumber extends RuntimeException {
        static final NotANumber INSTANCE = new NotANumber();

        private NotANumber() {
            super("not a number", null, false, false);
        }
    }

    /** Parses a signed 64-bit decimal as strictly as Redis: no '+', no leading zeros, no spaces. */
    public static long parseLong(byte[] bytes) {
        int length = bytes.length;
        if (length == 0 || length > 20) {
            throw NotANumber.INSTANCE;
        }
        int i = 0;
        boolean negative = false;
        if (bytes[0] == '-') {
            negative = true;
            i = 1;
            if (length == 1) {
                throw NotANumber.INSTANCE;
            }
        }
        if (bytes[i] == '0') {
            if (length == 1) {
                return 0;
            }
            throw NotANumber.INSTANCE;
        }
        long value = 0; // accumulated negatively so Long.MIN_VALUE parses
        for (; i < length; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                throw NotANumber.INSTANCE;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw NotANumber.INSTANCE;
            }
            return -value;
        }
        return value;
    }

    /** True when {@link #parseLong(byte[])} would succeed. */
    public static boolean isLong(byte[] bytes) {
        try {
            parseLong(bytes);
            return true;
        } catch (NotANumber e) {
            return false;
        }
    }

    /** Room for the longest decimal long, {@code -9223372036854775808}. */
    public static final int MAX_LONG_DIGITS = 20;

    /** The decimal text of {@code value}, written straight into one exactly sized array (INCR's hot path). */
    public static byte[] toBytes(long value) {
        byte[] text = new byte[decimalLength(value)];
        formatLong(value, text, text.length);
        return text;
    }

    /** How many characters the decimal text of {@code value} has, sign included. */
    public static int decimalLength(long value) {
        int length = 1;
        long rest = value < 0 ? value : -value; // negative magnitude: Long.MIN_VALUE needs no special case
        for (long bound = -10; rest <= bound; bound *= 10) {
            length++;
            if (length == 19) {
                break; // 10^19 overflows; every long below -10^18 has 19 digits
            }
        }
        return value < 0 ? length + 1 : length;
    }

    /** {@link #formatLong(long, byte[], int)} ending at {@link #MAX_LONG_DIGITS}. */
    public static int formatLong(long value, byte[] into) {
        return formatLong(value, into, MAX_LONG_DIGITS);
    }

    /**
     * Writes the decimal text of {@code value} into {@code into} so that it ends just before {@code end}, and
     * returns where it starts. Two digits per division: formatting is on the path of every integer reply and
     * every INCR.
     */
    public static int formatLong(long value, byte[] into, int end) {
        int i = end;
        boolean negative = value < 0;
        // Work on the negative magnitude so Long.MIN_VALUE needs no special case.
        long rest = negative ? value : -value;
        while (rest <= -100) {
            long quotient = rest / 100;
            int pair = (int) (quotient * 100 - rest);
            rest = quotient;
            into[--i] = DIGIT_ONES[pair];
            into[--i] = DIGIT_TENS[pair];
        }
        int last = (int) -rest;
        into[--i] = DIGIT_ONES[last];
        if (last >= 10) {
            into[--i] = DIGIT_TENS[last];
        }
        if (negative) {
            into[--i] = '-';
        }
        return i;
    }

    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }

    /**
     * Parses a double with the rules of C's strtod as Redis applies them: the whole string must be consumed, no
     * leading space, {@code inf}/{@code infinity} allowed, NaN and overflow rejected.
     */
    public static double parseDouble(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.isEmpty() || InlineSplitter.isSpace(bytes[0])) {
            throw NotANumber.INSTANCE;
        }
        double value = parseCDouble(text);
        if (Double.isNaN(value)) {
            throw NotANumber.INSTANCE;
        }
        return value;
    }

    /**
     * C's strtod over {@code bytes[from..to)} with only its own rules, as Redis's range parsers call it (the ends of
     * ZRANGEBYSCORE, ZCOUNT...): leading white space is skipped, an overflow gives an infinity and an underflow 0
     * where {@link #parseDouble} refuses them, and an empty text reads as 0 (strtod converts nothing and stops at
     * the terminator). NaN, only white space, or bytes left over throw {@link NotANumber}.
     */
    public static double parseStrtod(byte[] bytes, int from, int to) {
        if (from == to) {
            return 0;
        }
        int start = from;
        while (start < to && InlineSplitter.isSpace(bytes[start])) {
            start++;
        }
        if (start == to) {
            throw NotANumber.INSTANCE; // nothing converted: the end stays at the first space
        }
        Signed signed = Signed.of(new String(bytes, start, to - start, StandardCharsets.ISO_8859_1));
        if (signed.infinite()) {
            return signed.negative() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double value;
        if (signed.lower().startsWith("0x")) {
            String hex = signed.lower().substring(2);
            if (hex.isEmpty() || !hex.matches("([0-9a-f]+\\.?[0-9a-f]*|\\.[0-9a-f]+)(p[+-]?[0-9]+)?")) {
                throw NotANumber.INSTANCE;
            }
            value = Double.parseDouble("0x" + hex + (hex.contains("p") ? "" : "p0"));
        } else if (isDecimalFloat(signed.body())) {
            value = Double.parseDouble(signed.body());
        } else {
            throw NotANumber.INSTANCE;
        }
        return signed.negative() ? -value : value;
    }

    /** A number's text split as strtod reads it: an optional sign, then the body (and its lower-case form). */
    private record Signed(boolean negative, String body, String lower) {

        static Signed of(String text) {
            boolean signed = text.startsWith("-") || text.startsWith("+");
            String body = signed ? text.substring(1) : text;
            return new Signed(text.startsWith("-"), body, body.toLowerCase(java.util.Locale.ROOT));
        }

        boolean infinite() {
            return lower.equals("inf") || lower.equals("infinity");
        }
    }

    private static double parseCDouble(String text) {
        Signed signed = Signed.of(text);
        boolean negative = signed.negative();
        String body = signed.body();
        String lower = signed.lower();
        if (signed.infinite()) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.startsWith("0x")) {
            return parseHexDouble(negative, lower.substring(2));
        }
        if (!isDecimalFloat(body)) {
            throw NotANumber.INSTANCE;
        }
        double value = Double.parseDouble(body);
        if (Double.isInfinite(value)) {
            throw NotANumber.INSTANCE; // ERANGE overflow
        }
        if (value == 0 && hasNonZeroDigit(body)) {
            throw NotANumber.INSTANCE; // ERANGE underflow to zero
        }
        return negative ? -value : value;
    }

    private static double parseHexDouble(boolean negative, String hex) {
        if (hex.isEmpty() || !hex.matches("([0-9a-f]+\\.?[0-9a-f]*|\\.[0-9a-f]+)(p[+-]?[0-9]+)?")) {
            throw NotANumber.INSTANCE;
        }
        String java = "0x" + hex + (hex.contains("p") ? "" : "p0");
        double value = Double.parseDouble(java);
        if (Double.isInfinite(value)) {
            throw NotANumber.INSTANCE;
        }
        return negative ? -value : value;
    }

    /** [digits][.digits][e[sign]digits] with at least one digit in the mantissa. */
    private static boolean isDecimalFloat(String s) {
        int i = 0;
        int n = s.length();
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int save = i;
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                i = save; // strtod stops before a bare 'e'; the rest is then unconsumed
            }
        }
        return i == n;
    }

    private static boolean hasNonZeroDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** Formats a double the way Redis replies with one: C's {@code %.17g}, {@code inf} and {@code -inf}. */
    public static String formatDouble(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        if (value == (long) value && Math.abs(value) < 1e15) {
            return Long.toString((long) value); // %.17g prints such an integer in full: no rounding needed
        }
        return formatG(value, 17);
    }

    /**
     * C's {@code %.<precision>g} for a finite, non-zero double: {@code precision} significant digits, trailing zeros
     * dropped, exponent form ({@code 1.5e+20}, at least two exponent digits) when the exponent is below -4 or not
     * below the precision. Redis replies with {@code %.17g}; Lua 5.1's {@code tostring} writes {@code %.14g}.
     */
    public static String formatG(double value, int precision) {
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String digits = stripTrailingZeros(rounded.unscaledValue().abs().toString());
        StringBuilder sb = new StringBuilder(24);
        if (rounded.signum() < 0) {
            sb.append('-');
        }
        if (exponent < -4 || exponent >= precision) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            return sb.append(abs).toString();
        }
        if (exponent < 0) {
            return sb.append("0.")
                    .append("0".repeat(-exponent - 1))
                    .append(digits)
                    .toString();
        }
        if (digits.length() <= exponent + 1) {
            return sb.append(digits)
                    .append("0".repeat(exponent + 1 - digits.length()))
                    .toString();
        }
        return sb.append(digits, 0, exponent + 1)
                .append('.')
                .append(digits, exponent + 1, digits.length())
                .toString();
    }

    private static String stripTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }

    /** Drops trailing zeros after a decimal point, and the point itself when nothing is left after it. */
    private static String trimFraction(String plain) {
        if (plain.indexOf('.') < 0) {
            return plain;
        }
        int end = plain.length();
        while (plain.charAt(end - 1) == '0') {
            end--;
        }
        if (plain.charAt(end - 1) == '.') {
            end--;
        }
        return plain.substring(0, end);
    }

    // ---- long double (INCRBYFLOAT, HINCRBYFLOAT) -------------------------------------------------------------

    /**
     * Parses a value as Redis's string2ld does with strtold on x86-64: the decimal is rounded to the 64-bit
     * mantissa of an x87 long double. Returns the exact value of that long double; an infinite value throws
     * {@link LongDoubleInfinity}, anything that is not a number {@link NotANumber}.
     */
    public static BigDecimal parseLongDouble(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.isEmpty() || text.length() >= 5 * 1024 || InlineSplitter.isSpace(bytes[0])) {
            throw NotANumber.INSTANCE;
        }
        Signed signed = Signed.of(text);
        boolean negative = signed.negative();
        String body = signed.body();
        String lower = signed.lower();
        if (signed.infinite()) {
            throw LongDoubleInfinity.INSTANCE;
        }
        BigDecimal exact;
        if (lower.startsWith("0x")) {
            exact = new BigDecimal(parseCDouble(text));
        } else {
            if (!isDecimalFloat(body)) {
                throw NotANumber.INSTANCE;
            }
            try {
                exact = new BigDecimal(body);
            } catch (NumberFormatException | ArithmeticException e) {
                throw NotANumber.INSTANCE;
            }
            if (negative) {
                exact = exact.negate();
            }
        }
        if (exact.signum() != 0 && exact.abs().compareTo(LONG_DOUBLE_UNDERFLOW) <= 0) {
            // strtold underflows to zero (ERANGE), which string2ld refuses; a subnormal result is accepted.
            throw NotANumber.INSTANCE;
        }
        return roundToLongDouble(exact);
    }

    /** Thrown by {@link #parseLongDouble} for an infinite value; INCRBYFLOAT turns that into its own error. */
    public static final class LongDoubleInfinity extends RuntimeException {
        static final LongDoubleInfinity INSTANCE = new LongDoubleInfinity();

        private LongDoubleInfinity() {
            super("infinity", null, false, false);
        }
    }

    /** Adds two long doubles; null when the sum overflows to infinity. */
    public static BigDecimal addLongDouble(BigDecimal a, BigDecimal b) {
        return roundToLongDouble(a.add(b));
    }

    /** Rounds an exact value to the nearest x87 long double (64-bit mantissa, ties to even); null on overflow. */
    public static BigDecimal roundToLongDouble(BigDecimal exact) {
        if (exact == null || exact.signum() == 0) {
            return exact == null ? null : BigDecimal.ZERO;
        }
        BigInteger unscaled = exact.unscaledValue().abs();
        int scale = exact.scale();
        BigInteger numerator = scale <= 0 ? unscaled.multiply(BigInteger.TEN.pow(-scale)) : unscaled;
        BigInteger denominator = scale <= 0 ? BigInteger.ONE : BigInteger.TEN.pow(scale);
        // Choose e so that numerator / denominator / 2^e has 64 bits before rounding.
        int e = numerator.bitLength() - denominator.bitLength() - 64;
        BigInteger mantissa;
        while (true) {
            BigInteger num = e < 0 ? numerator.shiftLeft(-e) : numerator;
            BigInteger den = e > 0 ? denominator.shiftLeft(e) : denominator;
            BigInteger[] qr = num.divideAndRemainder(den);
            BigInteger q = qr[0];
            if (q.bitLength() > 64) {
                e++;
                continue;
            }
            if (q.bitLength() < 64) {
                e--;
                continue;
            }
            int cmp = qr[1].shiftLeft(1).compareTo(den);
            if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
                if (q.equals(TWO_POW_64)) {
                    q = q.shiftRight(1);
                    e++;
                }
            }
            mantissa = q;
            break;
        }
        if (e + 64 > LONG_DOUBLE_MAX_BINARY_EXPONENT) {
            return null;
        }
        BigDecimal value = e >= 0
                ? new BigDecimal(mantissa.shiftLeft(e))
                : new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow(-e)), -e);
        return exact.signum() < 0 ? value.negate() : value;
    }

    /** Redis's LD_STR_HUMAN: {@code %.17Lf} with the trailing zeros (and a bare point) removed. */
    public static String formatLongDouble(BigDecimal value) {
        String plain = trimFraction(value.setScale(17, RoundingMode.HALF_EVEN).toPlainString());
        return plain.equals("-0") ? "0" : plain;
    }
}
