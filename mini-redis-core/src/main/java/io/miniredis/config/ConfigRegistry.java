package io.miniredis.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The live configuration: every parameter's current value in canonical form, what CONFIG GET reads and CONFIG SET
 * changes. Components that act on a parameter read it when they need it, register a listener for changes, or
 * register an applier that may refuse a change (binding new addresses can fail). Written only by the keyspace
 * thread; values may be read from any thread.
 */
public final class ConfigRegistry {

    private final Map<String, ConfigParameter> byName = new LinkedHashMap<>();
    private final Map<String, ConfigParameter> byAlias = new HashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> listeners = new HashMap<>();
    private final Map<String, List<ConfigApplier>> appliers = new HashMap<>();

    public ConfigRegistry(List<ConfigParameter> parameters) {
        for (ConfigParameter parameter : parameters) {
            byName.put(parameter.name(), parameter);
            byAlias.put(parameter.name(), parameter);
            for (String alias : parameter.aliases()) {
                byAlias.put(alias, parameter);
            }
            values.put(parameter.name(), parameter.type().normalize(parameter.defaultValue()));
        }
    }

    /** A change a component may refuse, with Redis's reason; CONFIG SET then restores every value it changed. */
    @FunctionalInterface
    public interface ConfigApplier {
        /** @throws ConfigException to refuse {@code value} */
        void apply(String value);
    }

    /** One value of a CONFIG SET: the name as the client wrote it (for error texts), the parameter, the value. */
    public record Change(String givenName, ConfigParameter parameter, String canonicalValue) {}

    /** A change an applier refused; {@link #argument()} is the name the client used. */
    public static final class ApplyFailure extends RuntimeException {
        private final String argument;

        ApplyFailure(String argument, String reason) {
            super(reason, null, false, false);
            this.argument = argument;
        }

        public String argument() {
            return argument;
        }
    }

    /** The parameter called {@code name} or by an alias of it (case-insensitive), hidden ones included; or null. */
    public ConfigParameter parameter(String name) {
        return byAlias.get(name.toLowerCase(Locale.ROOT));
    }

    public List<ConfigParameter> parameters() {
        return new ArrayList<>(byName.values());
    }

    /**
     * Every name CONFIG GET patterns are matched against, each with its parameter: names and aliases, hidden
     * parameters left out.
     */
    public Map<String, ConfigParameter> visibleNames() {
        Map<String, ConfigParameter> names = new LinkedHashMap<>();
        for (ConfigParameter parameter : byName.values()) {
            if (parameter.isHidden()) {
                continue;
            }
            names.put(parameter.name(), parameter);
            for (String alias : parameter.aliases()) {
                names.put(alias, parameter);
            }
        }
        return names;
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
        store(parameter, validate(parameter, value));
    }

    /** Validates {@code value} for {@code parameter} and returns its canonical form; the caller checks mutability. */
    public String validate(ConfigParameter parameter, String value) {
        return parameter.type().normalize(value, values.get(parameter.name()));
    }

    /** Stores a validated value and tells the listeners; no applier runs (start-up, or a change that cannot fail). */
    public void store(ConfigParameter parameter, String canonical) {
        String previous = values.put(parameter.name(), canonical);
        if (!canonical.equals(previous)) {
            notifyListeners(parameter);
        }
    }

    /**
     * CONFIG SET's last step: stores every value, then runs the appliers of the parameters that changed. When one
     * refuses, every value goes back to what it was (the appliers that had run are run again with the old value)
     * and nothing is reported to listeners: the change is all or nothing, as in Redis 7.
     *
     * @throws ApplyFailure naming the refused argument
     */
    public void apply(List<Change> changes) {
        Map<ConfigParameter, String> previous = new LinkedHashMap<>();
        Map<ConfigParameter, String> givenNames = new HashMap<>();
        for (Change change : changes) {
            previous.putIfAbsent(
                    change.parameter(), values.get(change.parameter().name()));
            givenNames.put(change.parameter(), change.givenName());
            values.put(change.parameter().name(), change.canonicalValue());
        }
        List<ConfigParameter> applied = new ArrayList<>();
        for (Map.Entry<ConfigParameter, String> entry : previous.entrySet()) {
            ConfigParameter parameter = entry.getKey();
            String now = values.get(parameter.name());
            if (now.equals(entry.getValue())) {
                continue;
            }
            try {
                applied.add(parameter);
                for (ConfigApplier applier : appliers.getOrDefault(parameter.name(), List.of())) {
                    applier.apply(now);
                }
            } catch (ConfigException refused) {
                previous.forEach((p, old) -> values.put(p.name(), old));
                for (ConfigParameter undo : applied) {
                    for (ConfigApplier applier : appliers.getOrDefault(undo.name(), List.of())) {
                        try {
                            applier.apply(values.get(undo.name()));
                        } catch (ConfigException ignored) {
                            // Best effort, as in Redis: the old value worked before.
                        }
                    }
                }
                throw new ApplyFailure(givenNames.get(parameter), refused.getMessage());
            }
        }
        previous.forEach((parameter, old) -> {
            if (!values.get(parameter.name()).equals(old)) {
                notifyListeners(parameter);
            }
        });
    }

    /** The value of {@code name} as CONFIG GET shows it (see {@link ConfigType#display}). */
    public String display(String name) {
        return parameter(name).type().display(get(name));
    }

    /** Calls {@code listener} with every new value of {@code name}, after the change is made. */
    public void onChange(String name, Consumer<String> listener) {
        listeners
                .computeIfAbsent(parameter(name).name(), k -> new ArrayList<>())
                .add(listener);
    }

    /** Makes {@code applier} part of every CONFIG SET of {@code name}: it may refuse the value. */
    public void onApply(String name, ConfigApplier applier) {
        appliers.computeIfAbsent(parameter(name).name(), k -> new ArrayList<>()).add(applier);
    }

    private void notifyListeners(ConfigParameter parameter) {
        String value = values.get(parameter.name());
        for (Consumer<String> listener : listeners.getOrDefault(parameter.name(), List.of())) {
            listener.accept(value);
        }
    }
}
