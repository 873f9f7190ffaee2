package io.miniredis.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Every command the server knows, built once from the command families. Lookup is by the raw name bytes,
 * case-insensitively, without allocating: an open-addressing table hashed on the ASCII-lower-cased name.
 */
public final class CommandTable {

    private final List<CommandSpec> commands;
    private final CommandSpec[] slots;
    /** The name each slot's command is looked up by: its own, unless {@code rename-command} changed it. */
    private final String[] slotNames;

    private final int mask;

    private CommandTable(List<CommandSpec> commands) {
        this(commands, Map.of());
    }

    private CommandTable(List<CommandSpec> declared, Map<String, String> renames) {
        List<CommandSpec> kept = new ArrayList<>();
        for (CommandSpec spec : declared) {
            if (!"".equals(renames.get(spec.name()))) {
                kept.add(spec); // a command renamed to "" is gone, from COMMAND's list too, as in Redis
            }
        }
        this.commands = Collections.unmodifiableList(kept);
        int capacity = Integer.highestOneBit(Math.max(16, kept.size() * 4) - 1) << 1;
        this.slots = new CommandSpec[capacity];
        this.slotNames = new String[capacity];
        this.mask = capacity - 1;
        for (CommandSpec spec : kept) {
            String lookupName = renames.getOrDefault(spec.name(), spec.name());
            byte[] name = lookupName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int i = hashIgnoreCase(name) & mask;
            while (slots[i] != null) {
                if (slotNames[i].equals(lookupName)) {
                    throw new IllegalStateException("Command declared twice: " + lookupName);
                }
                i = (i + 1) & mask;
            }
            slots[i] = spec;
            slotNames[i] = lookupName;
        }
    }

    /**
     * This table with commands renamed ({@code rename-command}): new lower-case name by declared name, an empty
     * new name removing the command. A renamed command keeps its own name in COMMAND's replies, as in Redis; only
     * the name clients call it by changes.
     */
    public CommandTable renamed(Map<String, String> renames) {
        return renames.isEmpty() ? this : new CommandTable(commands, renames);
    }

    public static CommandTable of(List<CommandFamily> families) {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandFamily family : families) {
            for (CommandSpec spec : family.commands()) {
                all.add(spec.group(family.group()));
            }
        }
        return new CommandTable(all);
    }

    /** The command named by {@code name} (any case), or null. */
    public CommandSpec lookup(byte[] name) {
        int i = hashIgnoreCase(name) & mask;
        CommandSpec spec;
        while ((spec = slots[i]) != null) {
            if (equalsIgnoreCase(slotNames[i], name)) {
                return spec;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    public CommandSpec lookup(String name) {
        return lookup(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return commands;
        // spotless:on
    }

    static int hashIgnoreCase(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + lower(b);
        }
        return h ^ (h >>> 16);
    }

    /** Compares a lower-case ASCII name with raw bytes, ignoring the case of the bytes. */
    static boolean equalsIgnoreCase(String lowerName, byte[] bytes) {
        if (lowerName.length() != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (lowerName.charAt(i) != lower(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xff;
    }
}
