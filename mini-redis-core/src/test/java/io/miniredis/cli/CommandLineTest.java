package io.miniredis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * The argument vector turned into config lines by redis-server's rules, and the log line format; the behaviour
 * against real Redis is LauncherDifferentialTest's.
 */
class CommandLineTest {

    private static String options(String... args) {
        return CommandLine.parse(args).options();
    }

    @Test
    void theArgumentAfterANameIsItsValueEvenWithDashes() {
        assertThat(options("--logfile", "--save", "--port", "1")).isEqualTo("logfile \"--save\" \nport \"1\" ");
    }

    @Test
    void bareSaveMeansEmpty() {
        assertThat(options("--save")).isEqualTo("save \"\"");
        assertThat(options("--save", "--port", "1")).isEqualTo("save \"\"\nport \"1\" ");
        assertThat(options("--save", "60", "1")).isEqualTo("save \"60\" \"1\" ");
    }

    @Test
    void aNameWithItsValueInOneArgument() {
        assertThat(options("--maxmemory 700mb", "--port", "1")).isEqualTo("maxmemory 700mb \nport \"1\" ");
    }

    @Test
    void configFileAndStandardInput() {
        CommandLine line = CommandLine.parse(new String[] {"redis.conf", "--port", "1", "-"});
        assertThat(line.configFile()).isEqualTo("redis.conf");
        assertThat(line.configFromStdin()).isTrue();
        assertThat(CommandLine.parse(new String[] {"-"}).configFromStdin()).isTrue();
        assertThat(CommandLine.parse(new String[] {"--port", "-", "--hz", "5"}).configFromStdin())
                .isFalse();
    }

    @Test
    void valuesAreQuotedAsRedisReadsThemBack() {
        assertThat(CommandLine.repr("a \"b\"\n\\\u0001")).isEqualTo("\"a \\\"b\\\"\\n\\\\\\x01\"");
        assertThat(RedisConfLine.split(CommandLine.repr("a \"b\"\n\\"))).containsExactly("a \"b\"\n\\");
    }

    @Test
    void modes() {
        assertThat(CommandLine.parse(new String[] {"-v"}).mode()).isEqualTo(CommandLine.Mode.VERSION);
        assertThat(CommandLine.parse(new String[] {"--help"}).mode()).isEqualTo(CommandLine.Mode.HELP);
        assertThat(CommandLine.parse(new String[] {"--test-memory", "10"}).mode())
                .isEqualTo(CommandLine.Mode.TEST_MEMORY);
    }

    @Test
    void logLineFormat() {
        Instant time = Instant.parse("2026-12-07T20:39:04.568Z");
        String line = RedisLog.format(123, 'M', time, RedisLog.Level.NOTICE, "Ready to accept connections");
        String local = java.time.format.DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", java.util.Locale.ROOT)
                .withZone(ZoneId.of(TimeZone.getDefault().getID()))
                .format(time);
        assertThat(line).isEqualTo("123:M " + local + " * Ready to accept connections\n");
        assertThat(RedisLog.Level.of(System.Logger.Level.TRACE)).isEqualTo(RedisLog.Level.DEBUG);
        assertThat(RedisLog.Level.of(System.Logger.Level.DEBUG)).isEqualTo(RedisLog.Level.VERBOSE);
        assertThat(RedisLog.Level.of(System.Logger.Level.ERROR)).isEqualTo(RedisLog.Level.WARNING);
    }
}
