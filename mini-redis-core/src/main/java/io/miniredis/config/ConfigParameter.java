package io.miniredis.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One configuration parameter: its name (and any alias Redis accepts), its type, its default, and how CONFIG may
 * touch it.
 *
 * @param mutable         whether CONFIG SET may change it (otherwise "can't set immutable config")
 * @param isProtected     whether CONFIG SET needs {@code enable-protected-configs} (otherwise "can't set protected
 *                        config"): the parameters that would let a client write files where it likes
 * @param isHidden        left out of CONFIG GET patterns (debugging parameters), but readable by exact name
 */
public record ConfigParameter(
        String name,
        List<String> aliases,
        ConfigType type,
        String defaultValue,
        boolean mutable,
        boolean isProtected,
        boolean isHidden) {

    public static ConfigParameter mutable(String name, ConfigType type, String defaultValue) {
        return new ConfigParameter(name, List.of(), type, defaultValue, true, false, false);
    }

    public static ConfigParameter immutable(String name, ConfigType type, String defaultValue) {
        return new ConfigParameter(name, List.of(), type, defaultValue, false, false, false);
    }

    /** Also known as {@code alias} (Redis's old {@code slave-*} and {@code *-ziplist-*} names). */
    public ConfigParameter alias(String alias) {
        List<String> all = new ArrayList<>(aliases);
        all.add(alias);
        return new ConfigParameter(name, List.copyOf(all), type, defaultValue, mutable, isProtected, isHidden);
    }

    public ConfigParameter protectedConfig() {
        return new ConfigParameter(name, aliases, type, defaultValue, mutable, true, isHidden);
    }

    public ConfigParameter hidden() {
        return new ConfigParameter(name, aliases, type, defaultValue, mutable, isProtected, true);
    }
}
