package io.miniredis.persistence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * FUNCTION DUMP / FUNCTION RESTORE payloads, as Redis 7.0 makes them: each library as in an RDB file (the FUNCTION2
 * opcode and its code as a string), then the RDB version (2 bytes) and the CRC-64 of all that (8 bytes), like a
 * DUMP payload.
 */
public final class FunctionPayload {

    private static final int FOOTER = 10;

    private FunctionPayload() {}

    /** {@code compression}: {@code rdbcompression}, which Redis applies to the codes as to any RDB string. */
    public static byte[] create(List<byte[]> libraryCodes, boolean compression) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            RdbOutput out = new RdbOutput(bytes, compression);
            for (byte[] code : libraryCodes) {
                out.writeByte(RdbFormat.OPCODE_FUNCTION2);
                out.writeString(code);
            }
            out.writeLittleEndian(RdbFormat.VERSION, 2);
            out.writeLittleEndian(out.crc(), 8);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The library codes of a payload. The message of the exception is Redis's reply text (after "ERR "): "DUMP payload
     * version or checksum are wrong", "given type is not a function", "can not read data type".
     */
    public static List<byte[]> parse(byte[] payload) throws RdbFormatException {
        if (!DumpPayload.verify(payload)) {
            throw new RdbFormatException(-1, "DUMP payload version or checksum are wrong");
        }
        RdbInput in = new RdbInput(java.util.Arrays.copyOf(payload, payload.length - FOOTER));
        List<byte[]> codes = new ArrayList<>();
        try {
            while (in.remaining() > 0) {
                int type = in.readByte("the data type");
                if (type != RdbFormat.OPCODE_FUNCTION2) {
                    throw new RdbFormatException(-1, "given type is not a function");
                }
                codes.add(in.readString("a function library"));
            }
        } catch (RdbFormatException e) {
            if (e.problem().equals("given type is not a function")) {
                throw e;
            }
            throw new RdbFormatException(-1, "failed loading the given functions payload");
        } catch (IOException e) {
            throw new RdbFormatException(-1, "failed loading the given functions payload");
        }
        return codes;
    }
}
