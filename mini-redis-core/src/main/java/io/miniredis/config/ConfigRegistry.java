package io.miniredis.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live configuration: every parameter's current value in canonical form, what CONFIG GET reads and CONFIG SET
 * changes. Components that act on a parameter read it when they need it or register a listener for changes.
 * Owned by the keyspace thread, like the keyspace.
 */
public final class ConfigRegistry {

    private final Map<String, ConfigParameter> byName = new LinkedHashMap<>();
    private final Map<String, ConfigParameter> byAlias = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<Consumer<String>>> listeners = new HashMap<>();

    public ConfigRegistry(List<ConfigParameter> parameters) {
        for (ConfigParameter parameter : parameters) {
            byName.put(parameter.name(), parameter);
            byAlias.put(parameter.name(), parameter);
            for (String alias : parameter.aliases()) {
                byAlias.put(alias, parameter);
            }
            values.put(parameter.name(), parameter.defaultValue());
        }
    }

    /** The parameter called {@code name} or by an alias of it, or null. */
    public ConfigParameter parameter(String name) {
        return byAlias.get(name.toLowerCase(Locale.ROOT));
    }

    public List<ConfigParameter> parameters() {
        return new ArrayList<>(byName.values());
    }

    public String get(String name) {
        ConfigParameter parameter = parameter(name);
        if (parameter == null) {
            throw new IllegalArgumentException("Unknown parameter " + name);
        }
        return values.get(parameter.name());
    }

    public long getLong(String name) {
        return Long.parseLong(get(name));
    }

    public int getInt(String name) {
        return Math.toIntExact(getLong(name));
    }

    public boolean getBool(String name) {
        return "yes".equals(get(name));
    }

    /**
     * Sets a value at start-up (command line, config file, builder): immutable parameters are allowed here.
     *
     * @throws ConfigException when the value is refused, or the parameter is unknown
     */
    public void initialize(String name, String value) {
        ConfigParameter parameter = parameter(name);
        if (parameter == null) {
            throw new ConfigException("Bad directive or wrong number of arguments");
        }
        store(parameter, parameter.type().normalize(value));
    }

    /** Validates then stores one runtime change; the caller (CONFIG SET) checks mutability and duplicates. */
    public String validate(ConfigParameter parameter, String value) {
        return parameter.type().normalize(value);
    }

    public void store(ConfigParameter parameter, String canonical) {
        String previous = values.put(parameter.name(), canonical);
        if (!canonical.equals(previous)) {
            for (Consumer<String> listener : listeners.getOrDefault(parameter.name(), List.of())) {
                listener.accept(canonical);
            }
        }
    }

    /** Calls {@code listener} with every new value of {@code name}. */
    public void onChange(String name, Consumer<String> listener) {
        listeners.computeIfAbsent(parameter(name).name(), k -> new ArrayList<>()).add(listener);
    }
}
