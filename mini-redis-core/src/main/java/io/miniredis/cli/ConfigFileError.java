package io.miniredis.cli;

import io.miniredis.protocol.RedisVersion;

/**
 * A bad line in the configuration (file, standard input or command line), reported with redis-server's exact
 * text: the {@code *** FATAL CONFIG FILE ERROR ***} block naming the line number, the line and the reason.
 */
final class ConfigFileError extends RuntimeException {

    ConfigFileError(int lineNumber, String line, String reason) {
        super(
                "\n*** FATAL CONFIG FILE ERROR (Redis " + RedisVersion.VERSION + ") ***\n"
                        + "Reading the configuration file, at line " + lineNumber + "\n"
                        + ">>> '" + line + "'\n"
                        + reason + "\n",
                null,
                false,
                false);
    }

    /** A problem found after every line was read (the log file cannot be opened): no line to name. */
    ConfigFileError(String reason) {
        super(
                "\n*** FATAL CONFIG FILE ERROR (Redis " + RedisVersion.VERSION + ") ***\n" + reason + "\n",
                null,
                false,
                false);
    }
}
