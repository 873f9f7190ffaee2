package io.miniredis.persistence;

import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an RDB file of version 10, as Redis 7.0 does, to a stream, key by key: nothing is built in memory but the
 * current value's encoding (a 64 KB buffer, and a listpack or compressed string at a time).
 *
 * <p>The order is Redis's: {@link #header}, auxiliary fields ({@link #standardAux}, {@link #aux}), function
 * libraries ({@link #function}), then per non-empty database {@link #database} and its keys ({@link #key}), then
 * {@link #finish} (EOF and the CRC-64, or zeros with {@code rdbchecksum no}). {@link #writeKeyspace} does all of
 * that for a keyspace.
 *
 * <p>Consistency is the caller's: the keys must not change while they are written. Run it on the keyspace's
 * thread (SAVE), or over a copy.
 */
public final class RdbWriter implements SnapshotFormat {

    /** Which access data is written with each key, per maxmemory-policy (Redis writes the kind it tracks). */
    public enum AccessData {
        NONE,
        LRU_IDLE,
        LFU_FREQUENCY;

        /** From a maxmemory-policy name: {@code *-lru} writes idle times, {@code *-lfu} frequencies. */
        public static AccessData forPolicy(String policy) {
            return policy.endsWith("-lru") ? LRU_IDLE : policy.endsWith("-lfu") ? LFU_FREQUENCY : NONE;
        }
    }

    private final RdbOutput out;
    private final RdbValueWriter values;
    private final RdbWriteOptions options;

    public RdbWriter(OutputStream stream, RdbWriteOptions options) {
        this.out = new RdbOutput(stream, options.compression());
        this.values = new RdbValueWriter(options);
        this.options = options;
    }

    public void header() throws IOException {
        out.write(String.format("REDIS%04d", RdbFormat.VERSION).getBytes(StandardCharsets.US_ASCII));
    }

    public void aux(String name, String value) throws IOException {
        aux(name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    public void aux(byte[] name, byte[] value) throws IOException {
        out.writeByte(RdbFormat.OPCODE_AUX);
        out.writeString(name);
        out.writeString(value);
    }

    /** The fields Redis 7.0 writes in every file: version, bits, creation time, memory used, and aof-base. */
    public void standardAux(String redisVersion, long ctimeSeconds, long usedMemory, boolean aofBase)
            throws IOException {
        aux("redis-ver", redisVersion);
        aux("redis-bits", "64");
        aux("ctime", Long.toString(ctimeSeconds));
        aux("used-mem", Long.toString(usedMemory));
        aux("aof-base", aofBase ? "1" : "0");
    }

    public void function(byte[] libraryCode) throws IOException {
        out.writeByte(RdbFormat.OPCODE_FUNCTION2);
        out.writeString(libraryCode);
    }

    /** Starts database {@code index}, with its size hint (keys, and keys with an expiry). */
    @Override
    public void database(int index, long keys, long expiring) throws IOException {
        out.writeByte(RdbFormat.OPCODE_SELECTDB);
        out.writeLength(index);
        out.writeByte(RdbFormat.OPCODE_RESIZEDB);
        out.writeLength(keys);
        out.writeLength(expiring);
    }

    /**
     * One key: its expiry (epoch milliseconds, -1 for none), its LRU idle seconds or LFU counter (-1 for none),
     * its type, name and value.
     */
    @Override
    public void key(byte[] key, Object value, long expireAt, long idleSeconds, int frequency) throws IOException {
        if (expireAt != -1) {
            out.writeByte(RdbFormat.OPCODE_EXPIRETIME_MS);
            out.writeLittleEndian(expireAt, 8);
        }
        if (idleSeconds >= 0) {
            out.writeByte(RdbFormat.OPCODE_IDLE);
            out.writeLength(idleSeconds);
        }
        if (frequency >= 0) {
            out.writeByte(RdbFormat.OPCODE_FREQ);
            out.writeByte(frequency);
        }
        out.writeByte(RdbValueWriter.typeOf(value));
        out.writeString(key);
        values.writeBody(out, value);
    }

    /** Switches to database {@code index} without a size hint (a background save going back to a database). */
    @Override
    public void selectDb(int index) throws IOException {
        out.writeByte(RdbFormat.OPCODE_SELECTDB);
        out.writeLength(index);
    }

    /** Bytes produced so far (handed to the stream, or still in the buffer). */
    @Override
    public long written() {
        return out.written();
    }

    /** EOF, then the checksum (zeros without {@code rdbchecksum}); flushes. Returns the bytes written. */
    @Override
    public long finish() throws IOException {
        out.writeByte(RdbFormat.OPCODE_EOF);
        out.writeLittleEndian(options.checksum() ? out.crc() : 0, 8);
        out.flush();
        return out.written();
    }

    /**
     * A whole keyspace: header, the standard aux fields, {@code functions} (library codes), every non-empty
     * database's live keys, EOF and checksum. Must run where the keyspace may be read (its thread).
     */
    public static long writeKeyspace(
            OutputStream stream,
            Keyspace keyspace,
            List<byte[]> functions,
            RdbWriteOptions options,
            AccessData access,
            String redisVersion)
            throws IOException {
        return writeKeyspace(stream, keyspace, functions, options, access, redisVersion, false);
    }

    /** {@link #writeKeyspace}, saying in the {@code aof-base} aux field whether the image is an AOF's base. */
    public static long writeKeyspace(
            OutputStream stream,
            Keyspace keyspace,
            List<byte[]> functions,
            RdbWriteOptions options,
            AccessData access,
            String redisVersion,
            boolean aofBase)
            throws IOException {
        RdbWriter writer = new RdbWriter(stream, options);
        writer.header();
        writer.standardAux(redisVersion, keyspace.clock().millis() / 1000, keyspace.datasetBytes(), aofBase);
        for (byte[] code : functions) {
            writer.function(code);
        }
        return SnapshotFormat.writeKeyspace(writer, keyspace, access);
    }

    /** Key entries as {@link #key} takes them (for callers iterating a database themselves). */
    public void key(KeyEntry entry, long idleSeconds, int frequency) throws IOException {
        key(entry.key(), entry.value(), entry.hasExpiry() ? entry.expireAt() : -1, idleSeconds, frequency);
    }
}
