package io.miniredis.cli;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The standalone server's {@link System.LoggerFinder}: every {@code System.Logger} of the core writes through
 * {@link RedisLog}, in redis-server's format. It is registered only inside the standalone jar
 * ({@code mini-redis-server.jar}, by the shade plugin), never in the core's plain jar: an application embedding
 * the server (the Spring starter) keeps the JDK's finder, whose loggers go to java.util.logging and from there
 * to SLF4J/Logback, so its users keep their own log format. (A LoggerFinder in the plain jar would also compete
 * with one an application brings, such as slf4j-jdk-platform-logging: the JDK takes whichever it finds first.)
 */
public final class RedisLoggerFinder extends System.LoggerFinder {

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new RedisSystemLogger(name);
    }

    /** One named logger; the name is not printed, as redis-server's lines carry none. */
    private record RedisSystemLogger(String name) implements System.Logger {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && RedisLog.enabled(RedisLog.Level.of(level));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            if (!isLoggable(level)) {
                return;
            }
            String text = localized(bundle, message);
            if (thrown != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                thrown.printStackTrace(new java.io.PrintWriter(trace));
                text = text + "\n" + trace.toString().stripTrailing();
            }
            RedisLog.log(RedisLog.Level.of(level), text);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (!isLoggable(level)) {
                return;
            }
            String pattern = localized(bundle, format);
            String text = params == null || params.length == 0 ? pattern : new MessageFormat(pattern).format(params);
            RedisLog.log(RedisLog.Level.of(level), text);
        }

        @Override
        public void log(Level level, Supplier<String> message) {
            if (isLoggable(level)) {
                RedisLog.log(RedisLog.Level.of(level), message.get());
            }
        }

        private static String localized(ResourceBundle bundle, String key) {
            if (bundle != null && key != null && bundle.containsKey(key)) {
                return bundle.getString(key);
            }
            return String.valueOf(key);
        }
    }
}
