package io.miniredis.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The C-style number parsing DEBUG inherits from Redis (strtod for SLEEP, atoi for SET-ACTIVE-EXPIRE). */
class DebugCommandTest {

    @Test
    void strtodReadsTheLongestNumericPrefix() {
        assertThat(DebugCommand.strtod(b("0.2"))).isEqualTo(0.2);
        assertThat(DebugCommand.strtod(b(" 1e-1xyz"))).isEqualTo(0.1);
        assertThat(DebugCommand.strtod(b(".5"))).isEqualTo(0.5);
        assertThat(DebugCommand.strtod(b("-3"))).isEqualTo(-3);
        assertThat(DebugCommand.strtod(b("abc"))).isZero();
        assertThat(DebugCommand.strtod(b(""))).isZero();
        assertThat(DebugCommand.strtod(b("inf"))).isInfinite();
        assertThat(DebugCommand.strtod(b("nan"))).isZero();
    }

    @Test
    void atoiStopsAtTheFirstNonDigit() {
        assertThat(DebugCommand.atoi(b("1"))).isEqualTo(1);
        assertThat(DebugCommand.atoi(b(" 2x"))).isEqualTo(2);
        assertThat(DebugCommand.atoi(b("-0"))).isZero();
        assertThat(DebugCommand.atoi(b("abc"))).isZero();
        assertThat(DebugCommand.atoi(b("+7"))).isEqualTo(7);
    }

    @Test
    void serializedLengthFollowsRdbStringEncoding() {
        assertThat(DebugCommand.serializedLength(b("v"))).isEqualTo(2);
        assertThat(DebugCommand.serializedLength(b("123"))).isEqualTo(2);
        assertThat(DebugCommand.serializedLength(b("1000"))).isEqualTo(3);
        assertThat(DebugCommand.serializedLength(b("70000"))).isEqualTo(5);
        assertThat(DebugCommand.serializedLength(b("12345678901"))).isEqualTo(12);
        assertThat(DebugCommand.serializedLength(b("x".repeat(64)))).isEqualTo(66);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
