package io.miniredis.propagation;

/** Hears every propagated command, in order, on the keyspace thread (the AOF; replicas later). */
public interface PropagationListener {

    /**
     * One command to replay on database {@code db}. The listener must not keep {@code argv} past the call unless it
     * copies it: the arrays may be reused by the caller. {@code db} is -1 for commands that belong to no database
     * (none today; MULTI and EXEC carry the db of the unit's first command).
     */
    void propagate(int db, byte[][] argv);

    /**
     * Whether this listener takes commands now (an AOF that is off does not): when none does, commands skip the
     * propagation bookkeeping altogether.
     */
    default boolean listening() {
        return true;
    }
}
