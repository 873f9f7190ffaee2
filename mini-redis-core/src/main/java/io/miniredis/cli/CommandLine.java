package io.miniredis.cli;

import java.util.List;
import java.util.Locale;

/**
 * The server's argument vector read as redis-server 7.0 reads it: {@code [config-file] [-] [--name value ...] [-]}.
 * The options are turned into redis.conf lines appended after the file, so a bad option is reported like a bad
 * config line, with its line number, exactly as redis-server reports it.
 *
 * <p>Redis's rule for where an option's values end: the argument right after {@code --name} is always its value,
 * even when it starts with {@code --} ({@code --logfile --save} sets logfile to "--save"); after that, an argument
 * starting with {@code --} starts the next option. {@code --save} followed by another option (or nothing) means
 * {@code save ""}. One argument holding a name and a value ({@code "--maxmemory 700mb"}) is taken as both.
 */
record CommandLine(Mode mode, String configFile, boolean configFromStdin, String options) {

    enum Mode {
        RUN,
        VERSION,
        HELP,
        TEST_MEMORY
    }

    static CommandLine parse(String[] args) {
        if (args.length >= 1) {
            switch (args[0]) {
                case "-v", "--version" -> {
                    return new CommandLine(Mode.VERSION, null, false, "");
                }
                case "-h", "--help" -> {
                    return new CommandLine(Mode.HELP, null, false, "");
                }
                case "--test-memory" -> {
                    return new CommandLine(Mode.TEST_MEMORY, null, false, "");
                }
                default -> {}
            }
        }
        int j = 0;
        String configFile = null;
        if (args.length >= 1 && !args[0].startsWith("-")) {
            configFile = args[0];
            j = 1;
        }
        boolean stdin = false;
        StringBuilder options = new StringBuilder();
        boolean lastNameHadValue = true; // false right after "--name": the next argument is its value, whatever it is
        for (; j < args.length; j++) {
            String arg = args[j];
            if (arg.equals("-") && (j == 0 || j == args.length - 1)) {
                stdin = true; // "-" first or last: the config also comes from standard input
            } else if (lastNameHadValue && arg.startsWith("--")) {
                if (!options.isEmpty()) {
                    options.append('\n');
                }
                options.append(arg, 2, arg.length()).append(' ');
                List<String> words = RedisConfLine.split(arg); // null: unbalanced quotes, refused when the line is read
                if (words != null && words.size() == 1) {
                    lastNameHadValue = false;
                    boolean isSave = arg.toLowerCase(Locale.ROOT).equals("--save");
                    if (isSave && (j == args.length - 1 || args[j + 1].startsWith("--"))) {
                        options.append("\"\""); // a bare --save means save ""
                        lastNameHadValue = true;
                    }
                }
            } else {
                options.append(repr(arg)).append(' ');
                lastNameHadValue = true;
            }
        }
        return new CommandLine(Mode.RUN, configFile, stdin, options.toString());
    }

    /** A value quoted the way redis.conf's parser reads it back: {@code "..."} with C escapes. */
    static String repr(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        out.append((char) c);
                    } else {
                        out.append(String.format(Locale.ROOT, "\\x%02x", c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
