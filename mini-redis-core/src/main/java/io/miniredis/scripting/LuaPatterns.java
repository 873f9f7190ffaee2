package io.miniredis.scripting;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Lua 5.1's string patterns (reference manual section 5.4.1), matched in Java so that a script stuck in one can be
 * stopped. Lua's own matcher runs inside one C call, where the count hook that stops a script never runs, and a
 * pattern such as {@code string.rep('.-', 20) .. 'b'} backtracks for practically ever. Here every step of the
 * matcher is counted, and every {@link #CHECK_PERIOD} steps the {@link Interrupt} is asked whether to go on.
 *
 * <p>The semantics are Lua 5.1.5's, byte for byte, as Redis 7.0's Lua shows them:
 * <ul>
 *   <li>Subjects are bytes and may hold NUL; character classes are those of C's ctype in the "C" locale (no byte
 *   from 0x80 up is a letter, a space...). A pattern ends at its first NUL, as Lua's C code reads it.</li>
 *   <li>Errors are raised when the matcher reaches the faulty part, not up front: {@code string.find('abc', 'x[')}
 *   is nil, {@code string.find('xabc', 'x[')} fails with "malformed pattern (missing ']')".</li>
 *   <li>{@code %N} referring to a position capture never matches; {@code %0} in a pattern is an invalid capture
 *   index; at the subject's end {@code %f} sees a NUL, as it does before the subject's start.</li>
 * </ul>
 * One addition: Lua 5.1.5 recurses in C without a limit (a deep enough pattern overflows the C stack and crashes
 * the server); here nesting deeper than {@link #MAX_DEPTH} fails with "pattern too complex" (Lua 5.2's text).
 *
 * <p>Not thread-safe: one instance serves one Lua state, whose calls may nest (a gsub callback matching again),
 * which is why the state of one match lives in a {@link Match} of its own.
 */
final class LuaPatterns {

    /** Asked every {@link #CHECK_PERIOD} steps whether the match may go on. */
    @FunctionalInterface
    interface Interrupt {
        /** Null to go on; otherwise the error text the script fails with. */
        String check();
    }

    /** Lua 5.1's LUA_MAXCAPTURES. */
    static final int MAX_CAPTURES = 32;
    /** Steps between two interrupt checks: a step is a few nanoseconds, so a check every few microseconds. */
    static final int CHECK_PERIOD = 4096;
    /**
     * Nested matcher calls allowed (each quantified item, capture or {@code ?} item of the pattern still open is
     * one). A level took up to 330 bytes of stack interpreted and 175 compiled (measured for {@code a*}, the
     * deepest kind, on a 1 MB thread: 3,100 and 5,900 levels), so this takes at most a third of the 1 MB default
     * stack the script thread has, leaving the rest to the Lua, JNI and Java frames below (nested gsub callbacks).
     */
    static final int MAX_DEPTH = 1000;

    /** Capture length of a capture still open. */
    static final int UNFINISHED = -1;
    /** Capture length of a position capture, {@code ()}. */
    static final int POSITION = -2;

    /** What a pattern error says (without the script position Lua puts in front). */
    static final class PatternException extends RuntimeException {
        PatternException(String message) {
            super(message, null, false, false);
        }
    }

    /** The interrupt said stop: {@link #getMessage()} is its text. */
    static final class Interrupted extends RuntimeException {
        Interrupted(String message) {
            super(message, null, false, false);
        }
    }

    private static final int ALPHA = 1;
    private static final int DIGIT = 2;
    private static final int LOWER = 4;
    private static final int UPPER = 8;
    private static final int SPACE = 16;
    private static final int CNTRL = 32;
    private static final int PUNCT = 64;
    private static final int XDIGIT = 128;
    /** ctype in the "C" locale, which Redis keeps for LC_CTYPE: nothing from 0x80 up is in any class. */
    private static final int[] CTYPE = new int[256];

    static {
        for (int c = 0; c < 128; c++) {
            int bits = 0;
            if (c >= 'a' && c <= 'z') {
                bits |= ALPHA | LOWER;
            }
            if (c >= 'A' && c <= 'Z') {
                bits |= ALPHA | UPPER;
            }
            if (c >= '0' && c <= '9') {
                bits |= DIGIT | XDIGIT;
            }
            if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                bits |= XDIGIT;
            }
            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                bits |= SPACE;
            }
            if (c < 32 || c == 127) {
                bits |= CNTRL;
            }
            if (c > 32 && c < 127 && (bits & (ALPHA | DIGIT)) == 0) {
                bits |= PUNCT;
            }
            CTYPE[c] = bits;
        }
    }

    private final Interrupt interrupt;
    private int stepsLeft = CHECK_PERIOD;

    LuaPatterns(Interrupt interrupt) {
        this.interrupt = interrupt;
    }

    /** Counts {@code work} steps; asks the interrupt once a period is used up. */
    void charge(int work) {
        stepsLeft -= work;
        if (stepsLeft <= 0) {
            stepsLeft = CHECK_PERIOD;
            String stop = interrupt.check();
            if (stop != null) {
                throw new Interrupted(stop);
            }
        }
    }

    private void step() {
        if (--stepsLeft <= 0) {
            charge(0);
        }
    }

    /** A match of {@code pattern} (its first {@code patternLength} bytes) in {@code subject}'s first {@code length}. */
    Match match(ByteBuffer subject, int length, byte[] pattern, int patternLength) {
        return new Match(subject, length, pattern, patternLength);
    }

    /** Whether Lua's {@code string.find} would search for this pattern as plain text: no special character in it. */
    static boolean isPlain(byte[] pattern, int patternLength) {
        for (int i = 0; i < patternLength; i++) {
            switch (pattern[i]) {
                case '^', '$', '*', '+', '?', '.', '(', '[', '%', '-' -> {
                    return false;
                }
                case 0 -> {
                    return true; // Lua looks for specials in the C string, which ends here
                }
                default -> {}
            }
        }
        return true;
    }

    /**
     * The first index from {@code from} where {@code needle} (its first {@code needleLength} bytes) is in the
     * subject, or -1: the plain search of {@code string.find}, counted like matching since it can take long too
     * (a long needle that almost matches everywhere).
     */
    int indexOf(ByteBuffer subject, int length, int from, byte[] needle, int needleLength) {
        if (needleLength == 0) {
            return from;
        }
        if (needleLength > length - from) {
            return -1;
        }
        byte first = needle[0];
        int last = length - needleLength;
        for (int i = from; i <= last; i++) {
            step();
            if (subject.get(i) != first) {
                continue;
            }
            int j = 1;
            while (j < needleLength && subject.get(i + j) == needle[j]) {
                j++;
            }
            charge(j >> 4);
            if (j == needleLength) {
                return i;
            }
        }
        return -1;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Whether byte {@code c} is in class {@code %cl} (an unknown letter stands for itself). */
    static boolean inClass(int c, int cl) {
        int bits = CTYPE[c];
        boolean in;
        switch (cl | 0x20) {
            case 'a' -> in = (bits & ALPHA) != 0;
            case 'c' -> in = (bits & CNTRL) != 0;
            case 'd' -> in = (bits & DIGIT) != 0;
            case 'l' -> in = (bits & LOWER) != 0;
            case 'p' -> in = (bits & PUNCT) != 0;
            case 's' -> in = (bits & SPACE) != 0;
            case 'u' -> in = (bits & UPPER) != 0;
            case 'w' -> in = (bits & (ALPHA | DIGIT)) != 0;
            case 'x' -> in = (bits & XDIGIT) != 0;
            case 'z' -> in = c == 0;
            default -> {
                return cl == c;
            }
        }
        return (cl & 0x20) != 0 ? in : !in; // an upper-case class letter is the complement
    }

    /**
     * The state of matching one pattern against one subject: where the captures are. Indexes are 0-based byte
     * offsets; Lua's 1-based positions are made by the caller.
     */
    final class Match {
        private final ByteBuffer subject;
        private final int length;
        private final byte[] pattern;
        private final int patternLength;
        private int level;
        private int depth;
        private int[] captureStart = new int[4]; // grown up to MAX_CAPTURES: most patterns have few
        private int[] captureLength = new int[4];

        private Match(ByteBuffer subject, int length, byte[] pattern, int patternLength) {
            this.subject = subject;
            this.length = length;
            this.pattern = pattern;
            this.patternLength = patternLength;
        }

        int length() {
            return length;
        }

        /** Captures made by the last successful match. */
        int captures() {
            return level;
        }

        /** Where capture {@code i} starts. */
        int captureStart(int i) {
            return captureStart[i];
        }

        /** The length of capture {@code i}: {@link #POSITION} for a position capture, {@link #UNFINISHED}. */
        int captureLength(int i) {
            return captureLength[i];
        }

        /**
         * Matches the pattern from pattern index {@code p} at subject index {@code s} only (no search): the end of
         * the match, or -1.
         */
        int at(int s, int p) {
            level = 0;
            depth = 0;
            return match(s, p);
        }

        /** The pattern byte at {@code i}; past the end, 0, as in the C string Lua reads. */
        private int pat(int i) {
            return i < patternLength ? pattern[i] & 0xff : 0;
        }

        private int sub(int i) {
            return subject.get(i) & 0xff;
        }

        private int match(int s, int p) {
            if (++depth > MAX_DEPTH) {
                throw new PatternException("pattern too complex");
            }
            try {
                while (true) {
                    step();
                    int c = pat(p);
                    if (c == 0) {
                        return s;
                    }
                    if (c == '(') {
                        return pat(p + 1) == ')' ? capture(s, p + 2, POSITION) : capture(s, p + 1, UNFINISHED);
                    }
                    if (c == ')') {
                        return close(s, p + 1);
                    }
                    if (c == '$' && pat(p + 1) == 0) {
                        return s == length ? s : -1;
                    }
                    if (c == '%') {
                        int kind = pat(p + 1);
                        if (kind == 'b') {
                            s = balanced(s, p + 2);
                            if (s < 0) {
                                return -1;
                            }
                            p += 4;
                            continue;
                        }
                        if (kind == 'f') {
                            p += 2;
                            if (pat(p) != '[') {
                                throw new PatternException("missing '[' after '%f' in pattern");
                            }
                            int end = itemEnd(p);
                            int before = s == 0 ? 0 : sub(s - 1);
                            int here = s < length ? sub(s) : 0;
                            if (inSet(before, p, end - 1) || !inSet(here, p, end - 1)) {
                                return -1;
                            }
                            p = end;
                            continue;
                        }
                        if (isDigit(kind)) {
                            s = backReference(s, kind);
                            if (s < 0) {
                                return -1;
                            }
                            p += 2;
                            continue;
                        }
                    }
                    // one single-byte item, maybe followed by a quantifier
                    int end = itemEnd(p);
                    boolean matches = s < length && single(sub(s), p, end);
                    switch (pat(end)) {
                        case '?' -> {
                            if (matches) {
                                int result = match(s + 1, end + 1);
                                if (result >= 0) {
                                    return result;
                                }
                            }
                            p = end + 1;
                        }
                        case '*' -> {
                            return longest(s, p, end);
                        }
                        case '+' -> {
                            return matches ? longest(s + 1, p, end) : -1;
                        }
                        case '-' -> {
                            return shortest(s, p, end);
                        }
                        default -> {
                            if (!matches) {
                                return -1;
                            }
                            s++;
                            p = end;
                        }
                    }
                }
            } finally {
                depth--;
            }
        }

        /** The index just past the single-byte item at {@code p} ({@code x}, {@code %x}, {@code [set]}). */
        private int itemEnd(int p) {
            int c = pat(p++);
            if (c == '%') {
                if (pat(p) == 0) {
                    throw new PatternException("malformed pattern (ends with '%')");
                }
                return p + 1;
            }
            if (c == '[') {
                if (pat(p) == '^') {
                    p++;
                }
                // the set's first byte never closes it: in "[]]" and "[^]]" the first ']' is a member
                do {
                    if (pat(p) == 0) {
                        throw new PatternException("malformed pattern (missing ']')");
                    }
                    int member = pat(p++);
                    if (member == '%' && pat(p) != 0) {
                        p++; // an escaped byte, "%]" included
                    }
                } while (pat(p) != ']');
                return p + 1;
            }
            return p;
        }

        /** Whether byte {@code c} matches the single-byte item from {@code p} to {@code end}. */
        private boolean single(int c, int p, int end) {
            int item = pat(p);
            return switch (item) {
                case '.' -> true;
                case '%' -> inClass(c, pat(p + 1));
                case '[' -> inSet(c, p, end - 1);
                default -> item == c;
            };
        }

        /** Whether byte {@code c} is in the set that opens at {@code p} and closes at {@code close}. */
        private boolean inSet(int c, int p, int close) {
            boolean member = true;
            if (pat(p + 1) == '^') {
                member = false;
                p++;
            }
            while (++p < close) {
                int x = pat(p);
                if (x == '%') {
                    p++;
                    if (inClass(c, pat(p))) {
                        return member;
                    }
                } else if (pat(p + 1) == '-' && p + 2 < close) {
                    p += 2;
                    if (x <= c && c <= pat(p)) {
                        return member;
                    }
                } else if (x == c) {
                    return member;
                }
            }
            return !member;
        }

        /** {@code x*}: as many as possible, then fewer until the rest matches. */
        private int longest(int s, int p, int end) {
            int n = 0;
            while (s + n < length && single(sub(s + n), p, end)) {
                n++;
                step();
            }
            for (; n >= 0; n--) {
                int result = match(s + n, end + 1);
                if (result >= 0) {
                    return result;
                }
            }
            return -1;
        }

        /** {@code x-}: as few as possible, more only while the rest does not match. */
        private int shortest(int s, int p, int end) {
            while (true) {
                int result = match(s, end + 1);
                if (result >= 0) {
                    return result;
                }
                if (s < length && single(sub(s), p, end)) {
                    s++;
                } else {
                    return -1;
                }
            }
        }

        private int capture(int s, int p, int kind) {
            if (level >= MAX_CAPTURES) {
                throw new PatternException("too many captures");
            }
            if (level == captureStart.length) {
                captureStart = Arrays.copyOf(captureStart, MAX_CAPTURES);
                captureLength = Arrays.copyOf(captureLength, MAX_CAPTURES);
            }
            captureStart[level] = s;
            captureLength[level] = kind;
            level++;
            int result = match(s, p);
            if (result < 0) {
                level--;
            }
            return result;
        }

        private int close(int s, int p) {
            int open = level - 1;
            while (open >= 0 && captureLength[open] != UNFINISHED) {
                open--;
            }
            if (open < 0) {
                throw new PatternException("invalid pattern capture");
            }
            captureLength[open] = s - captureStart[open];
            int result = match(s, p);
            if (result < 0) {
                captureLength[open] = UNFINISHED;
            }
            return result;
        }

        /** {@code %bxy}: from an x to its balancing y. */
        private int balanced(int s, int p) {
            int open = pat(p);
            int close = open == 0 ? 0 : pat(p + 1);
            if (open == 0 || close == 0) {
                throw new PatternException("unbalanced pattern");
            }
            if (s >= length || sub(s) != open) {
                return -1;
            }
            int nesting = 1;
            for (int i = s + 1; i < length; i++) {
                step();
                int c = sub(i);
                if (c == close) {
                    if (--nesting == 0) {
                        return i + 1;
                    }
                } else if (c == open) {
                    nesting++;
                }
            }
            return -1;
        }

        /** {@code %1}..{@code %9}: the same bytes as that capture again. */
        private int backReference(int s, int digit) {
            int i = digit - '1';
            if (i < 0 || i >= level || captureLength[i] == UNFINISHED) {
                throw new PatternException("invalid capture index");
            }
            int n = captureLength[i];
            if (n == POSITION || length - s < n) {
                return -1; // Lua compares the position capture's length as a huge unsigned number
            }
            charge(n >> 4);
            int from = captureStart[i];
            for (int k = 0; k < n; k++) {
                if (subject.get(from + k) != subject.get(s + k)) {
                    return -1;
                }
            }
            return s + n;
        }
    }
}
