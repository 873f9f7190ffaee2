package io.miniredis.config;

/** A value a parameter refuses, with the reason in Redis's words (e.g. {@code argument must be 'yes' or 'no'}). */
public final class ConfigException extends RuntimeException {

    public ConfigException(String reason) {
        super(reason, null, false, false);
    }
}
