package io.miniredis.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code pidfile}: the process id written at start and removed at shutdown, as redis-server does. A file that
 * cannot be written is a warning, not a reason to stop (Redis: "Failed to write PID file").
 */
final class PidFile {

    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    static PidFile write(String file) {
        if (file.isEmpty()) {
            return new PidFile(null);
        }
        Path path = Path.of(file);
        try {
            Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            return new PidFile(path);
        } catch (IOException e) {
            RedisLog.log(RedisLog.Level.WARNING, "Failed to write PID file: " + e.getMessage());
            return new PidFile(null);
        }
    }

    void delete() {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the process is exiting; a stale pid file is what Redis leaves too when it cannot remove it
            }
        }
    }
}
