package io.miniredis.config;

/**
 * Redis's glob matching, case-insensitive, for CONFIG GET patterns: {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]}, and {@code \} to quote.
 *
 * <p>TODO: replace with Glob when merged (command/Glob.java is being written on another branch; this minimal
 * matcher only serves CONFIG GET until then).
 */
public final class ConfigPattern {

    private ConfigPattern() {
    }

    /** Whether {@code pattern} has glob characters; without them CONFIG GET looks the name up directly. */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    public static boolean matches(String pattern, String text) {
        return match(pattern, 0, text, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    pi++;
                    boolean negate = pi < p.length() && p.charAt(pi) == '^';
                    if (negate) {
                        pi++;
                    }
                    boolean found = false;
                    char sc = lower(s.charAt(si));
                    while (pi < p.length() && p.charAt(pi) != ']') {
                        if (p.charAt(pi) == '\\' && pi + 1 < p.length()) {
                            pi++;
                            found |= lower(p.charAt(pi)) == sc;
                        } else if (pi + 2 < p.length() && p.charAt(pi + 1) == '-' && p.charAt(pi + 2) != ']') {
                            char from = lower(p.charAt(pi));
                            char to = lower(p.charAt(pi + 2));
                            if (from > to) {
                                char swap = from;
                                from = to;
                                to = swap;
                            }
                            found |= sc >= from && sc <= to;
                            pi += 2;
                        } else {
                            found |= lower(p.charAt(pi)) == sc;
                        }
                        pi++;
                    }
                    if (pi >= p.length()) {
                        pi--; // an unclosed set ends the pattern, as in Redis
                    }
                    if (found == negate) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length()) {
                        pi++;
                    }
                    if (si >= s.length() || lower(p.charAt(pi)) != lower(s.charAt(si))) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length() || lower(c) != lower(s.charAt(si))) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return si == s.length();
    }

    private static char lower(char c) {
        return Character.toLowerCase(c);
    }
}
