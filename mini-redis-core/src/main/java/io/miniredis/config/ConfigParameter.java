package io.miniredis.config;

import java.util.List;

/**
 * One configuration parameter: its name (and any alias Redis accepts), its type, its default, and whether CONFIG
 * SET may change it at runtime.
 */
public record ConfigParameter(String name, List<String> aliases, ConfigType type, String defaultValue,
                              boolean mutable) {

    public static ConfigParameter mutable(String name, ConfigType type, String defaultValue) {
        return new ConfigParameter(name, List.of(), type, defaultValue, true);
    }

    public static ConfigParameter immutable(String name, ConfigType type, String defaultValue) {
        return new ConfigParameter(name, List.of(), type, defaultValue, false);
    }

    public ConfigParameter alias(String alias) {
        List<String> all = new java.util.ArrayList<>(aliases);
        all.add(alias);
        return new ConfigParameter(name, List.copyOf(all), type, defaultValue, mutable);
    }
}
