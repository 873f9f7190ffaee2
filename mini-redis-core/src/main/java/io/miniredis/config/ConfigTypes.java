package io.miniredis.config;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The value types of Redis's configuration: booleans, bounded numbers, memory sizes, enums, strings. */
public final class ConfigTypes {

    private ConfigTypes() {
    }

    public static final ConfigType BOOL = value -> switch (value.toLowerCase(Locale.ROOT)) {
        case "yes" -> "yes";
        case "no" -> "no";
        default -> throw new ConfigException("argument must be 'yes' or 'no'");
    };

    public static final ConfigType STRING = value -> value;

    /** An integer between {@code min} and {@code max}. */
    public static ConfigType integer(long min, long max) {
        return value -> {
            long parsed = parseInteger(value);
            checkRange(parsed, min, max);
            return Long.toString(parsed);
        };
    }

    /** A byte count with Redis's units (k, kb, m, mb, g, gb; k is 1000, kb 1024) between min and max. */
    public static ConfigType memory(long min, long max) {
        return value -> {
            long parsed = parseMemory(value);
            checkRange(parsed, min, max);
            return Long.toString(parsed);
        };
    }

    /** One of a fixed set of words, case-insensitively; reported in lower case. */
    public static ConfigType oneOf(String... values) {
        List<String> allowed = Arrays.asList(values);
        return value -> {
            String lower = value.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", values));
            }
            return lower;
        };
    }

    static void checkRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
        }
    }

    public static long parseInteger(String value) {
        try {
            if (value.isEmpty() || value.startsWith("+") || (value.length() > 1 && value.startsWith("0"))) {
                throw new NumberFormatException();
            }
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException("argument couldn't be parsed into an integer");
        }
    }

    /** Redis's memtoull: a decimal with an optional unit suffix, case-insensitive. */
    public static long parseMemory(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String digits = lower;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"},
                {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
        for (String[] unit : units) {
            if (lower.endsWith(unit[0])) {
                multiplier = Long.parseLong(unit[1]);
                digits = lower.substring(0, lower.length() - unit[0].length());
                break;
            }
        }
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfigException("argument must be a memory value");
        }
        BigInteger bytes = new BigInteger(digits).multiply(BigInteger.valueOf(multiplier));
        if (bytes.bitLength() > 63) {
            throw new ConfigException("argument must be a memory value");
        }
        return bytes.longValue();
    }
}
