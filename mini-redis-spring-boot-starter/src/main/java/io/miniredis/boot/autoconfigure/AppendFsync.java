package io.miniredis.boot.autoconfigure;

import java.util.Locale;

/** Redis's {@code appendfsync}: when an append-only file write reaches the disk. */
public enum AppendFsync {

    /** Before the write is acknowledged: an acknowledged write survives a crash. */
    ALWAYS,
    /** Once a second, in the background: a crash loses at most about one second of writes (Redis's default). */
    EVERYSEC,
    /** When the operating system decides. */
    NO;

    String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
