package io.miniredis.persistence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The serialized value of DUMP and RESTORE (and, later, MIGRATE): the value as in an RDB file (type byte and
 * encoding), then the RDB version that wrote it (2 bytes, little-endian) and the CRC-64 of all that (8 bytes,
 * little-endian).
 */
public final class DumpPayload {

    private static final int FOOTER = 10;

    private DumpPayload() {}

    /** The payload of {@code value}, encoded with {@code options} (compression, list node sizes). */
    public static byte[] create(Object value, RdbWriteOptions options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            RdbOutput out = new RdbOutput(bytes, options.compression());
            new RdbValueWriter(options).write(out, value);
            out.writeLittleEndian(RdbFormat.VERSION, 2);
            out.writeLittleEndian(out.crc(), 8);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Whether the footer is right: a version this reader knows (Redis's test: not newer than its own) and the
     * checksum of everything before the checksum. A payload that fails gets "DUMP payload version or checksum are
     * wrong".
     */
    public static boolean verify(byte[] payload) {
        if (payload.length < FOOTER) {
            return false;
        }
        int footer = payload.length - FOOTER;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > RdbFormat.VERSION) {
            return false;
        }
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        for (int i = 0; i < 8; i++) {
            if ((byte) (crc >>> (8 * i)) != payload[footer + 2 + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of a verified payload. Like Redis, it reads the value from the start of the payload and ignores
     * whatever follows it before the footer.
     *
     * @throws RdbFormatException when it does not parse, or holds an empty collection (Redis: "Bad data format")
     */
    public static Object parse(byte[] payload, RdbLoadLimits limits) throws RdbFormatException {
        RdbInput in = new RdbInput(payload);
        try {
            int type = in.readByte("the value type");
            if (!RdbValueReader.isValueType(type)) {
                throw in.corrupt(0, "type byte " + type + " is not a value type");
            }
            Object value = new RdbValueReader(limits).read(in, type);
            if (value == null) {
                throw in.corrupt(1, "an empty collection");
            }
            return value;
        } catch (RdbFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new RdbFormatException(in.offset(), e.getMessage()); // not reached: a byte array does not fail
        }
    }
}
