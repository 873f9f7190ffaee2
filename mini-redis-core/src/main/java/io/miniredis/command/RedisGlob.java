package io.miniredis.command;

/**
 * Redis's glob-style matching ({@code *}, {@code ?}, {@code [a-z]}, {@code [^abc]}, {@code \} escapes), over
 * bytes, optionally ignoring ASCII case: what COMMAND LIST FILTERBY PATTERN uses, and KEYS, SCAN MATCH or CONFIG GET
 * patterns can use as well.
 */
public final class RedisGlob {

    private RedisGlob() {
    }

    public static boolean matches(byte[] pattern, byte[] text, boolean ignoreCase) {
        return match(pattern, 0, text, 0, ignoreCase);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase) {
        while (pi < p.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int from = si; from <= s.length; from++) {
                        if (match(p, pi + 1, s, from, nocase)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                    pi++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    int end = matchClass(p, pi + 1, s[si], nocase);
                    if (end < 0) {
                        return false;
                    }
                    pi = end;
                    si++;
                }
                default -> {
                    if (c == '\\' && pi + 1 < p.length) {
                        pi++;
                        c = p[pi];
                    }
                    if (si >= s.length || !same(c, s[si], nocase)) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length;
    }

    /**
     * Matches {@code ch} against the class starting at {@code pi} (just after the {@code [}); returns the pattern
     * index after the closing {@code ]}, or -1 when the character is not in the class. An unterminated class ends
     * with the pattern.
     */
    private static int matchClass(byte[] p, int pi, byte ch, boolean nocase) {
        boolean negate = pi < p.length && p[pi] == '^';
        if (negate) {
            pi++;
        }
        boolean found = false;
        while (pi < p.length && p[pi] != ']') {
            if (p[pi] == '\\' && pi + 1 < p.length) {
                pi++;
                found |= same(p[pi], ch, nocase);
                pi++;
            } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                int start = fold(p[pi], nocase);
                int stop = fold(p[pi + 2], nocase);
                if (start > stop) {
                    int swap = start;
                    start = stop;
                    stop = swap;
                }
                int value = fold(ch, nocase);
                found |= value >= start && value <= stop;
                pi += 3;
            } else {
                found |= same(p[pi], ch, nocase);
                pi++;
            }
        }
        if (pi < p.length) {
            pi++; // the closing ]
        }
        return found != negate ? pi : -1;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return fold(a, nocase) == fold(b, nocase);
    }

    private static int fold(byte b, boolean nocase) {
        int v = b & 0xff;
        return nocase && v >= 'A' && v <= 'Z' ? v + 32 : v;
    }
}
