package io.miniredis.cli;

import io.miniredis.protocol.InlineSplitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standalone server's arguments, read the way redis-server reads them: an optional config file path first
 * (redis.conf syntax), then {@code --name value...} options whose value runs to the next {@code --}. Later
 * settings win, so the command line overrides the file.
 */
final class LauncherOptions {

    /** Parameters by redis.conf name, in the order given. */
    final Map<String, String> parameters = new LinkedHashMap<>();
    /** The redis.conf read at start, kept for CONFIG REWRITE. */
    Path configFile;

    boolean help;
    boolean version;

    static LauncherOptions parse(String[] args) throws IOException {
        LauncherOptions options = new LauncherOptions();
        int i = 0;
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            options.help = true;
            return options;
        }
        if (args.length > 0 && (args[0].equals("-v") || args[0].equals("--version"))) {
            options.version = true;
            return options;
        }
        if (args.length > 0 && !args[0].startsWith("--")) {
            options.configFile = Path.of(args[0]);
            options.readConfigFile(options.configFile);
            i = 1;
        }
        while (i < args.length) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("Invalid argument '" + arg + "': options look like --port 6380");
            }
            String name = arg.substring(2).toLowerCase(Locale.ROOT);
            List<String> values = new ArrayList<>();
            i++;
            while (i < args.length && !args[i].startsWith("--")) {
                values.add(args[i++]);
            }
            options.parameters.put(name, String.join(" ", values));
        }
        return options;
    }

    private void readConfigFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            byte[][] words = InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8));
            if (words == null || words.length == 0) {
                throw new ConfigFileError(file, n + 1, line, "Unbalanced quotes in configuration line");
            }
            String name = new String(words[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (words.length < 2 && !name.equals("save") && !name.equals("bind")) {
                throw new ConfigFileError(file, n + 1, line, "wrong number of arguments");
            }
            List<String> values = new ArrayList<>();
            for (int w = 1; w < words.length; w++) {
                values.add(new String(words[w], StandardCharsets.UTF_8));
            }
            String value = String.join(" ", values);
            if (ACCUMULATING.contains(name)
                    && !parameters.getOrDefault(name, "").isEmpty()
                    && !value.isEmpty()) {
                value = parameters.get(name) + " " + value;
            }
            parameters.put(name, value);
        }
    }

    /** Directives that redis.conf may repeat, each line adding to the value ({@code save 3600 1}, one line a class). */
    private static final java.util.Set<String> ACCUMULATING = java.util.Set.of("save", "client-output-buffer-limit");

    /** A bad line in the config file, reported like redis-server's FATAL CONFIG FILE ERROR. */
    static final class ConfigFileError extends IllegalArgumentException {
        ConfigFileError(Path file, int lineNumber, String line, String reason) {
            super("\n*** FATAL CONFIG FILE ERROR ***\nReading the configuration file " + file + ", at line "
                    + lineNumber + "\n>>> '" + line + "'\n" + reason);
        }
    }
}
