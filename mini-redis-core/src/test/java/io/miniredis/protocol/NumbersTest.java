package io.miniredis.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({"0,0", "-1,-1", "9223372036854775807,9223372036854775807", "-9223372036854775808,-9223372036854775808"})
    void parsesLongsStrictly(String text, long value) {
        assertThat(Numbers.parseLong(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(value);
    }

    @Test
    void strtodAsRangeParsersCallIt() {
        assertThat(strtod("")).isEqualTo(0.0);
        assertThat(strtod(" \t1.5")).isEqualTo(1.5);
        assertThat(strtod("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(strtod("-1e400")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(strtod("1e-400")).isEqualTo(0.0);
        assertThat(strtod("0x1p4")).isEqualTo(16.0);
        assertThat(strtod("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        for (String bad : new String[] {" ", "1 ", "nan", "-nan", "0x", "1e", "inf5", "--1", "abc"}) {
            assertThatThrownBy(() -> strtod(bad)).as(bad).isInstanceOf(Numbers.NotANumber.class);
        }
    }

    private static double strtod(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return Numbers.parseStrtod(bytes, 0, bytes.length);
    }

    @Test
    void writesLongsAsRedisDoes() {
        for (long value : new long[] {0, 7, -7, 10, 1234567890, -1234567890, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(new String(Numbers.toBytes(value), StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(value));
        }
    }

    @Test
    void rejectsWhatRedisRejects() {
        for (String bad : new String[] {
            "", "-", "+1", "01", " 1", "1 ", "1.0", "9223372036854775808", "-0x1", "abc", "-9223372036854775809"
        }) {
            assertThatThrownBy(() -> Numbers.parseLong(bad.getBytes(StandardCharsets.US_ASCII)))
                    .as(bad)
                    .isInstanceOf(Numbers.NotANumber.class);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1.5,1.5",
        "0.1,0.10000000000000001",
        "100,100",
        "1e20,1e+20",
        "1.1e-5,1.1e-05",
        "123456789012345678,1.2345678901234568e+17",
        "0.0001,0.0001",
        "-2.5,-2.5",
        "3,3",
        "-42,-42",
        "999999999999999,999999999999999",
        "1e15,1000000000000000",
        "1e16,10000000000000000",
        "1e17,1e+17",
        "12345678901234567,12345678901234568"
    })
    void formatsDoublesLikePercent17g(double value, String expected) {
        assertThat(Numbers.formatDouble(value)).isEqualTo(expected);
    }

    @Test
    void formatsInfinities() {
        assertThat(Numbers.formatDouble(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(Numbers.formatDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void parsesDoublesLikeStrtod() {
        assertThat(Numbers.parseDouble("1e3".getBytes())).isEqualTo(1000.0);
        assertThat(Numbers.parseDouble("inf".getBytes())).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Numbers.parseDouble("-Infinity".getBytes())).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Numbers.parseDouble(".5".getBytes())).isEqualTo(0.5);
        assertThat(Numbers.parseDouble("0x10".getBytes())).isEqualTo(16.0);
        for (String bad : new String[] {"", " 1", "1 ", "nan", "abc", "1e", "1e400", "1.5f", "1d"}) {
            assertThatThrownBy(() -> Numbers.parseDouble(bad.getBytes()))
                    .as(bad)
                    .isInstanceOf(Numbers.NotANumber.class);
        }
    }

    @Test
    void longDoubleArithmeticMatchesX87() {
        // Values checked against Redis 7.0 on x86-64 (INCRBYFLOAT).
        assertThat(add("10.5", "0.1")).isEqualTo("10.6");
        assertThat(add("0.1", "0.2")).isEqualTo("0.3");
        assertThat(add("3.0e3", "1.5")).isEqualTo("3001.5");
        assertThat(add("1", "-1")).isEqualTo("0");
    }

    @Test
    void longDoubleUnderflowToZeroIsRefusedButSubnormalsParse() {
        // strtold sets ERANGE for both; Redis's string2ld refuses only a result of zero.
        assertThatThrownBy(() -> Numbers.parseLongDouble("1e-5000".getBytes())).isInstanceOf(Numbers.NotANumber.class);
        assertThatThrownBy(() -> Numbers.parseLongDouble("-1e-4960".getBytes())).isInstanceOf(Numbers.NotANumber.class);
        assertThat(Numbers.parseLongDouble("1e-4950".getBytes()).signum()).isEqualTo(1);
        assertThat(Numbers.parseLongDouble("0e-5000".getBytes()).signum()).isZero();
    }

    private static String add(String a, String b) {
        return Numbers.formatLongDouble(
                Numbers.addLongDouble(Numbers.parseLongDouble(a.getBytes()), Numbers.parseLongDouble(b.getBytes())));
    }
}
