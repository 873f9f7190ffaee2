package io.miniredis.server;

import java.util.Locale;

/**
 * How to shut down, as SHUTDOWN's flags and the {@code shutdown-on-sigterm} / {@code shutdown-on-sigint} settings
 * say it: {@code nosave} never saves, {@code save} saves even without save points, {@code now} does not wait for
 * replicas (there are none yet), {@code force} exits even when the final save fails. Without {@code save} or
 * {@code nosave}, the server saves when save points are configured.
 */
public record ShutdownRequest(boolean nosave, boolean save, boolean now, boolean force) {

    /** No flag: save if save points are set, refuse to stop when that save fails. */
    public static final ShutdownRequest DEFAULT = new ShutdownRequest(false, false, false, false);

    /**
     * From a {@code shutdown-on-sig*} value: {@code default}, or any of {@code save nosave now force}.
     */
    public static ShutdownRequest fromSetting(String value) {
        boolean nosave = false;
        boolean save = false;
        boolean now = false;
        boolean force = false;
        for (String word : value.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            switch (word) {
                case "nosave" -> nosave = true;
                case "save" -> save = true;
                case "now" -> now = true;
                case "force" -> force = true;
                default -> {
                    // "default" and "": no flag
                }
            }
        }
        return new ShutdownRequest(nosave, save, now, force);
    }
}
