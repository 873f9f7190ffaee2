package io.miniredis.persistence;

import java.util.Arrays;

/**
 * LZF, the compression of RDB strings: compressed strings in files and DUMP payloads, and the nodes of a list that
 * {@code list-compress-depth} keeps compressed.
 *
 * <p>The format is LZF's: a sequence of literal runs ({@code 000LLLLL} then L+1 bytes) and back references
 * ({@code LLLooooo oooooooo}, or {@code 111ooooo LLLLLLLL oooooooo} for long ones: copy length+2 bytes from
 * offset+1 back). Any valid stream decompresses the same, so {@link #decompress} is the format alone.
 *
 * <p>{@link #compress} has to do more: to write the same DUMP payload as Redis, and to decide "compressed or raw"
 * as Redis does, it must find the same matches as the compressor Redis bundles, liblzf 3.6 (Marc Lehmann, BSD
 * licence) in its "very fast" configuration. Why not a library: compress-lzf (com.ning, on Maven Central) reads
 * this format but hashes differently, so its output differs from Redis's byte for byte. The choices that decide
 * the output, all of them observable in Redis's DUMP replies and checked by the differential tests:
 * <ul>
 *   <li>one hash table of 2^16 slots, indexed by a hash of the next three bytes, remembering the last position
 *       with that hash; a candidate counts only if it is within 8192 bytes, is not position 0 (liblzf's quirk)
 *       and its three bytes really match;</li>
 *   <li>a match is extended as far as it goes, at most 264 bytes and, normally, not into the last two input
 *       bytes; but when 17 or 18 bytes are left to compare, liblzf's unrolled comparison checks 16 bytes before
 *       it looks at the bound, so such a match may run to 19 bytes (to the very end of the input);</li>
 *   <li>after a match, only the last two positions inside it are entered in the table;</li>
 *   <li>output bounds are checked conservatively at the same points (so a result that would just fit may still be
 *       refused, as in Redis), and the trailing one or two bytes are always literals.</li>
 * </ul>
 * One difference remains: liblzf does not clear its table between calls (it lives on the C stack), so Redis may
 * occasionally find a match through a stale entry left by an earlier call; this table starts empty every time, so
 * on rare inputs Redis's bytes differ from ours. Both decompress to the same string.
 *
 * <p>Not thread-safe: a compressor keeps its table between calls, stamped per call instead of cleared (clearing
 * 256 KB for every short string would cost more than the compression).
 */
public final class Lzf {

    private static final int HASH_LOG = 16;
    private static final int HASH_SIZE = 1 << HASH_LOG;
    private static final int MAX_LITERAL = 1 << 5;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /** Per slot: {@code base + position} of the last occurrence, or anything below {@code base} for none. */
    private final int[] table = new int[HASH_SIZE];

    private int base = 1;

    /**
     * Compresses {@code in[inOffset, inOffset + length)} into {@code out[0, outLimit)}; returns the compressed
     * length, or 0 when the result does not fit in {@code outLimit} bytes (by liblzf's own checks).
     */
    public int compress(byte[] in, int inOffset, int length, byte[] out, int outLimit) {
        if (length == 0 || outLimit == 0) {
            return 0;
        }
        if (base > Integer.MAX_VALUE - length - 2) {
            Arrays.fill(table, 0);
            base = 1;
        }
        final int stamp = base;
        base += length + 1;
        final int end = length; // positions are relative to inOffset
        int ip = 0;
        int op = 1; // out[0] is the header of the first literal run
        int literals = 0;
        int hash = length < 3 ? 0 : (in[inOffset] & 0xff) << 8 | (in[inOffset + 1] & 0xff); // the first two bytes
        while (ip < end - 2) {
            hash = hash << 8 | (in[inOffset + ip + 2] & 0xff);
            int slot = slot(hash);
            int stored = table[slot];
            table[slot] = stamp + ip;
            int ref = stored - stamp;
            int off = ip - ref - 1;
            if (stored >= stamp
                    && ref > 0
                    && off < MAX_OFFSET
                    && in[inOffset + ref + 2] == in[inOffset + ip + 2]
                    && in[inOffset + ref] == in[inOffset + ip]
                    && in[inOffset + ref + 1] == in[inOffset + ip + 1]) {
                int maxLength = Math.min(end - ip - 2, MAX_REF);
                if (op - (literals == 0 ? 1 : 0) + 4 >= outLimit) {
                    return 0;
                }
                out[op - literals - 1] = (byte) (literals - 1); // close the literal run
                if (literals == 0) {
                    op--; // an empty run takes no header
                }
                int matched = matchLength(in, inOffset + ref, inOffset + ip, maxLength);
                int code = matched - 2;
                if (code < 7) {
                    out[op++] = (byte) ((off >>> 8) + (code << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (code - 7);
                }
                out[op++] = (byte) off;
                literals = 0;
                op++; // header of the next literal run
                ip += matched;
                if (ip >= end - 2) {
                    break;
                }
                // enter the last two positions of the match, rolling the hash through them
                ip -= 2;
                hash = (in[inOffset + ip] & 0xff) << 8 | (in[inOffset + ip + 1] & 0xff);
                hash = hash << 8 | (in[inOffset + ip + 2] & 0xff);
                table[slot(hash)] = stamp + ip;
                ip++;
                hash = hash << 8 | (in[inOffset + ip + 2] & 0xff);
                table[slot(hash)] = stamp + ip;
                ip++;
            } else {
                if (op >= outLimit) {
                    return 0;
                }
                literals++;
                out[op++] = in[inOffset + ip++];
                if (literals == MAX_LITERAL) {
                    out[op - literals - 1] = (byte) (literals - 1);
                    literals = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outLimit) {
            return 0;
        }
        while (ip < end) {
            literals++;
            out[op++] = in[inOffset + ip++];
            if (literals == MAX_LITERAL) {
                out[op - literals - 1] = (byte) (literals - 1);
                literals = 0;
                op++;
            }
        }
        out[op - literals - 1] = (byte) (literals - 1);
        if (literals == 0) {
            op--;
        }
        return op;
    }

    /** liblzf's index of a three-byte hash ({@code h}'s low 24 bits are the bytes, older bits fall away). */
    private static int slot(int h) {
        return ((h >>> 8) - h * 5) & (HASH_SIZE - 1);
    }

    /**
     * How many bytes match at {@code a} and {@code b} (three known to): liblzf compares sixteen more bytes
     * unconditionally when more than sixteen may match, and only then looks at the bound, so the count can pass
     * {@code maxLength} by up to two.
     */
    private static int matchLength(byte[] in, int a, int b, int maxLength) {
        int length = 2;
        if (maxLength > 16) {
            for (int k = 0; k < 16; k++) {
                length++;
                if (in[a + length] != in[b + length]) {
                    return length;
                }
            }
        }
        do {
            length++;
        } while (length < maxLength && in[a + length] == in[b + length]);
        return length;
    }

    /**
     * Decompresses {@code in[offset, offset + length)} into {@code out}, which must be exactly the expected size.
     *
     * @return the number of bytes produced
     * @throws IllegalArgumentException when the data is not valid LZF or does not fit {@code out}
     */
    public static int decompress(byte[] in, int offset, int length, byte[] out) {
        int ip = offset;
        int end = offset + length;
        int op = 0;
        while (ip < end) {
            int control = in[ip++] & 0xff;
            if (control < 32) {
                int run = control + 1;
                if (ip + run > end) {
                    throw new IllegalArgumentException("literal run of " + run + " bytes past the end of the data");
                }
                if (op + run > out.length) {
                    throw new IllegalArgumentException("output longer than the declared " + out.length + " bytes");
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int run = control >>> 5;
                int ref = op - ((control & 0x1f) << 8) - 1;
                if (run == 7) {
                    if (ip >= end) {
                        throw new IllegalArgumentException("back reference cut short");
                    }
                    run += in[ip++] & 0xff;
                }
                if (ip >= end) {
                    throw new IllegalArgumentException("back reference cut short");
                }
                ref -= in[ip++] & 0xff;
                run += 2;
                if (ref < 0) {
                    throw new IllegalArgumentException("back reference before the start of the output");
                }
                if (op + run > out.length) {
                    throw new IllegalArgumentException("output longer than the declared " + out.length + " bytes");
                }
                if (ref + run <= op) {
                    System.arraycopy(out, ref, out, op, run);
                    op += run;
                } else {
                    for (int i = 0; i < run; i++) {
                        out[op++] = out[ref++]; // overlapping: a run of repeats
                    }
                }
            }
        }
        return op;
    }

    /** The largest output {@code compressedLength} bytes of LZF can produce: 264 bytes per 3-byte reference. */
    public static long maxExpansion(long compressedLength) {
        return compressedLength * (MAX_REF / 3 + 1);
    }
}
