package io.miniredis.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters whose value is a list of words: {@code save}, {@code client-output-buffer-limit}, {@code bind},
 * {@code oom-score-adj-values}, {@code latency-tracking-info-percentiles}, {@code replicaof}, and {@code dir}.
 * Redis splits such a value on every single space, so two spaces in a row make an empty word, which each type then
 * refuses as Redis does.
 */
public final class ListConfigTypes {

    private ListConfigTypes() {}

    /** The words of a value split on each space; an empty value has none. */
    static List<String> words(String value) {
        return value.isEmpty() ? List.of() : List.of(value.split(" ", -1));
    }

    /** {@code save "3600 1 300 100"}: pairs of seconds (at least 1) and changes (at least 0); empty: no snapshots. */
    public static final ConfigType SAVE = value -> {
        List<String> words = words(value);
        if (words.size() % 2 != 0) {
            throw new ConfigException("Invalid save parameters");
        }
        List<String> canonical = new ArrayList<>();
        for (int i = 0; i < words.size(); i += 2) {
            Long seconds = ConfigNumbers.lenientLong(words.get(i));
            Long changes = ConfigNumbers.lenientLong(words.get(i + 1));
            if (seconds == null || seconds < 1 || changes == null || changes < 0) {
                throw new ConfigException("Invalid save parameters");
            }
            canonical.add(Long.toString(seconds));
            canonical.add(Integer.toString((int) (long) changes)); // Redis keeps changes in an int
        }
        return String.join(" ", canonical);
    };

    /**
     * {@code client-output-buffer-limit "<class> <hard> <soft> <soft seconds>"...}: sets the classes given and keeps
     * the others. Replicas are reported under their old name, {@code slave}, as Redis does.
     */
    public static final ConfigType CLIENT_OUTPUT_BUFFER_LIMIT = new ConfigType() {
        @Override
        public String normalize(String value) {
            return normalize(value, "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        }

        @Override
        public String normalize(String value, String current) {
            List<String> words = words(value);
            if (words.size() % 4 != 0) {
                throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
            }
            Map<String, String> limits = new LinkedHashMap<>();
            List<String> old = words(current);
            for (int i = 0; i + 3 < old.size(); i += 4) {
                limits.put(old.get(i), String.join(" ", old.subList(i + 1, i + 4)));
            }
            for (int i = 0; i < words.size(); i += 4) {
                String clientClass = switch (words.get(i).toLowerCase(Locale.ROOT)) {
                    case "normal" -> "normal";
                    case "replica", "slave" -> "slave";
                    case "pubsub" -> "pubsub";
                    default ->
                        throw new ConfigException("Invalid client class specified in buffer limit configuration.");
                };
                Long hard = ConfigNumbers.memory(words.get(i + 1));
                Long soft = ConfigNumbers.memory(words.get(i + 2));
                Long seconds = ConfigNumbers.lenientLong(words.get(i + 3));
                if (hard == null || soft == null || seconds == null || seconds < 0 || seconds > Integer.MAX_VALUE) {
                    throw new ConfigException(
                            "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                limits.put(
                        clientClass, Long.toUnsignedString(hard) + " " + Long.toUnsignedString(soft) + " " + seconds);
            }
            return "normal " + limits.get("normal") + " slave " + limits.get("slave") + " pubsub "
                    + limits.get("pubsub");
        }
    };

    /** {@code oom-score-adj-values "0 200 800"}: three adjustments between -2000 and 2000. */
    public static final ConfigType OOM_SCORE_ADJ_VALUES = value -> {
        List<String> words = words(value);
        if (words.size() != 3) {
            throw new ConfigException("wrong number of arguments");
        }
        List<String> canonical = new ArrayList<>();
        for (String word : words) {
            Long adjustment = ConfigNumbers.lenientLong(word);
            if (adjustment == null || adjustment < -2000 || adjustment > 2000) {
                throw new ConfigException("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
            }
            canonical.add(Long.toString(adjustment));
        }
        return String.join(" ", canonical);
    };

    /** {@code latency-tracking-info-percentiles "50 99 99.9"}: numbers from 0 to 100, reported like C's %f. */
    public static final ConfigType PERCENTILES = value -> {
        List<String> canonical = new ArrayList<>();
        for (String word : words(value)) {
            Double percentile = ConfigNumbers.lenientDouble(word);
            if (percentile == null || percentile.isNaN()) {
                throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
            }
            if (percentile < 0 || percentile > 100) {
                throw new ConfigException(
                        "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            canonical.add(ConfigNumbers.formatDouble(percentile));
        }
        return String.join(" ", canonical);
    };

    /** Redis listens on at most 16 addresses. */
    public static final int MAX_BIND_ADDRESSES = 16;

    /**
     * {@code bind "127.0.0.1 -::1"}: up to 16 addresses. Whether they can be bound is checked when the server applies
     * the value (CONFIG SET fails then with Redis's "Failed to bind to specified addresses.").
     */
    public static final ConfigType BIND = value -> {
        if (words(value).size() > MAX_BIND_ADDRESSES) {
            throw new ConfigException("Too many bind addresses specified.");
        }
        return value;
    };

    /** {@code replicaof "<host> <port>"}, or {@code no one} (or nothing) for a master. */
    public static final ConfigType REPLICAOF = value -> {
        if (value.isEmpty() || value.equalsIgnoreCase("no one")) {
            return "";
        }
        List<String> words = words(value);
        if (words.size() != 2) {
            throw new ConfigException("wrong number of arguments");
        }
        Long port = ConfigNumbers.lenientLong(words.get(1));
        if (port == null || port < 0 || port > 65535) {
            throw new ConfigException("Invalid master port");
        }
        return words.get(0) + " " + port;
    };

    /**
     * {@code dir}: an existing directory, reported as its real absolute path (Redis changes its working directory to
     * it and reports getcwd()). The server does not change its own working directory: components that write files
     * (RDB, AOF) resolve them against this value.
     */
    public static final ConfigType DIRECTORY = value -> {
        Path path;
        try {
            path = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException("No such file or directory");
        }
        if (value.isEmpty() || !Files.exists(path)) {
            throw new ConfigException("No such file or directory");
        }
        if (!Files.isDirectory(path)) {
            throw new ConfigException("Not a directory");
        }
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            throw new ConfigException("No such file or directory");
        }
    };
}
