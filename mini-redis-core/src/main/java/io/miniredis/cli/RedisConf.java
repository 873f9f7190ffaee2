package io.miniredis.cli;

import io.miniredis.config.ConfigException;
import io.miniredis.config.ConfigParameter;
import io.miniredis.config.ConfigRegistry;
import io.miniredis.config.RedisParameters;
import io.miniredis.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The configuration the standalone server starts from, read as redis-server reads it: the config file, then
 * standard input ({@code -}), then the command-line options as extra lines, one directive a line. Every
 * parameter the config registry knows is validated there, with the same reasons as CONFIG SET, and the first bad
 * line stops the start with Redis's error block. Later lines win.
 */
final class RedisConf {

    /**
     * Parameters whose values are several words: their words are joined with single spaces (one quoted argument
     * holding spaces is split the same way), and a bare name means an empty value ({@code save}: no snapshots).
     */
    private static final Set<String> MULTI_ARG = Set.of(
            "save",
            "client-output-buffer-limit",
            "bind",
            "oom-score-adj-values",
            "latency-tracking-info-percentiles",
            "shutdown-on-sigint",
            "shutdown-on-sigterm");

    /** Parameters by their canonical name, in the order first given. */
    final Map<String, String> parameters = new LinkedHashMap<>();
    /** What each command is called: current name (empty = removed) by original name, after rename-command. */
    final CommandRenames renames = new CommandRenames();
    /** The config file named on the command line, for CONFIG REWRITE; null when none. */
    Path configFile;

    private final ConfigRegistry registry = new ConfigRegistry(RedisParameters.all());

    private RedisConf() {
        registry.initialize("bind", ServerConfig.DEFAULT_BIND);
    }

    /**
     * @throws ConfigFileError for a bad line
     * @throws ConfigFileUnreadable when a file cannot be opened
     */
    static RedisConf load(CommandLine commandLine, java.io.InputStream stdin) throws IOException {
        RedisConf conf = new RedisConf();
        StringBuilder text = new StringBuilder();
        if (commandLine.configFile() != null) {
            conf.configFile = Path.of(commandLine.configFile()).toAbsolutePath();
            text.append(read(commandLine.configFile()));
        }
        if (commandLine.configFromStdin()) {
            text.append(new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
        }
        // Redis appends the options after a newline, so with no file they start at line 2
        text.append('\n').append(commandLine.options());
        conf.readLines(text.toString());
        String logfile = conf.parameters.getOrDefault("logfile", "");
        if (!logfile.isEmpty()) { // Redis opens the log file once every line is read, failing the start there
            String problem = openForAppend(logfile);
            if (problem != null) {
                throw new ConfigFileError("Can't open the log file: " + problem);
            }
        }
        return conf;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigFileUnreadable(path, "No such file or directory");
        } catch (AccessDeniedException e) {
            throw new ConfigFileUnreadable(path, "Permission denied");
        } catch (IOException e) {
            throw new ConfigFileUnreadable(path, e.getMessage());
        }
    }

    private void readLines(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = strip(lines[i]);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> words = RedisConfLine.split(line);
            if (words == null) {
                throw new ConfigFileError(i + 1, line, "Unbalanced quotes in configuration line");
            }
            if (words.isEmpty()) {
                continue;
            }
            String reason = directive(words);
            if (reason != null) {
                throw new ConfigFileError(i + 1, line, reason);
            }
        }
    }

    /** Why {@code file} cannot be opened for appending, in strerror's words; null when it can. */
    private static String openForAppend(String file) {
        try (var out = new java.io.FileOutputStream(file, true)) {
            return null;
        } catch (java.io.FileNotFoundException e) {
            String message = String.valueOf(e.getMessage());
            int reason = message.lastIndexOf(" (");
            return reason >= 0 ? message.substring(reason + 2, message.length() - 1) : message;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Redis trims spaces, tabs and line ends ({@code sdstrim(line, " \t\r\n")}), not every Unicode space. */
    private static String strip(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && " \t\r\n".indexOf(line.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && " \t\r\n".indexOf(line.charAt(end - 1)) >= 0) {
            end--;
        }
        return line.substring(start, end);
    }

    /** Applies one directive; returns the reason it is refused, or null. */
    private String directive(List<String> words) {
        String name = words.get(0).toLowerCase(Locale.ROOT);
        int argc = words.size();
        ConfigParameter parameter = registry.parameter(name);
        if (parameter != null) {
            String value;
            if (MULTI_ARG.contains(parameter.name())) {
                value = String.join(" ", words.subList(1, argc));
            } else if (parameter.name().equals("replicaof")) {
                if (argc != 3) {
                    return "wrong number of arguments";
                }
                value = words.get(1) + " " + words.get(2);
            } else if (argc != 2) {
                return "wrong number of arguments";
            } else {
                value = words.get(1);
            }
            try {
                registry.initialize(parameter.name(), value);
            } catch (ConfigException e) {
                return e.getMessage();
            }

            parameters.remove(parameter.name()); // re-inserted last: the order of application follows the file
            parameters.put(parameter.name(), registry.get(parameter.name()));
            return null;
        }
        if (name.equals("include") && argc == 2) {
            readLines(read(words.get(1))); // relative to the working directory, as Redis opens it
            return null;
        }
        if (name.equals("rename-command") && argc == 3) {
            return renames.rename(words.get(1), words.get(2));
        }
        if ((name.equals("user") || name.equals("loadmodule")) && argc >= 2) {
            return name.equals("user")
                    ? "ACL users in the config file are not supported by mini-redis (it has only the default user)"
                    : "Modules are not supported by mini-redis";
        }
        return "Bad directive or wrong number of arguments";
    }
}
