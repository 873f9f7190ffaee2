package io.miniredis.cli;

import io.miniredis.command.CommandSpec;
import io.miniredis.command.Commands;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rename-command} lines, checked as Redis checks them: the command must exist under its current name (a
 * command already renamed is renamed again by its new name), the new name must be free, and an empty new name
 * removes the command.
 */
final class CommandRenames {

    /** Original name by current name, for every command still reachable. */
    private final Map<String, String> byCurrentName = new LinkedHashMap<>();
    /** The current name (empty: removed) of each command renamed, by original name, in the order given. */
    private final Map<String, String> renamed = new LinkedHashMap<>();

    CommandRenames() {
        for (CommandSpec spec : Commands.table().commands()) {
            byCurrentName.put(spec.name(), spec.name());
        }
    }

    /** Applies one rename; returns Redis's reason when refused, or null. */
    String rename(String from, String to) {
        String current = from.toLowerCase(Locale.ROOT);
        String target = to.toLowerCase(Locale.ROOT);
        String original = byCurrentName.get(current);
        if (original == null) {
            return "No such command in rename-command";
        }
        if (!target.isEmpty() && byCurrentName.containsKey(target)) {
            return "Target command name already exists";
        }
        byCurrentName.remove(current);
        if (!target.isEmpty()) {
            byCurrentName.put(target, original);
        }
        renamed.put(original, target);
        return null;
    }

    /** New name (empty = removed) by original name. */
    Map<String, String> renamed() {
        return renamed;
    }
}
