package io.miniredis.config;

import java.util.Map;

/** Text parameters that Redis checks: file names that must not be paths, and the process title template. */
public final class TextConfigTypes {

    private TextConfigTypes() {}

    public static final ConfigType FILENAME_DBFILENAME = value -> {
        if (value.indexOf('/') >= 0) {
            throw new ConfigException("dbfilename can't be a path, just a filename");
        }
        return value;
    };

    public static final ConfigType APPENDFILENAME = value -> {
        if (value.isEmpty()) {
            throw new ConfigException("appendfilename can't be empty");
        }
        if (value.indexOf('/') >= 0) {
            throw new ConfigException("appendfilename can't be a path, just a filename");
        }
        return value;
    };

    public static final ConfigType APPENDDIRNAME = value -> {
        if (value.isEmpty()) {
            throw new ConfigException("appenddirname can't be empty");
        }
        if (value.indexOf('/') >= 0) {
            throw new ConfigException("appenddirname can't be a path, just a dirname");
        }
        return value;
    };

    /**
     * What each template variable stands for when Redis checks a template: the title is left empty, so a template
     * must show something besides it, and so are the ones empty on a standalone server without a unix socket.
     */
    private static final Map<String, String> TEMPLATE_PROBE = Map.of(
            "title",
            "",
            "listen-addr",
            "*:6379",
            "server-mode",
            "",
            "port",
            "6379",
            "tls-port",
            "0",
            "unixsocket",
            "",
            "config-file",
            "redis.conf");

    /**
     * {@code proc-title-template}: variables in braces ({@code {title}}, {@code {listen-addr}}...), {@code {{} for a
     * brace; refused when a variable is unknown or unclosed, or when the title would be blank without
     * {@code {title}}.
     */
    public static final ConfigType PROC_TITLE_TEMPLATE = value -> {
        StringBuilder expanded = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '{' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
                expanded.append('{');
                i += 2;
            } else if (c == '{') {
                int close = value.indexOf('}', i);
                String variable = close < 0 ? null : TEMPLATE_PROBE.get(value.substring(i + 1, close));
                if (variable == null) {
                    throw invalidTemplate();
                }
                expanded.append(variable);
                i = close + 1;
            } else {
                expanded.append(c);
                i++;
            }
        }
        if (expanded.toString().replace(" ", "").isEmpty()) { // Redis trims spaces only
            throw invalidTemplate();
        }
        return value;
    };

    private static ConfigException invalidTemplate() {
        return new ConfigException("template format is invalid or contains unknown variables");
    }
}
