package io.miniredis.config;

/**
 * How one kind of parameter reads a value: it validates it as Redis does and returns the canonical form that
 * CONFIG GET reports (for example {@code 1gb} becomes {@code 1073741824}, {@code YES} becomes {@code yes}).
 */
@FunctionalInterface
public interface ConfigType {

    /** @throws ConfigException with Redis's reason text when the value is refused */
    String normalize(String value);

    /**
     * Like {@link #normalize(String)} for the types whose new value depends on the current one: setting one class of
     * {@code client-output-buffer-limit} keeps the other classes.
     */
    default String normalize(String value, String current) {
        return normalize(value);
    }

    /**
     * What CONFIG GET and CONFIG REWRITE show for a stored canonical value; the same, except for a type whose Redis
     * display loses information the server still acts on ({@code notify-keyspace-events} hides {@code n} next to
     * {@code A}).
     */
    default String display(String canonical) {
        return canonical;
    }
}
