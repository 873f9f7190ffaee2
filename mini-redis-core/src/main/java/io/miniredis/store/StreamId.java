package io.miniredis.store;

/**
 * A stream entry ID: milliseconds and a sequence number, each an unsigned 64-bit number held in a {@code long} and
 * compared unsigned, as Redis's {@code streamID}. Written {@code <ms>-<seq>} in decimal.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {

    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1L, -1L);

    /** Redis copies an ID argument into a 128-byte buffer: anything longer is not an ID. */
    private static final int MAX_TEXT = 127;

    @Override
    public int compareTo(StreamId other) {
        int byMs = Long.compareUnsigned(ms, other.ms);
        return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    /** The next ID up, or null after {@link #MAX}. */
    public StreamId next() {
        if (seq != -1L) {
            return new StreamId(ms, seq + 1);
        }
        return ms == -1L ? null : new StreamId(ms + 1, 0);
    }

    /** The next ID down, or null before {@link #MIN}. */
    public StreamId previous() {
        if (seq != 0) {
            return new StreamId(ms, seq - 1);
        }
        return ms == 0 ? null : new StreamId(ms - 1, -1L);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    /** {@code <ms>-<seq>} in ASCII, written straight into its array: every XADD reply and propagation makes one. */
    public byte[] toBytes() {
        int msDigits = unsignedDigits(ms);
        int seqDigits = unsignedDigits(seq);
        byte[] out = new byte[msDigits + 1 + seqDigits];
        writeUnsigned(ms, out, msDigits);
        out[msDigits] = '-';
        writeUnsigned(seq, out, out.length);
        return out;
    }

    private static final long TEN_TO_THE_19 = Long.parseUnsignedLong("10000000000000000000");

    private static int unsignedDigits(long value) {
        if (value < 0) {
            // above Long.MAX_VALUE (9223372036854775808 and up): 19 digits, or 20 from 10^19
            return Long.compareUnsigned(value, TEN_TO_THE_19) >= 0 ? 20 : 19;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes {@code value} (unsigned) so that its last digit is at {@code end - 1}. */
    private static void writeUnsigned(long value, byte[] out, int end) {
        int at = end;
        long v = value;
        if (v < 0) {
            long quotient = Long.divideUnsigned(v, 10);
            out[--at] = (byte) ('0' + (v - quotient * 10));
            v = quotient;
        }
        do {
            out[--at] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
    }

    /** What {@link #parse} found: an ID, or an ID whose sequence is to be chosen ({@code <ms>-*}). */
    public record Parsed(StreamId id, boolean autoSeq) {}

    /**
     * Parses an ID argument as Redis does: {@code -} and {@code +} (unless {@code strict}) are the smallest and
     * largest IDs; otherwise {@code <ms>} or {@code <ms>-<seq>}, each part read as an unsigned 64-bit decimal
     * ({@code strtoull} rules where a plain integer parse fails: leading blanks, a sign, leading zeros), a missing
     * sequence being {@code missingSeq}. With {@code allowAutoSeq}, {@code <ms>-*} parses with {@code autoSeq}.
     * Null when the argument is not an ID. The argument counts up to its first NUL byte, as a C string.
     */
    public static Parsed parse(byte[] arg, long missingSeq, boolean strict, boolean allowAutoSeq) {
        if (arg.length > MAX_TEXT) {
            return null;
        }
        int length = 0;
        while (length < arg.length && arg[length] != 0) {
            length++;
        }
        if (length == 1 && (arg[0] == '-' || arg[0] == '+')) {
            if (strict) {
                return null;
            }
            return new Parsed(arg[0] == '-' ? MIN : MAX, false);
        }
        int dash = -1;
        for (int i = 0; i < length; i++) {
            if (arg[i] == '-') {
                dash = i;
                break;
            }
        }
        if (dash < 0) {
            Long ms = parseUnsigned(arg, 0, length);
            return ms == null ? null : new Parsed(new StreamId(ms, missingSeq), false);
        }
        Long ms = parseUnsigned(arg, 0, dash);
        if (ms == null) {
            return null;
        }
        if (allowAutoSeq && length == dash + 2 && arg[dash + 1] == '*') {
            return new Parsed(new StreamId(ms, 0), true);
        }
        Long seq = parseUnsigned(arg, dash + 1, length);
        return seq == null ? null : new Parsed(new StreamId(ms, seq), false);
    }

    /** {@link #parse} for an argument that must be a plain ID (no {@code <ms>-*}); null when it is not one. */
    public static StreamId parse(byte[] arg, long missingSeq, boolean strict) {
        Parsed parsed = parse(arg, missingSeq, strict, false);
        return parsed == null ? null : parsed.id();
    }

    /**
     * Redis's {@code string2ull}: a canonical signed 64-bit decimal if it is one (negative refused), otherwise what
     * {@code strtoull} accepts in base 10 when it consumes the whole text without overflow. Null otherwise.
     */
    static Long parseUnsigned(byte[] s, int from, int to) {
        Long canonical = canonicalLong(s, from, to);
        if (canonical != null) {
            return canonical < 0 ? null : canonical;
        }
        int i = from;
        while (i < to && isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < to && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (i >= to) {
            return null;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = s[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            long times10 = value * 10;
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0
                    || Long.compareUnsigned(times10 + digit, times10) < 0) {
                return null; // ERANGE
            }
            value = times10 + digit;
        }
        return negative ? -value : value;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** Redis's {@code string2ll}: no blanks, no plus, no leading zeros, within the signed range. */
    private static Long canonicalLong(byte[] s, int from, int to) {
        int length = to - from;
        if (length == 0 || length > 20) {
            return null;
        }
        if (length == 1 && s[from] == '0') {
            return 0L;
        }
        int i = from;
        boolean negative = s[i] == '-';
        if (negative) {
            i++;
            if (i == to) {
                return null;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            return null;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = s[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return null;
            }
            value = value * 10 - digit; // accumulate negatively: reaches Long.MIN_VALUE
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return null;
            }
            return -value;
        }
        return value;
    }
}
