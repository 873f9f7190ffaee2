package io.miniredis.persistence.aof;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the base of a rewrite: an RDB image of the keyspace at the rewrite's instant. Today one implementation
 * writes it synchronously on the keyspace thread ({@link KeyspaceBaseWriter}), so it is consistent by construction;
 * the fork-less snapshot (a keyspace cursor with a pre-write hook) plugs in here to write it while commands go on.
 */
public interface BaseWriter {

    /** Writes the image to {@code out}; called on the keyspace thread. Returns the bytes written. */
    long write(OutputStream out) throws IOException;
}
