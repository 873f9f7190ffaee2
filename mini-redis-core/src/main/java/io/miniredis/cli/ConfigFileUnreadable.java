package io.miniredis.cli;

/**
 * A config file (the one named on the command line, or an {@code include}) that cannot be opened: redis-server
 * logs {@code Fatal error, can't open config file '<path>': <reason>} and exits with status 1.
 */
final class ConfigFileUnreadable extends RuntimeException {

    ConfigFileUnreadable(String path, String reason) {
        super("Fatal error, can't open config file '" + path + "': " + reason, null, false, false);
    }
}
