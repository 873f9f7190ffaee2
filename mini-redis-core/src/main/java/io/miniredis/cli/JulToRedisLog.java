package io.miniredis.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * java.util.logging into {@link RedisLog}, for the libraries that log through it rather than System.Logger
 * (Netty, when it finds no SLF4J): in the standalone server every line has Redis's format.
 */
final class JulToRedisLog extends Handler {

    private final SimpleFormatter messages = new SimpleFormatter();

    /** Replaces the root logger's handlers with this one; Netty's chatter below WARNING is left out. */
    static void install() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new JulToRedisLog());
        root.setLevel(Level.ALL);
        java.util.logging.Logger.getLogger("io.netty").setLevel(Level.WARNING);
    }

    @Override
    public void publish(LogRecord record) {
        int value = record.getLevel().intValue();
        RedisLog.Level level = value >= Level.WARNING.intValue()
                ? RedisLog.Level.WARNING
                : value >= Level.INFO.intValue()
                        ? RedisLog.Level.NOTICE
                        : value >= Level.FINE.intValue() ? RedisLog.Level.VERBOSE : RedisLog.Level.DEBUG;
        if (!RedisLog.enabled(level)) {
            return;
        }
        String text = messages.formatMessage(record);
        if (record.getThrown() != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
            text = text + "\n" + trace.toString().stripTrailing();
        }
        RedisLog.log(level, text);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
