package io.miniredis.server;

/**
 * What the server side needs to know of a client's open MULTI (the transaction itself, with its queued commands,
 * is the command layer's: io.miniredis.command.transaction.Transaction): for CLIENT LIST and client memory.
 */
public interface MultiState {

    /** Queued commands: CLIENT LIST {@code multi=}. */
    int size();

    /** Bytes the queue holds, as Redis counts them: CLIENT LIST {@code multi-mem=}. */
    long memory();
}
