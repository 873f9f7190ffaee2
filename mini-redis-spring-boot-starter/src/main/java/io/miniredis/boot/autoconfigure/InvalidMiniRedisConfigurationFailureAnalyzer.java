package io.miniredis.boot.autoconfigure;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports a value the embedded server refused: which property, where it was set, and the server's reason (the one
 * {@code redis-server} would give), instead of a stack trace.
 */
class InvalidMiniRedisConfigurationFailureAnalyzer
        extends AbstractFailureAnalyzer<InvalidMiniRedisConfigurationException> {

    private final Environment environment;

    InvalidMiniRedisConfigurationFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidMiniRedisConfigurationException cause) {
        StringBuilder description = new StringBuilder("The embedded mini-redis server refused its configuration.")
                .append(System.lineSeparator())
                .append(System.lineSeparator());
        String action;
        if (cause.getProperty() != null) {
            description.append("    Property: ").append(cause.getProperty()).append(System.lineSeparator());
            description.append("    Value: '").append(cause.getValue()).append("'");
            String origin = origin(cause.getProperty());
            if (origin != null) {
                description.append(" (from ").append(origin).append(")");
            }
            description.append(System.lineSeparator());
            if (cause.getParameter() != null) {
                description
                        .append("    Redis parameter: ")
                        .append(cause.getParameter())
                        .append(System.lineSeparator());
            }
            action = "Update the value of '" + cause.getProperty() + "' in your application's configuration.";
        } else {
            action = "Check the values your MiniRedisServerCustomizer beans set.";
        }
        description.append("    Reason: ").append(cause.getReason());
        return new FailureAnalysis(description.toString(), action, cause);
    }

    /** Where the property was set (file and line, environment variable...), when the environment knows it. */
    private String origin(String property) {
        if (environment == null || !ConfigurationPropertyName.isValid(property)) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return found.getOrigin() != null ? found.getOrigin().toString() : null;
            }
        }
        return null;
    }
}
