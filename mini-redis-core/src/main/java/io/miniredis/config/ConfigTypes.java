package io.miniredis.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scalar value types of Redis's configuration: booleans, bounded integers, memory sizes, percentages, enums,
 * strings, octal modes. Each refuses what Redis refuses, with Redis's reason, and reports the canonical form CONFIG
 * GET shows. The list-valued parameters (save, client-output-buffer-limit...) are in {@link ListConfigTypes}.
 */
public final class ConfigTypes {

    /** Redis's LLONG_MAX bound, shown in range errors of 64-bit parameters. */
    public static final long LLONG_MAX = Long.MAX_VALUE;

    public static final long INT_MAX = Integer.MAX_VALUE;
    public static final long INT_MIN = Integer.MIN_VALUE;
    public static final long UINT_MAX = 4294967295L;

    private ConfigTypes() {}

    /** {@code yes} or {@code no}, case-insensitively. */
    public static final ConfigType BOOL = value -> switch (value.toLowerCase(Locale.ROOT)) {
        case "yes" -> "yes";
        case "no" -> "no";
        default -> throw new ConfigException("argument must be 'yes' or 'no'");
    };

    /** Any text, kept as given. */
    public static final ConfigType STRING = value -> value;

    /** An integer between {@code min} and {@code max}, written without sign, spaces or leading zeros. */
    public static ConfigType integer(long min, long max) {
        return value -> Long.toString(parseInteger(value, min, max));
    }

    /**
     * An integer checked against {@code min..max}, then brought into {@code floor..ceiling}: Redis accepts
     * {@code hz 0} and {@code hz 100000} but runs (and reports) 1 and 500.
     */
    public static ConfigType clampedInteger(long min, long max, long floor, long ceiling) {
        return value -> Long.toString(Math.max(floor, Math.min(ceiling, parseInteger(value, min, max))));
    }

    /** A byte count with units (k, kb, m, mb, g, gb) between {@code min} and {@code max} (at most 2^63-1). */
    public static ConfigType memory(long min, long max) {
        return value -> {
            Long bytes = ConfigNumbers.memory(value);
            if (bytes == null) {
                throw new ConfigException("argument must be a memory value");
            }
            if (bytes < min || bytes > max) { // unsigned values beyond 2^63-1 read as negative: out of range too
                throw outOfRange(min, max);
            }
            return Long.toString(bytes);
        };
    }

    /** A byte count over the whole unsigned 64-bit range ({@code maxmemory}): never out of range. */
    public static final ConfigType UNSIGNED_MEMORY = value -> {
        Long bytes = ConfigNumbers.memory(value);
        if (bytes == null) {
            throw new ConfigException("argument must be a memory value");
        }
        return Long.toUnsignedString(bytes);
    };

    /**
     * A byte count or a percentage of maxmemory ({@code maxmemory-clients 10%}). Redis keeps a percentage as a
     * negative number, so a byte count beyond 2^63-1 reads back as a percentage ({@code 18446744073709551615} is
     * reported as {@code 1%}); this reproduces that.
     */
    public static final ConfigType MEMORY_OR_PERCENT = value -> {
        long stored;
        if (value.endsWith("%")) {
            Long percent = ConfigNumbers.strictLong(value.substring(0, value.length() - 1));
            if (percent == null || percent < 0) {
                throw new ConfigException("argument must be a memory or percent value");
            }
            stored = -percent;
        } else {
            Long bytes = ConfigNumbers.memory(value);
            if (bytes == null) {
                throw new ConfigException("argument must be a memory or percent value");
            }
            stored = bytes;
        }
        if (stored < 0) {
            if (stored < -100) { // Long.MIN_VALUE included: its negation does not fit
                throw new ConfigException("percentage argument must be less or equal to 100");
            }
            return -stored + "%";
        }
        return Long.toString(stored);
    };

    /** One of a fixed set of words, case-insensitively; reported as listed (see {@link EnumType#reportedAs}). */
    public static EnumType oneOf(String... values) {
        return new EnumType(values);
    }

    /**
     * {@code shutdown-on-sigint} / {@code shutdown-on-sigterm}: any of {@code save nosave now force} together (or
     * {@code default}, none), reported in that order, as Redis's flag enums are; SAVE with NOSAVE is refused.
     */
    public static final ConfigType SHUTDOWN_FLAGS = value -> {
        List<String> order = List.of("save", "nosave", "now", "force");
        java.util.Set<String> given = new java.util.HashSet<>();
        for (String word : value.split(" ", -1)) {
            String flag = word.toLowerCase(Locale.ROOT);
            if (!flag.equals("default") && !order.contains(flag)) {
                throw new ConfigException(
                        "argument(s) must be one of the following: default, save, nosave, now, force");
            }
            given.add(flag);
        }
        if (given.contains("save") && given.contains("nosave")) {
            throw new ConfigException("shutdown options SAVE and NOSAVE can't be used simultaneously");
        }
        List<String> canonical = order.stream().filter(given::contains).toList();
        return canonical.isEmpty() ? "default" : String.join(" ", canonical);
    };

    /** A permission mode in octal ({@code unixsocketperm 700}), between {@code min} and {@code max} (octal). */
    public static ConfigType octal(int min, int max) {
        return value -> {
            long parsed;
            String digits = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
            if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '7') || digits.length() > 21) {
                throw new ConfigException("argument couldn't be parsed as an octal number");
            }
            try {
                parsed = Long.parseLong(digits, 8) * (value.startsWith("-") ? -1 : 1);
            } catch (NumberFormatException e) {
                throw new ConfigException("argument couldn't be parsed as an octal number");
            }
            if (parsed < min || parsed > max) {
                throw new ConfigException("argument must be between " + Integer.toOctalString(min) + " and "
                        + Integer.toOctalString(max) + " inclusive");
            }
            return Long.toOctalString(parsed);
        };
    }

    /** An integer as Redis reads most numeric parameters, checked against {@code min..max}. */
    public static long parseInteger(String value, long min, long max) {
        Long parsed = ConfigNumbers.strictLong(value);
        if (parsed == null) {
            throw new ConfigException("argument couldn't be parsed into an integer");
        }
        if (parsed < min || parsed > max) {
            throw outOfRange(min, max);
        }
        return parsed;
    }

    static ConfigException outOfRange(long min, long max) {
        return new ConfigException("argument must be between " + min + " and " + max + " inclusive");
    }

    /** An enum parameter: the accepted words, in Redis's order (its error lists them so), and synonyms. */
    public static final class EnumType implements ConfigType {

        private final List<String> names = new ArrayList<>();
        private final Map<String, String> reported = new LinkedHashMap<>();

        private EnumType(String... values) {
            for (String value : values) {
                names.add(value);
                reported.put(value, value);
            }
        }

        /** {@code synonym} is accepted and reported as {@code canonical} (oom-score-adj: relative is yes). */
        public EnumType reportedAs(String synonym, String canonical) {
            reported.put(synonym, canonical);
            return this;
        }

        @Override
        public String normalize(String value) {
            String canonical = reported.get(value.toLowerCase(Locale.ROOT));
            if (canonical == null) {
                throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", names));
            }
            return canonical;
        }
    }
}
