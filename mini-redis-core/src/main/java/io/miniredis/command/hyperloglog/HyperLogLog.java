package io.miniredis.command.hyperloglog;

import io.miniredis.protocol.RedisError;
import io.miniredis.store.AppendableString;

/**
 * Redis's HyperLogLog as the bytes of a string, read and written in place so that GET, DUMP and a replica see what
 * Redis would have written. The layout, from Redis's documentation of the format:
 *
 * <ul>
 *   <li>a 16-byte header: {@code HYLL}, the encoding (0 dense, 1 sparse), three unused bytes, and the cached
 *       cardinality as 8 bytes little-endian whose top bit set means "stale";
 *   <li>16384 registers of 6 bits; an element's MurmurHash64A picks a register with its low 14 bits and gives it the
 *       length of the run of zeros that follows, plus one (at most 51);
 *   <li>dense: the registers packed, least significant bits first, 12288 bytes;
 *   <li>sparse: run-length opcodes, {@code 00xxxxxx} (1 to 64 zero registers), {@code 01xxxxxx yyyyyyyy} (1 to
 *       16384 zero registers), {@code 1vvvvvxx} (1 to 4 registers of value 1 to 32). A register above 32, or a
 *       sparse form that would grow past {@code hll-sparse-max-bytes}, turns it dense.
 * </ul>
 *
 * The sparse updates split and merge runs exactly as Redis does (which opcodes, and how far it looks for runs to
 * merge), since the resulting bytes are the value. Corrupt input is reported as {@link #CORRUPT}, never read past.
 */
final class HyperLogLog {

    static final int REGISTERS = 16384;
    static final int HEADER = 16;
    static final int DENSE_SIZE = HEADER + REGISTERS * 6 / 8;
    static final int DENSE = 0;
    static final int SPARSE = 1;

    static final RedisError NOT_HLL = new RedisError("WRONGTYPE Key is not a valid HyperLogLog string value.");
    static final RedisError CORRUPT = new RedisError("INVALIDOBJ Corrupted HLL object detected");

    private static final int P = 14;
    private static final int Q = 64 - P;
    private static final int SPARSE_MAX_VALUE = 32;
    private static final int ZERO_MAX_RUN = 64;
    private static final int VAL_MAX_RUN = 4;
    private static final double ALPHA_INF = 0.721347520444481703680; // 1 / (2 ln 2)

    private AppendableString string;

    HyperLogLog(AppendableString string) {
        this.string = string;
    }

    /** The string holding this HLL: a new one after a conversion to dense. */
    AppendableString string() {
        return string;
    }

    /** An empty HLL: sparse, one run of 16384 zero registers, the cached count 0 and valid. */
    static AppendableString empty() {
        byte[] bytes = new byte[HEADER + 2];
        bytes[0] = 'H';
        bytes[1] = 'Y';
        bytes[2] = 'L';
        bytes[3] = 'L';
        bytes[4] = SPARSE;
        bytes[HEADER] = (byte) (0x40 | ((REGISTERS - 1) >> 8));
        bytes[HEADER + 1] = (byte) ((REGISTERS - 1) & 0xFF);
        return new AppendableString(bytes, 0);
    }

    /** Whether a string holds an HLL as far as Redis checks before using one: header, encoding, dense length. */
    static boolean looksValid(byte[] bytes, int length) {
        if (length < HEADER || bytes[0] != 'H' || bytes[1] != 'Y' || bytes[2] != 'L' || bytes[3] != 'L') {
            return false;
        }
        int encoding = bytes[4];
        return encoding == SPARSE || (encoding == DENSE && length == DENSE_SIZE);
    }

    int encoding() {
        return string.buffer()[4];
    }

    // ---- the cached cardinality --------------------------------------------------------------------------------

    boolean cacheValid() {
        return (string.buffer()[HEADER - 1] & 0x80) == 0;
    }

    long cachedCount() {
        byte[] b = string.buffer();
        long count = 0;
        for (int i = 7; i >= 0; i--) {
            count = (count << 8) | (b[8 + i] & 0xFF);
        }
        return count;
    }

    void cache(long count) {
        byte[] b = string.buffer();
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (count >>> (8 * i));
        }
    }

    void invalidateCache() {
        string.buffer()[HEADER - 1] |= (byte) 0x80;
    }

    // ---- adding -------------------------------------------------------------------------------------------------

    /** Adds an element: true when a register grew. */
    boolean add(byte[] element, long sparseMaxBytes) {
        long hash = MurmurHash64A.hash(element, MurmurHash64A.REDIS_SEED);
        int index = (int) (hash & (REGISTERS - 1));
        // The run of zeros after the index bits, plus one; the bit at Q bounds it at Q + 1.
        int count = Long.numberOfTrailingZeros((hash >>> P) | (1L << Q)) + 1;
        return set(index, count, sparseMaxBytes);
    }

    /** Raises register {@code index} to {@code count}: true when it was lower. */
    boolean set(int index, int count, long sparseMaxBytes) {
        if (encoding() == DENSE) {
            return denseSet(string.buffer(), index, count);
        }
        return sparseSet(index, count, sparseMaxBytes);
    }

    private static int denseGet(byte[] b, int index) {
        int bit = index * 6;
        int at = HEADER + (bit >> 3);
        int shift = bit & 7;
        int low = b[at] & 0xFF;
        int high = at + 1 < DENSE_SIZE ? b[at + 1] & 0xFF : 0;
        return ((low >> shift) | (high << (8 - shift))) & 63;
    }

    private static void denseWrite(byte[] b, int index, int value) {
        int bit = index * 6;
        int at = HEADER + (bit >> 3);
        int shift = bit & 7;
        b[at] = (byte) ((b[at] & ~(63 << shift)) | (value << shift));
        if (shift > 2) { // the register reaches into the next byte
            b[at + 1] = (byte) ((b[at + 1] & ~(63 >> (8 - shift))) | (value >> (8 - shift)));
        }
    }

    private static boolean denseSet(byte[] b, int index, int count) {
        if (denseGet(b, index) >= count) {
            return false;
        }
        denseWrite(b, index, count);
        return true;
    }

    private static boolean isZero(int op) {
        return (op & 0xC0) == 0;
    }

    private static boolean isXZero(int op) {
        return (op & 0xC0) == 0x40;
    }

    private static int valValue(int op) {
        return ((op >> 2) & 0x1F) + 1;
    }

    private static int valRun(int op) {
        return (op & 3) + 1;
    }

    private static byte val(int value, int run) {
        return (byte) (0x80 | ((value - 1) << 2) | (run - 1));
    }

    /** The registers the opcode at {@code at} covers. */
    private static int run(byte[] b, int at) {
        int op = b[at] & 0xFF;
        if (isZero(op)) {
            return (op & 0x3F) + 1;
        }
        if (isXZero(op)) {
            return (((op & 0x3F) << 8) | (b[at + 1] & 0xFF)) + 1;
        }
        return valRun(op);
    }

    /** Writes a run of {@code run} zero registers at {@code at}: one byte up to 64, else two; returns its size. */
    private static int zeros(byte[] into, int at, int run) {
        if (run > ZERO_MAX_RUN) {
            into[at] = (byte) (0x40 | ((run - 1) >> 8));
            into[at + 1] = (byte) ((run - 1) & 0xFF);
            return 2;
        }
        into[at] = (byte) (run - 1);
        return 1;
    }

    private boolean sparseSet(int index, int count, long sparseMaxBytes) {
        if (count > SPARSE_MAX_VALUE) {
            return promoteAndSet(index, count);
        }
        byte[] b = string.buffer();
        int end = string.length();
        // Find the opcode covering the register, the first register it covers, and the opcode before it.
        int at = HEADER;
        int first = 0;
        int previous = -1;
        int span = 0;
        while (at < end) {
            if (isXZero(b[at] & 0xFF) && at + 1 >= end) {
                throw CORRUPT;
            }
            span = run(b, at);
            if (index <= first + span - 1) {
                break;
            }
            previous = at;
            at += isXZero(b[at] & 0xFF) ? 2 : 1;
            first += span;
        }
        if (span == 0 || at >= end) {
            throw CORRUPT;
        }
        int op = b[at] & 0xFF;
        boolean xzero = isXZero(op);
        if (!isZero(op) && !xzero) { // a run of values
            if (valValue(op) >= count) {
                return false;
            }
            if (span == 1) {
                b[at] = val(count, 1);
                mergeRuns(previous);
                return true;
            }
        } else if (isZero(op) && span == 1) {
            b[at] = val(count, 1);
            mergeRuns(previous);
            return true;
        }
        // Split the run into what comes before the register, the register, and what comes after: at most 5 bytes.
        byte[] replacement = new byte[5];
        int size = 0;
        int last = first + span - 1;
        if (isZero(op) || xzero) {
            if (index != first) {
                size += zeros(replacement, size, index - first);
            }
            replacement[size++] = val(count, 1);
            if (index != last) {
                size += zeros(replacement, size, last - index);
            }
        } else {
            int value = valValue(op);
            if (index != first) {
                replacement[size++] = val(value, index - first);
            }
            replacement[size++] = val(count, 1);
            if (index != last) {
                replacement[size++] = val(value, last - index);
            }
        }
        int oldSize = xzero ? 2 : 1;
        int delta = size - oldSize;
        if (delta > 0 && (long) end + delta > sparseMaxBytes) {
            return promoteAndSet(index, count);
        }
        int next = at + oldSize;
        if (delta > 0) {
            string.growZeros(end + delta);
            b = string.buffer();
        }
        System.arraycopy(b, next, b, next + delta, end - next);
        if (delta < 0) {
            string.truncate(end + delta);
        }
        System.arraycopy(replacement, 0, b, at, size);
        mergeRuns(previous);
        return true;
    }

    /**
     * Joins neighbouring runs of the same value that fit one opcode, looking at the five opcodes from the one before
     * the change (or the first): as far as Redis looks, so the bytes stay Redis's.
     */
    private void mergeRuns(int previous) {
        byte[] b = string.buffer();
        int end = string.length();
        int at = previous >= 0 ? previous : HEADER;
        int budget = 5;
        while (at < end && budget-- > 0) {
            int op = b[at] & 0xFF;
            if (isXZero(op)) {
                at += 2;
                continue;
            }
            if (isZero(op)) {
                at++;
                continue;
            }
            if (at + 1 < end && (b[at + 1] & 0x80) != 0) {
                int nextOp = b[at + 1] & 0xFF;
                int run = valRun(op) + valRun(nextOp);
                if (valValue(op) == valValue(nextOp) && run <= VAL_MAX_RUN) {
                    b[at + 1] = val(valValue(op), run);
                    System.arraycopy(b, at + 1, b, at, end - at - 1);
                    end--;
                    string.truncate(end);
                    continue;
                }
            }
            at++;
        }
    }

    private boolean promoteAndSet(int index, int count) {
        toDense();
        denseWrite(string.buffer(), index, count); // the register is lower: that is why the sparse form gave up
        return true;
    }

    /** Turns a sparse HLL dense, keeping its header (and so its cached count); false when it was dense already. */
    boolean toDense() {
        if (encoding() == DENSE) {
            return false;
        }
        byte[] registers = new byte[REGISTERS];
        if (!sparseRegisters(registers, false)) {
            throw CORRUPT;
        }
        byte[] dense = new byte[DENSE_SIZE];
        System.arraycopy(string.buffer(), 0, dense, 0, HEADER);
        dense[4] = DENSE;
        for (int i = 0; i < REGISTERS; i++) {
            if (registers[i] != 0) {
                denseWrite(dense, i, registers[i]);
            }
        }
        string = new AppendableString(dense, 0);
        return true;
    }

    /**
     * Reads the sparse registers into {@code registers}, each the greater of what it held and the HLL's when {@code
     * max}, else overwritten; false when the runs do not cover exactly 16384 registers.
     */
    private boolean sparseRegisters(byte[] registers, boolean max) {
        byte[] b = string.buffer();
        int end = string.length();
        int index = 0;
        int at = HEADER;
        while (at < end) {
            int op = b[at] & 0xFF;
            if (isXZero(op) && at + 1 >= end) {
                return false;
            }
            int run = run(b, at);
            if (index + run > REGISTERS) {
                return false;
            }
            if (!isZero(op) && !isXZero(op)) {
                byte value = (byte) valValue(op);
                for (int i = index; i < index + run; i++) {
                    if (!max || value > registers[i]) {
                        registers[i] = value;
                    }
                }
            }
            index += run;
            at += isXZero(op) ? 2 : 1;
        }
        return index == REGISTERS;
    }

    /** Raises each of {@code max}'s registers to this HLL's (PFMERGE, and PFCOUNT of several keys). */
    void mergeInto(byte[] max) {
        if (encoding() == DENSE) {
            byte[] b = string.buffer();
            for (int i = 0; i < REGISTERS; i++) {
                int value = denseGet(b, i);
                if (value > max[i]) {
                    max[i] = (byte) value;
                }
            }
        } else if (!sparseRegisters(max, true)) {
            throw CORRUPT;
        }
    }

    /** Register {@code index} of a dense HLL. */
    int denseRegister(int index) {
        return denseGet(string.buffer(), index);
    }

    /** The estimated cardinality of this HLL. */
    long count() {
        int[] histogram = new int[64];
        if (encoding() == DENSE) {
            byte[] b = string.buffer();
            for (int i = 0; i < REGISTERS; i++) {
                histogram[denseGet(b, i)]++;
            }
        } else {
            byte[] registers = new byte[REGISTERS];
            if (!sparseRegisters(registers, false)) {
                throw CORRUPT;
            }
            for (byte r : registers) {
                histogram[r]++;
            }
        }
        return estimate(histogram);
    }

    /** The estimated cardinality of raw registers, one per byte. */
    static long count(byte[] registers) {
        int[] histogram = new int[64];
        for (byte r : registers) {
            histogram[r]++;
        }
        return estimate(histogram);
    }

    /**
     * Otmar Ertl's improved estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), the
     * one Redis uses since 5.0: from the histogram of register values, with the sigma and tau corrections for the
     * registers still at 0 and those at the maximum.
     */
    private static long estimate(int[] histogram) {
        double m = REGISTERS;
        double z = m * tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; j--) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return Math.round(ALPHA_INF * m * m / z);
    }

    private static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double y = 1;
        double z = x;
        double previous;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (previous != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double y = 1.0;
        double z = 1 - x;
        double previous;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (previous != z);
        return z / 3;
    }

    /** PFDEBUG DECODE's text for a sparse HLL: {@code z:len}, {@code Z:len}, {@code v:value,len}, space separated. */
    String decode() {
        byte[] b = string.buffer();
        int end = string.length();
        StringBuilder text = new StringBuilder();
        int at = HEADER;
        while (at < end) {
            int op = b[at] & 0xFF;
            if (isXZero(op) && at + 1 >= end) {
                break;
            }
            int run = run(b, at);
            if (isZero(op)) {
                text.append("z:").append(run).append(' ');
                at++;
            } else if (isXZero(op)) {
                text.append("Z:").append(run).append(' ');
                at += 2;
            } else {
                text.append("v:").append(valValue(op)).append(',').append(run).append(' ');
                at++;
            }
        }
        return text.toString().strip();
    }
}
