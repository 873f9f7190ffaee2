package io.miniredis.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The log's settings at start. (Start-up parameters a JVM cannot honour, daemonize and the like, are warned about by
 * {@link io.miniredis.config.PendingParameters}, embedded or standalone.)
 */
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
}
