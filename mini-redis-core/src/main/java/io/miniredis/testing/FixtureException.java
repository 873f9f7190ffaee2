package io.miniredis.testing;

/** A fixture that cannot be read or loaded; the message names the file and the line (or byte offset) at fault. */
public final class FixtureException extends RuntimeException {

    public FixtureException(String message) {
        super(message);
    }

    public FixtureException(String message, Throwable cause) {
        super(message, cause);
    }
}
