package io.miniredis.boot.autoconfigure;

/**
 * Which of Redis's two kinds of persistence the embedded server uses. Each sets Redis's own parameters:
 * {@code save} (the snapshot points) and {@code appendonly}.
 */
public enum PersistenceMode {

    /** Data lives in memory only ({@code save ""}, {@code appendonly no}): a cache, as the server was before. */
    NONE,
    /** RDB snapshots at the save points, and at shutdown; loaded at start ({@code appendonly no}). */
    RDB,
    /** The append-only file ({@code appendonly yes}, {@code save ""}), replayed at start. */
    AOF,
    /** Both: snapshots at the save points and the append-only file, which wins at start (as in Redis). */
    BOTH;

    boolean snapshots() {
        return this == RDB || this == BOTH;
    }

    boolean appendOnly() {
        return this == AOF || this == BOTH;
    }
}
