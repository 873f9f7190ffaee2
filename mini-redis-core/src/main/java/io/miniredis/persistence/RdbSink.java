package io.miniredis.persistence;

import java.io.IOException;

/**
 * Where {@link RdbReader} hands what it reads, in file order, as it reads it. A load can fail at any point
 * (truncation, corruption, a bad checksum at the very end), so a sink must not change live state: fill something
 * fresh and make it live only once {@link RdbReader#read} has returned ({@link KeyspaceLoader} does that for a
 * keyspace).
 */
public interface RdbSink {

    /** An auxiliary field (redis-ver, ctime, used-mem, repl-id, aof-base, lua...). */
    default void aux(byte[] name, byte[] value) throws IOException {}

    /** A function library's code (FUNCTION2 opcode), to load with FUNCTION LOAD's rules. */
    default void function(byte[] code) throws IOException {}

    /** The keys that follow are in database {@code index} (SELECTDB). */
    default void database(int index) throws IOException {}

    /** The file's size hint for the current database: keys, and keys with an expiry (RESIZEDB). */
    default void resizeHint(long keys, long expiring) throws IOException {}

    /**
     * One key of database {@code db}.
     *
     * @param expireAt    epoch milliseconds, or -1 for none
     * @param idleSeconds the LRU idle time the file carries, or -1
     * @param frequency   the LFU counter the file carries, or -1
     */
    void key(int db, byte[] key, Object value, long expireAt, long idleSeconds, int frequency) throws IOException;
}
