package io.miniredis.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the text of Redis's INFO into sections of fields, for JSON: {@code # Server} becomes the section
 * {@code server}; {@code name:value} lines become fields. Values that are numbers become numbers (but not ones
 * with a leading zero, such as {@code redis_git_sha1:00000000}, which are identifiers), and values made of
 * {@code key=value} pairs ({@code db0:keys=1,expires=0,avg_ttl=0}, {@code cmdstat_get:calls=2,...}) become objects.
 */
public final class InfoText {

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.[0-9]+");
    private static final Pattern PAIRS = Pattern.compile("[a-z0-9_.]+=[^,=]*(,[a-z0-9_.]+=[^,=]*)*");

    private InfoText() {}

    public static Map<String, Map<String, Object>> parse(String info) {
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        Map<String, Object> current = null;
        for (String line : info.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(1).trim().toLowerCase(Locale.ROOT), current);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || current == null) {
                continue;
            }
            current.put(line.substring(0, colon), value(line.substring(colon + 1)));
        }
        return sections;
    }

    static Object value(String text) {
        if (INTEGER.matcher(text).matches()) {
            return Long.parseLong(text);
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        if (PAIRS.matcher(text).matches()) {
            Map<String, Object> pairs = new LinkedHashMap<>();
            for (String pair : text.split(",")) {
                int equals = pair.indexOf('=');
                pairs.put(pair.substring(0, equals), value(pair.substring(equals + 1)));
            }
            return pairs;
        }
        return text;
    }
}
