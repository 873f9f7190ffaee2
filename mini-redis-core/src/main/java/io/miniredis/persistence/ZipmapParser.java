package io.miniredis.persistence;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zipmap, the small-hash encoding of RDB files written by Redis 2.4 and older (type HASH_ZIPMAP): a count
 * byte (254 or more: "count them"), then per pair the field's length, the field, the value's length, a byte of
 * unused space after the value, the value and that unused space; {@code 0xFF} at the end. A length is one byte
 * below 254, else 254 and four bytes little-endian.
 */
final class ZipmapParser {

    private static final String NAME = "zipmap";
    private static final int END = 0xFF;
    private static final int BIG_LENGTH = 254;

    private ZipmapParser() {}

    /** Fields and values alternating. */
    static List<byte[]> parse(byte[] zm) throws CorruptBlobException {
        if (zm.length < 2) {
            throw new CorruptBlobException(NAME, 0, "only " + zm.length + " bytes");
        }
        int declared = zm[0] & 0xff;
        List<byte[]> out = new ArrayList<>();
        int[] position = {1};
        while (true) {
            if (position[0] >= zm.length) {
                throw new CorruptBlobException(NAME, position[0], "no end marker");
            }
            if ((zm[position[0]] & 0xff) == END) {
                if (position[0] != zm.length - 1) {
                    throw new CorruptBlobException(NAME, position[0], "data after the end marker");
                }
                break;
            }
            out.add(readString(zm, position, false));
            out.add(readString(zm, position, true));
        }
        if (declared < BIG_LENGTH && declared != out.size() / 2) {
            throw new CorruptBlobException(NAME, 0, "header says " + declared + " pairs, found " + out.size() / 2);
        }
        return out;
    }

    private static byte[] readString(byte[] zm, int[] position, boolean withFree) throws CorruptBlobException {
        int at = position[0];
        if (at >= zm.length - 1) {
            throw new CorruptBlobException(NAME, at, "entry runs past the end");
        }
        long length = zm[at] & 0xff;
        at++;
        if (length == BIG_LENGTH) {
            if (at + 4 > zm.length - 1) {
                throw new CorruptBlobException(NAME, at, "entry runs past the end");
            }
            length = (zm[at] & 0xffL)
                    | (zm[at + 1] & 0xffL) << 8
                    | (zm[at + 2] & 0xffL) << 16
                    | (zm[at + 3] & 0xffL) << 24;
            at += 4;
        } else if (length > BIG_LENGTH) {
            throw new CorruptBlobException(NAME, at - 1, "invalid length byte");
        }
        int free = 0;
        if (withFree) {
            if (at >= zm.length - 1) {
                throw new CorruptBlobException(NAME, at, "entry runs past the end");
            }
            free = zm[at++] & 0xff;
        }
        if (at + length + free > zm.length - 1) {
            throw new CorruptBlobException(NAME, at, "entry runs past the end");
        }
        byte[] s = new byte[(int) length];
        System.arraycopy(zm, at, s, 0, (int) length);
        position[0] = at + (int) length + free;
        return s;
    }
}
