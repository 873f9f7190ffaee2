package io.miniredis.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The standalone server's log, in redis-server's format: {@code pid:R dd Mon yyyy HH:mm:ss.SSS L message}, where R
 * is the role ({@code C} until the configuration is loaded, then {@code M}) and L the level: {@code .} debug,
 * {@code -} verbose, {@code *} notice, {@code #} warning. Lines below {@code loglevel} are dropped; they go to
 * {@code logfile}, or standard output when it is empty. One process-wide log, as redis-server has.
 */
public final class RedisLog {

    /** Redis's levels, finest first, with the character each line shows. */
    public enum Level {
        DEBUG('.'),
        VERBOSE('-'),
        NOTICE('*'),
        WARNING('#');

        final char mark;

        Level(char mark) {
            this.mark = mark;
        }

        static Level of(String loglevel) {
            return switch (loglevel.toLowerCase(Locale.ROOT)) {
                case "debug" -> DEBUG;
                case "verbose" -> VERBOSE;
                case "warning" -> WARNING;
                default -> NOTICE;
            };
        }

        /**
         * System.Logger's levels on Redis's: TRACE is Redis's debug, DEBUG its verbose, INFO its notice, WARNING and
         * ERROR its warning.
         */
        static Level of(System.Logger.Level level) {
            return switch (level) {
                case ALL, TRACE -> DEBUG;
                case DEBUG -> VERBOSE;
                case INFO -> NOTICE;
                case WARNING, ERROR, OFF -> WARNING;
            };
        }
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final long PID = ProcessHandle.current().pid();

    private static volatile Level threshold = Level.NOTICE;
    private static volatile char role = 'C';
    private static PrintStream out = System.out;
    private static String logfile = "";

    private RedisLog() {}

    public static boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    public static void log(Level level, String message) {
        if (!enabled(level)) {
            return;
        }
        String line = format(PID, role, Instant.now(), level, message);
        synchronized (RedisLog.class) {
            out.print(line);
            out.flush();
        }
    }

    static String format(long pid, char role, Instant time, Level level, String message) {
        return pid + ":" + role + " " + TIME.format(time) + " " + level.mark + " " + message + "\n";
    }

    /** {@code loglevel}: at start and on CONFIG SET. */
    static void level(String loglevel) {
        threshold = Level.of(loglevel);
    }

    /** The configuration is loaded: from now on lines are the main process's ({@code M}). */
    static void configured() {
        role = 'M';
    }

    /**
     * {@code logfile}: empty is standard output, anything else a file appended to (created if missing).
     *
     * @throws IOException when the file cannot be opened, which stops the start as in Redis
     */
    static void logfile(String path) throws IOException {
        PrintStream next = path.isEmpty()
                ? System.out
                : new PrintStream((OutputStream) new FileOutputStream(path, true), false, StandardCharsets.UTF_8);
        synchronized (RedisLog.class) {
            if (out != System.out) {
                out.close();
            }
            out = next;
            logfile = path;
        }
    }

    static String logfile() {
        return logfile;
    }
}
