package io.miniredis.command.server;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The sections of INFO in the order Redis 7.0 prints them, whatever order they were asked in. Without arguments
 * (or with {@code default}) INFO leaves out the per-command sections; {@code all} and {@code everything} include
 * them (they differ only by module-generated sections, and there are no modules).
 */
enum InfoSection {
    SERVER("Server", true),
    CLIENTS("Clients", true),
    MEMORY("Memory", true),
    PERSISTENCE("Persistence", true),
    STATS("Stats", true),
    REPLICATION("Replication", true),
    CPU("CPU", true),
    MODULES("Modules", true),
    COMMANDSTATS("Commandstats", false),
    ERRORSTATS("Errorstats", true),
    LATENCYSTATS("Latencystats", false),
    CLUSTER("Cluster", true),
    KEYSPACE("Keyspace", true);

    private final String title;
    private final boolean inDefault;

    InfoSection(String title, boolean inDefault) {
        this.title = title;
        this.inDefault = inDefault;
    }

    /** The header line's text, after {@code # }. */
    String title() {
        return title;
    }

    static Set<InfoSection> defaults() {
        Set<InfoSection> sections = EnumSet.noneOf(InfoSection.class);
        for (InfoSection section : values()) {
            if (section.inDefault) {
                sections.add(section);
            }
        }
        return sections;
    }

    /**
     * The sections named by INFO's arguments (the defaults when there are none), case-insensitively; unknown names
     * select nothing, so {@code INFO nosuch} is an empty reply as in Redis.
     */
    static Set<InfoSection> select(byte[][] names) {
        if (names.length == 0) {
            return defaults();
        }
        Set<InfoSection> sections = EnumSet.noneOf(InfoSection.class);
        for (byte[] argument : names) {
            String name = new String(argument, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            switch (name) {
                case "all", "everything" -> sections.addAll(EnumSet.allOf(InfoSection.class));
                case "default" -> sections.addAll(defaults());
                default -> {
                    for (InfoSection section : values()) {
                        if (section.name().toLowerCase(Locale.ROOT).equals(name)) {
                            sections.add(section);
                        }
                    }
                }
            }
        }
        return sections;
    }
}
