package io.miniredis.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Glob matching case by case. Every expectation below was taken from Redis 7.0.15 itself: the case-sensitive ones
 * with {@code KEYS pattern} on a database holding the string, the case-insensitive ones with {@code CONFIG GET
 * pattern} against the parameter name {@code maxmemory}. Strings are Latin-1, one char per byte, so bytes above
 * 0x7f (signed in C) are covered too.
 */
class GlobTest {

    static Stream<Arguments> caseSensitive() {
        return Stream.of(
                Arguments.of("*", "anything", true),
                Arguments.of("**", "x", true),
                Arguments.of("*", "*", true),
                Arguments.of("a*", "a", true),
                Arguments.of("a*", "abc", true),
                Arguments.of("a*", "ba", false),
                Arguments.of("*a", "ba", true),
                Arguments.of("*a", "ab", false),
                Arguments.of("a*b", "ab", true),
                Arguments.of("a*b", "axxb", true),
                Arguments.of("a*b", "axxbc", false),
                Arguments.of("a*b*c", "abc", true),
                Arguments.of("a*b*c", "aXbYc", true),
                Arguments.of("a*b*c", "acb", false),
                Arguments.of("*ab*", "xxabyy", true),
                Arguments.of("?", "a", true),
                Arguments.of("?", "ab", false),
                Arguments.of("??", "ab", true),
                Arguments.of("a?c", "abc", true),
                Arguments.of("a?c", "ac", false),
                Arguments.of("*?", "a", true),
                Arguments.of("?*", "a", true),
                Arguments.of("*?*", "a", true),
                Arguments.of("*??", "a", false),
                Arguments.of("[abc]", "b", true),
                Arguments.of("[abc]", "d", false),
                Arguments.of("[^abc]", "d", true),
                Arguments.of("[^abc]", "a", false),
                Arguments.of("[a-c]", "b", true),
                Arguments.of("[c-a]", "b", true),
                Arguments.of("[a-c]", "d", false),
                Arguments.of("[^a-c]", "d", true),
                Arguments.of("[a-]", "a", true),
                Arguments.of("[a-]", "-", false),
                Arguments.of("[a-]", "]", true),
                Arguments.of("[a-]", "^", true),
                Arguments.of("[a-]b", "ab", false),
                Arguments.of("[a-]", "a]", false),
                Arguments.of("[]", "]", false),
                Arguments.of("[]]", "]", false),
                Arguments.of("[]a]", "a", false),
                Arguments.of("[]a]", "]", false),
                Arguments.of("[", "[", false),
                Arguments.of("[", "a", false),
                Arguments.of("[^", "a", true),
                Arguments.of("[^", "^", true),
                Arguments.of("[abc", "b", true),
                Arguments.of("[abc", "bx", false),
                Arguments.of("a[", "a[", false),
                Arguments.of("a[", "ab", false),
                Arguments.of("[\\]]", "]", true),
                Arguments.of("[\\]]", "\\", false),
                Arguments.of("[\\", "\\", true),
                Arguments.of("[\\", "a", false),
                Arguments.of("[a\\-z]", "-", true),
                Arguments.of("[a\\-z]", "b", false),
                Arguments.of("\\*", "*", true),
                Arguments.of("\\*", "a", false),
                Arguments.of("\\?", "?", true),
                Arguments.of("\\?", "a", false),
                Arguments.of("\\[a]", "[a]", true),
                Arguments.of("\\[a]", "a", false),
                Arguments.of("a\\", "a\\", true),
                Arguments.of("\\", "\\", true),
                Arguments.of("\\\\", "\\", true),
                Arguments.of("[-a]", "-", true),
                Arguments.of("[-a]", "b", false),
                Arguments.of("[a-c-e]", "d", false),
                Arguments.of("[a-c-e]", "-", true),
                Arguments.of("[!a]", "b", false),
                Arguments.of("[!a]", "!", true),
                Arguments.of("[^]", "]", true),
                Arguments.of("[^]", "a", true),
                Arguments.of("[^]]", "a", false),
                Arguments.of("a*[b", "ab", true),
                Arguments.of("a*[b", "axb", true),
                Arguments.of("h?llo", "hello", true),
                Arguments.of("h*llo", "heeeello", true),
                Arguments.of("h[ae]llo", "hallo", true),
                Arguments.of("h[^e]llo", "hello", false),
                Arguments.of("h[a-b]llo", "hbllo", true),
                Arguments.of("*[", "ab", false),
                Arguments.of("*[^", "ab", true),
                Arguments.of("**a**", "xa", true),
                Arguments.of("*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
                Arguments.of("A*", "abc", false),
                Arguments.of("[A-Z]", "a", false),
                Arguments.of("[Z-a]", "_", true),
                Arguments.of("[Z-a]", "Z", true),
                Arguments.of("?[a-c]*", "xb", true),
                Arguments.of("[[]", "[", true),
                Arguments.of("[a]]", "a]", true),
                Arguments.of("[a]]", "a", false),
                Arguments.of("*]", "a]", true),
                Arguments.of("x\\", "x", false),
                Arguments.of("[\u0080-\u00ff]", "\u00a0", true),
                Arguments.of("[\u0080-\u00ff]", "a", false),
                Arguments.of("[a-\u00ff]", "\u00a0", false),
                Arguments.of("[a-\u00ff]", "\u007f", false),
                Arguments.of("[a-\u00ff]", "\u00ff", true),
                Arguments.of("[a-\u00ff]", "0", true),
                Arguments.of("[\u0001-a]", "\u0090", false),
                Arguments.of("\u00e9*", "\u00e9t\u00e9", true),
                Arguments.of("?", "\u00e9", true));
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @MethodSource("caseSensitive")
    void matchesLikeRedisKeys(String pattern, String string, boolean expected) {
        assertThat(Glob.matches(latin1(pattern), latin1(string), false)).isEqualTo(expected);
    }

    static Stream<Arguments> caseInsensitive() {
        return Stream.of(
                Arguments.of("MAXMEM*", true),
                Arguments.of("[L-N]axmemory", true),
                Arguments.of("[l-n]AXMEMORY", true),
                Arguments.of("[\\M]axmemory", false),
                Arguments.of("[\\m]axmemory", true),
                Arguments.of("\\Maxmemor?", true),
                Arguments.of("[Z-a]axmemory", false),
                Arguments.of("[^Z-a]axmemory", true),
                Arguments.of("[M]axmemor?", true),
                Arguments.of("[A-z]axmemory", true),
                Arguments.of("maxmemory[", false),
                Arguments.of("?AXMEMORY", true),
                Arguments.of("[^M]axmemory", false));
    }

    @ParameterizedTest(name = "{0} ~ maxmemory (nocase) -> {1}")
    @MethodSource("caseInsensitive")
    void matchesLikeRedisConfigGet(String pattern, boolean expected) {
        assertThat(Glob.matches(latin1(pattern), latin1("maxmemory"), true)).isEqualTo(expected);
    }

    @Test
    void onlyAnEmptyPatternMatchesAnEmptyString() {
        assertThat(Glob.matches(new byte[0], new byte[0], false)).isTrue();
        assertThat(Glob.matches(latin1("*"), new byte[0], false)).isFalse();
        assertThat(Glob.matches(latin1("**"), new byte[0], false)).isFalse();
        assertThat(Glob.matches(new byte[0], latin1("a"), false)).isFalse();
    }

    @Test
    void nulBytesAreOrdinaryBytes() {
        assertThat(Glob.matches(new byte[] {'a', 0, '*'}, new byte[] {'a', 0, 'b'}, false))
                .isTrue();
        assertThat(Glob.matches(new byte[] {'a', 0}, new byte[] {'a'}, false)).isFalse();
        assertThat(Glob.matches(new byte[] {'[', 0, ']'}, new byte[] {0}, false))
                .isTrue();
    }

    @Test
    void manyStarsDoNotBlowUp() {
        byte[] pattern = latin1("a*".repeat(5000) + "b");
        byte[] string = new byte[100_000];
        Arrays.fill(string, (byte) 'a');
        long start = System.nanoTime();
        assertThat(Glob.matches(pattern, string, false)).isFalse();
        string[string.length - 1] = 'b';
        assertThat(Glob.matches(pattern, string, false)).isTrue();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void aLongPatternNeedsNoStack() {
        byte[] pattern = latin1("?*".repeat(200_000));
        byte[] string = new byte[200_000];
        Arrays.fill(string, (byte) 'x');
        assertThat(Glob.matches(pattern, string, false)).isTrue();
        assertThat(Glob.matches(pattern, Arrays.copyOf(string, 199_999), false)).isFalse();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
