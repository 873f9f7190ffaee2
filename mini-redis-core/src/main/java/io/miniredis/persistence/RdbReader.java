package io.miniredis.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an RDB file (versions 1 to 10, what Redis 7.0 reads) and hands its content to an {@link RdbSink} as it
 * goes: auxiliary fields, function libraries, databases, keys with their expiry and LRU/LFU data. Every byte is
 * checked; the checksum at the end is verified (unless the file was written without one, all zeros, which Redis
 * accepts too). Problems throw {@link RdbFormatException} with the offset: the sink may have received part of the
 * file by then, and must drop it.
 *
 * <p>Empty collections (Redis never writes them; an old bug could) are skipped, as Redis skips them, and counted.
 */
public final class RdbReader {

    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    /** From this version on, a file ends with its CRC-64. */
    private static final int FIRST_VERSION_WITH_CHECKSUM = 5;

    private final RdbLoadLimits limits;

    /** A reader is used by one thread at a time. */
    public RdbReader(RdbLoadLimits limits) {
        this.limits = limits;
    }

    /** What a read found besides the keys. */
    public record Summary(int version, long keys, long emptyKeysSkipped, long bytes, boolean checksumVerified) {}

    /** Reads {@code file}, whose size bounds every length in it. */
    public Summary read(Path file, RdbSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), sink);
        }
    }

    /**
     * Reads an RDB image from {@code stream}, {@code size} bytes long (-1: unknown; lengths are then checked as the
     * bytes arrive). Stops after the checksum: what follows is the caller's.
     */
    public Summary read(InputStream stream, long size, RdbSink sink) throws IOException {
        RdbInput in = new RdbInput(stream, size);
        try {
            return read(in, sink);
        } catch (RdbFormatException e) {
            if (e.offset() < 0) {
                throw new RdbFormatException(lastElement, e.problem());
            }
            throw e;
        }
    }

    /** Offset of the opcode or key being read, for a sink's refusal. */
    private long lastElement;

    private Summary read(RdbInput in, RdbSink sink) throws IOException {
        int version = header(in);
        RdbValueReader values = new RdbValueReader(limits);
        int db = 0;
        long expireAt = -1;
        long idle = -1;
        int frequency = -1;
        long keys = 0;
        long empty = 0;
        while (true) {
            long at = in.offset();
            lastElement = at;
            int type = in.readByte("an opcode or value type");
            switch (type) {
                // seconds in a signed 32-bit number, as Redis reads it (past 2038 it is negative: expired)
                case RdbFormat.OPCODE_EXPIRETIME -> expireAt = (int) in.readLittleEndian(4, "an expiry time") * 1000L;
                case RdbFormat.OPCODE_EXPIRETIME_MS -> expireAt = in.readLittleEndian(8, "an expiry time");
                case RdbFormat.OPCODE_FREQ -> frequency = in.readByte("an LFU frequency");
                case RdbFormat.OPCODE_IDLE -> idle = in.readLength("an LRU idle time");
                case RdbFormat.OPCODE_SELECTDB -> {
                    long index = in.readLength("a database number");
                    if (index > Integer.MAX_VALUE) {
                        throw in.corrupt(at, "database number " + index);
                    }
                    db = (int) index;
                    sink.database(db);
                }
                case RdbFormat.OPCODE_RESIZEDB -> {
                    long size1 = in.readLength("a database size");
                    long size2 = in.readLength("an expires size");
                    sink.resizeHint(size1, size2);
                }
                case RdbFormat.OPCODE_AUX -> {
                    byte[] name = in.readString("an aux field name");
                    byte[] value = in.readString("an aux field value");
                    sink.aux(name, value);
                }
                case RdbFormat.OPCODE_FUNCTION2 -> sink.function(in.readString("a function library"));
                case RdbFormat.OPCODE_FUNCTION_PRE_GA ->
                    throw in.corrupt(
                            at,
                            "function library in the pre-release "
                                    + "format of Redis 7.0's release candidates (opcode 246), which mini-redis does not read");
                case RdbFormat.OPCODE_MODULE_AUX ->
                    throw in.corrupt(at, "module auxiliary data (opcode 247): " + "mini-redis loads no modules");
                case RdbFormat.OPCODE_EOF -> {
                    boolean verified = checksum(in, version);
                    return new Summary(version, keys, empty, in.offset(), verified);
                }
                default -> {
                    if (!RdbValueReader.isValueType(type)) {
                        throw in.corrupt(at, "unknown opcode or value type " + type);
                    }
                    byte[] key = in.readString("a key");
                    Object value = values.read(in, type);
                    if (value == null) {
                        empty++;
                    } else {
                        sink.key(db, key, value, expireAt, idle, frequency);
                        keys++;
                    }
                    expireAt = -1;
                    idle = -1;
                    frequency = -1;
                }
            }
        }
    }

    private static int header(RdbInput in) throws IOException {
        byte[] header = in.readHeader();
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                throw in.corrupt(0, "not an RDB file (it does not start with REDIS)");
            }
        }
        int version = 0;
        for (int i = 5; i < 9; i++) {
            if (header[i] < '0' || header[i] > '9') {
                throw in.corrupt(5, "the version in the header is not a number");
            }
            version = version * 10 + header[i] - '0';
        }
        if (version < RdbFormat.OLDEST_VERSION || version > RdbFormat.VERSION) {
            throw in.corrupt(
                    5,
                    "RDB version " + version + ": this reader (like Redis 7.0) reads versions "
                            + RdbFormat.OLDEST_VERSION + " to " + RdbFormat.VERSION);
        }
        return version;
    }

    /** Reads and checks the CRC-64 after EOF; false when the file has none (old version, or written with zeros). */
    private static boolean checksum(RdbInput in, int version) throws IOException {
        if (version < FIRST_VERSION_WITH_CHECKSUM) {
            return false;
        }
        long computed = in.crc();
        long at = in.offset();
        long stored = in.readLittleEndian(8, "the checksum");
        if (stored == 0) {
            return false;
        }
        if (stored != computed) {
            throw in.corrupt(
                    at,
                    String.format("checksum mismatch: the file says %016x, its content gives %016x", stored, computed));
        }
        return true;
    }
}
