package io.miniredis.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The log's settings at start, and the warnings for start-up parameters a JVM cannot honour. */
final class StartupLog {

    private StartupLog() {}

    /** {@code loglevel} and {@code logfile} from the loaded configuration (the file was opened when read). */
    static void configure(Map<String, String> parameters) {
        RedisLog.level(parameters.getOrDefault("loglevel", "notice"));
        try {
            RedisLog.logfile(parameters.getOrDefault("logfile", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // RedisConf opened it moments ago
        }
    }

    /**
     * Parameters Redis acts on at start that mini-redis cannot: each one set says so in the log (listed in the
     * README), rather than being silently ignored.
     */
    static void warnAboutUnsupported(Map<String, String> parameters) {
        if ("yes".equals(parameters.get("daemonize"))) {
            RedisLog.log(
                    RedisLog.Level.WARNING,
                    "WARNING daemonize yes is not supported: a JVM cannot fork itself into the background. Running"
                            + " in the foreground; use a service manager (systemd, Docker) or nohup to detach.");
        }
        String supervised = parameters.getOrDefault("supervised", "no");
        if (!supervised.equals("no")) {
            RedisLog.log(
                    RedisLog.Level.WARNING,
                    "WARNING supervised " + supervised + " is not supported: mini-redis sends no readiness"
                            + " notification to upstart or systemd. Use Type=simple (systemd) or expect stop.");
        }
        if ("yes".equals(parameters.get("syslog-enabled"))) {
            String target = parameters.getOrDefault("logfile", "");
            RedisLog.log(
                    RedisLog.Level.WARNING,
                    "WARNING syslog-enabled is not supported: logging to "
                            + (target.isEmpty() ? "standard output" : target) + " only.");
        }
    }
}
