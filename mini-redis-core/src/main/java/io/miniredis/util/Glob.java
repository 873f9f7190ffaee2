package io.miniredis.util;

/**
 * Redis's glob-style pattern matching (KEYS, SCAN MATCH, CONFIG GET, PSUBSCRIBE...), byte for byte, quirks included:
 *
 * <ul>
 *   <li>{@code *} matches any run of bytes, {@code ?} any one byte, {@code \x} the byte {@code x} (a trailing
 *       backslash is itself).</li>
 *   <li>{@code [...]} matches one byte from a set; {@code ^} first negates it; {@code a-z} is a range whose ends may
 *       come in either order and are compared as <em>signed</em> bytes, like C's {@code char}; {@code \x} inside
 *       takes {@code x} literally and is compared case-sensitively even when matching without case; a class that
 *       runs to the end of the pattern without {@code ]} ends there.</li>
 *   <li>Only an empty pattern matches an empty string: Redis's loop never runs when the string is empty, so even
 *       {@code *} does not match it (KEYS and SCAN special-case the pattern {@code *} themselves).</li>
 *   <li>Case folding ({@code nocase}) is ASCII only.</li>
 * </ul>
 *
 * <p>Matching is iterative with one backtracking point, the last {@code *} seen: when the rest of the pattern fails
 * after it, only that star takes one more byte; earlier stars never need to be revisited, because the last star
 * could absorb whatever a longer match of an earlier one would. Redis reaches the same answers (its recursion gives
 * up on earlier stars once a later one is exhausted); here it costs at most O(pattern × string) time and no stack,
 * so a pattern of many stars cannot blow up.
 */
public final class Glob {

    /** Returned by {@link #step} when the pattern element does not match the byte. */
    private static final int NO_MATCH = -1;

    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        int patternEnd = pattern.length;
        int stringEnd = string.length;
        if (stringEnd == 0) {
            return patternEnd == 0;
        }
        int p = 0;
        int s = 0;
        int starResume = -1; // pattern index right after the last star, or -1 when none seen yet
        int starString = 0; // where in the string that star's match currently ends
        while (s < stringEnd) {
            if (p < patternEnd && pattern[p] == '*') {
                while (p < patternEnd && pattern[p] == '*') {
                    p++;
                }
                if (p == patternEnd) {
                    return true; // a trailing star takes the rest of the string
                }
                starResume = p;
                starString = s;
                continue;
            }
            int next = p < patternEnd ? step(pattern, p, string[s], nocase) : NO_MATCH;
            if (next != NO_MATCH) {
                p = next;
                s++;
            } else if (starResume >= 0) {
                p = starResume;
                s = ++starString;
            } else {
                return false;
            }
        }
        while (p < patternEnd && pattern[p] == '*') {
            p++;
        }
        return p == patternEnd;
    }

    public static boolean matches(String pattern, String string, boolean nocase) {
        return matches(
                pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                string.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                nocase);
    }

    /**
     * Matches the single pattern element at {@code p} (not a star) against byte {@code c}: returns the index of the
     * next pattern element, or {@link #NO_MATCH}.
     */
    private static int step(byte[] pattern, int p, byte c, boolean nocase) {
        int end = pattern.length;
        switch (pattern[p]) {
            case '?':
                return p + 1;
            case '[':
                return bracket(pattern, p + 1, c, nocase);
            case '\\':
                if (end - p >= 2) {
                    p++;
                }
                return same(pattern[p], c, nocase) ? p + 1 : NO_MATCH;
            default:
                return same(pattern[p], c, nocase) ? p + 1 : NO_MATCH;
        }
    }

    /** A character class whose body starts at {@code i} (just after the {@code [}). */
    private static int bracket(byte[] pattern, int i, byte c, boolean nocase) {
        int end = pattern.length;
        boolean negate = i < end && pattern[i] == '^';
        if (negate) {
            i++;
        }
        boolean match = false;
        while (true) {
            if (i >= end) {
                break; // unterminated: the class ends with the pattern
            }
            byte b = pattern[i];
            if (b == '\\' && end - i >= 2) {
                i++;
                if (pattern[i] == c) { // an escaped byte is compared exactly, whatever nocase says
                    match = true;
                }
            } else if (b == ']') {
                i++;
                break;
            } else if (end - i >= 3 && pattern[i + 1] == '-') {
                // Signed bytes, as C compares chars; the ends may be given in either order.
                int start = pattern[i];
                int stop = pattern[i + 2];
                if (start > stop) {
                    int t = start;
                    start = stop;
                    stop = t;
                }
                int x = c;
                if (nocase) {
                    start = lower(start);
                    stop = lower(stop);
                    x = lower(x);
                }
                if (x >= start && x <= stop) {
                    match = true;
                }
                i += 2;
            } else if (same(b, c, nocase)) {
                match = true;
            }
            i++;
        }
        return match != negate ? i : NO_MATCH;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return a == b || (nocase && lower(a) == lower(b));
    }

    /** C's tolower in the C locale: ASCII letters only. */
    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
