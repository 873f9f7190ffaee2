package io.miniredis.boot.autoconfigure;

/**
 * A value the embedded server refuses, with the Redis parameter it was meant for and the server's reason; the
 * {@link MiniRedisFailureAnalyzer} turns it into a start-up report naming the Spring property to fix.
 */
public class InvalidMiniRedisConfigurationException extends RuntimeException {

    private final String property;
    private final String parameter;
    private final String value;
    private final String reason;

    /**
     * @param property the Spring property the value came from, or null when a {@link MiniRedisServerCustomizer}
     *                 set it
     * @param parameter the Redis parameter (redis.conf name)
     * @param value the refused value
     * @param reason why, in the server's words
     */
    public InvalidMiniRedisConfigurationException(
            String property, String parameter, String value, String reason, Throwable cause) {
        super(message(property, parameter, value, reason), cause);
        this.property = property;
        this.parameter = parameter;
        this.value = value;
        this.reason = reason;
    }

    private static String message(String property, String parameter, String value, String reason) {
        String source = property != null ? "'" + property + "'" : "the mini-redis configuration";
        String redis = parameter == null ? "" : " (Redis parameter '" + parameter + "')";
        return "Invalid value '" + value + "' for " + source + redis + ": " + reason;
    }

    /** The Spring property at fault, or null when a customizer set the value. */
    public String getProperty() {
        return property;
    }

    /** The redis.conf name of the parameter, or null when the value is not one parameter's. */
    public String getParameter() {
        return parameter;
    }

    public String getValue() {
        return value;
    }

    public String getReason() {
        return reason;
    }
}
