package io.miniredis.persistence.aof;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the base of a rewrite that must be complete before it returns (CONFIG SET appendonly yes, the first start
 * without files): an RDB image of the keyspace, written on the keyspace thread ({@link KeyspaceBaseWriter}), so it
 * is consistent by construction. BGREWRITEAOF and the automatic rewrite write their base in the background instead,
 * through the fork-less snapshot ({@code server.AofPersistence}).
 */
public interface BaseWriter {

    /** Writes the image to {@code out}; called on the keyspace thread. Returns the bytes written. */
    long write(OutputStream out) throws IOException;
}
