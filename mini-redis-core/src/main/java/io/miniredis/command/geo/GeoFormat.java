package io.miniredis.command.geo;

import io.miniredis.protocol.Reply;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** The number formats of the geo replies and errors, as Redis prints them. */
final class GeoFormat {

    private GeoFormat() {}

    /** A distance: four decimals, the value scaled and rounded half to even as a double, always a bulk string. */
    static void distance(Reply reply, double meters) {
        reply.bulk(fixed4(meters).getBytes(StandardCharsets.US_ASCII));
    }

    static String fixed4(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) >= 1e14) {
            return plain(value, 4); // beyond what a scaled long holds: printf's %.4f
        }
        long scaled = (long) Math.rint(value * 10000.0);
        boolean negative = scaled < 0 || (scaled == 0 && (value < 0 || 1 / value < 0));
        long magnitude = Math.abs(scaled);
        String fraction = Long.toString(magnitude % 10000);
        return (negative ? "-" : "") + magnitude / 10000 + "." + "0000".substring(fraction.length()) + fraction;
    }

    /**
     * A coordinate as Redis's "human" long double: 17 decimals of the exact value, trailing zeros and a trailing
     * point removed; a bulk string in RESP2, a double in RESP3.
     */
    static void coordinate(Reply reply, double value) {
        String text = human(value);
        if (reply.resp3()) {
            reply.raw(("," + text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            reply.bulk(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    static String human(double value) {
        String text = plain(value, 17);
        if (text.indexOf('.') >= 0) {
            int end = text.length();
            while (text.charAt(end - 1) == '0') {
                end--;
            }
            if (text.charAt(end - 1) == '.') {
                end--;
            }
            text = text.substring(0, end);
        }
        return text.equals("-0") ? "0" : text;
    }

    /** C's {@code %.<decimals>f} of a double: its exact value rounded half to even; inf and nan as C prints them. */
    static String plain(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String text =
                new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if ((value < 0 || (value == 0 && 1 / value < 0)) && !text.startsWith("-")) {
            text = "-" + text;
        }
        return text;
    }
}
