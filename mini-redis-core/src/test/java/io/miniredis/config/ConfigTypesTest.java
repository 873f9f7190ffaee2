package io.miniredis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The value types on their own: what each accepts, its canonical form, and Redis's reason for a refusal. */
class ConfigTypesTest {

    @Test
    void strictIntegersRefuseSignsSpacesAndLeadingZeros() {
        assertThat(ConfigNumbers.strictLong("0")).isZero();
        assertThat(ConfigNumbers.strictLong("-12")).isEqualTo(-12);
        assertThat(ConfigNumbers.strictLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(ConfigNumbers.strictLong("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        for (String refused : List.of("", "-0", "01", "+1", " 1", "1 ", "1.0", "9223372036854775808", "-", "١")) {
            assertThat(ConfigNumbers.strictLong(refused)).as(refused).isNull();
        }
    }

    @Test
    void lenientIntegersAreStrtollSaturating() {
        assertThat(ConfigNumbers.lenientLong("+5")).isEqualTo(5);
        assertThat(ConfigNumbers.lenientLong("01")).isEqualTo(1);
        assertThat(ConfigNumbers.lenientLong("-0")).isZero();
        assertThat(ConfigNumbers.lenientLong(" 7")).isEqualTo(7);
        assertThat(ConfigNumbers.lenientLong("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
        assertThat(ConfigNumbers.lenientLong("-99999999999999999999")).isEqualTo(Long.MIN_VALUE);
        for (String refused : List.of("", "1a", "0x10", "1e3", "7 ", "+", "-")) {
            assertThat(ConfigNumbers.lenientLong(refused)).as(refused).isNull();
        }
    }

    @Test
    void memoryUnitsSaturateThenWrapLikeRedis() {
        assertThat(ConfigNumbers.memory("1k")).isEqualTo(1000);
        assertThat(ConfigNumbers.memory("1KB")).isEqualTo(1024);
        assertThat(ConfigNumbers.memory("2mb")).isEqualTo(2 * 1024 * 1024);
        assertThat(ConfigNumbers.memory("1g")).isEqualTo(1_000_000_000);
        assertThat(ConfigNumbers.memory("3b")).isEqualTo(3);
        assertThat(ConfigNumbers.memory("")).isZero();
        assertThat(ConfigNumbers.memory("kb")).isZero();
        assertThat(ConfigNumbers.memory("18446744073709551616")).isEqualTo(-1L);
        assertThat(ConfigNumbers.memory("17179869184gb")).isZero();
        assertThat(Long.toUnsignedString(ConfigNumbers.memory("99999999999999999999gb")))
                .isEqualTo("18446744072635809792");
        for (String refused : List.of("-1", "+1", " 1", "1.5gb", "1t", "0x10", "1 kb")) {
            assertThat(ConfigNumbers.memory(refused)).as(refused).isNull();
        }
    }

    @Test
    void scalarTypes() {
        assertThat(ConfigTypes.BOOL.normalize("YES")).isEqualTo("yes");
        refused(ConfigTypes.BOOL, "1", "argument must be 'yes' or 'no'");
        assertThat(ConfigTypes.integer(0, 10).normalize("10")).isEqualTo("10");
        refused(ConfigTypes.integer(0, 10), "11", "argument must be between 0 and 10 inclusive");
        refused(ConfigTypes.integer(0, 10), "01", "argument couldn't be parsed into an integer");
        assertThat(ConfigTypes.clampedInteger(0, Integer.MAX_VALUE, 1, 500).normalize("0"))
                .isEqualTo("1");
        assertThat(ConfigTypes.clampedInteger(0, Integer.MAX_VALUE, 1, 500).normalize("9999"))
                .isEqualTo("500");
        assertThat(ConfigTypes.memory(1024, Long.MAX_VALUE).normalize("1gb")).isEqualTo("1073741824");
        refused(
                ConfigTypes.memory(0, Long.MAX_VALUE),
                "18446744073709551615",
                "argument must be between 0 and 9223372036854775807 inclusive");
        refused(ConfigTypes.memory(0, Long.MAX_VALUE), "x", "argument must be a memory value");
        assertThat(ConfigTypes.UNSIGNED_MEMORY.normalize("18446744073709551615"))
                .isEqualTo("18446744073709551615");
        assertThat(ConfigTypes.octal(0, 0777).normalize("0700")).isEqualTo("700");
        refused(ConfigTypes.octal(0, 0777), "8", "argument couldn't be parsed as an octal number");
        refused(ConfigTypes.octal(0, 0777), "1000", "argument must be between 0 and 777 inclusive");
    }

    @Test
    void memoryOrPercent() {
        ConfigType type = ConfigTypes.MEMORY_OR_PERCENT;
        assertThat(type.normalize("10%")).isEqualTo("10%");
        assertThat(type.normalize("0%")).isEqualTo("0");
        assertThat(type.normalize("1kb")).isEqualTo("1024");
        assertThat(type.normalize("18446744073709551615")).isEqualTo("1%");
        refused(type, "101%", "percentage argument must be less or equal to 100");
        refused(type, "9223372036854775808", "percentage argument must be less or equal to 100");
        refused(type, "-5%", "argument must be a memory or percent value");
        refused(type, "01%", "argument must be a memory or percent value");
    }

    @Test
    void enumsListTheirWordsAndReportSynonymsCanonically() {
        ConfigType type = ConfigTypes.oneOf("no", "yes", "relative", "absolute").reportedAs("relative", "yes");
        assertThat(type.normalize("RELATIVE")).isEqualTo("yes");
        assertThat(type.normalize("Absolute")).isEqualTo("absolute");
        refused(type, "x", "argument(s) must be one of the following: no, yes, relative, absolute");
    }

    @Test
    void saveSchedules() {
        ConfigType save = ListConfigTypes.SAVE;
        assertThat(save.normalize("3600 1 300 100")).isEqualTo("3600 1 300 100");
        assertThat(save.normalize("")).isEmpty();
        assertThat(save.normalize("01 +1")).isEqualTo("1 1");
        assertThat(save.normalize("1 4294967296")).isEqualTo("1 0");
        assertThat(save.normalize("3600 2147483648")).isEqualTo("3600 -2147483648");
        for (String bad : List.of(" ", "3600", "0 0", "3600 -1", "5 1 ", "1  1", "-0 1")) {
            refused(save, bad, "Invalid save parameters");
        }
    }

    @Test
    void clientOutputBufferLimitsKeepTheClassesNotGiven() {
        ConfigType type = ListConfigTypes.CLIENT_OUTPUT_BUFFER_LIMIT;
        String defaults = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
        assertThat(type.normalize("replica 1mb 2k 3", defaults))
                .isEqualTo("normal 0 0 0 slave 1048576 2000 3 pubsub 33554432 8388608 60");
        assertThat(type.normalize("", defaults)).isEqualTo(defaults);
        refused(type, "master 1 2 3", "Invalid client class specified in buffer limit configuration.");
        refused(type, "normal 1 2", "Wrong number of arguments in buffer limit configuration.");
        refused(
                type,
                "normal 1 2 2147483648",
                "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }

    @Test
    void keyspaceEventFlagsInRedisOrder() {
        ConfigType type = NotifyKeyspaceEvents.TYPE;
        assertThat(type.normalize("KEA")).isEqualTo("AKE");
        assertThat(type.normalize("ntdexzhsl$")).isEqualTo("$lshzxetdn");
        assertThat(type.normalize("g$lshzxetmd")).isEqualTo("Am");
        assertThat(type.normalize("An")).isEqualTo("An"); // kept: the server sends 'new' events
        assertThat(type.display(type.normalize("KEAn"))).isEqualTo("AKE"); // but Redis does not show it
        assertThat(type.normalize("EKm")).isEqualTo("KEm");
        assertThat(NotifyKeyspaceEvents.flags("Kx"))
                .isEqualTo(NotifyKeyspaceEvents.KEYSPACE | NotifyKeyspaceEvents.EXPIRED);
        refused(type, "ak", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }

    @Test
    void numberLists() {
        assertThat(ListConfigTypes.OOM_SCORE_ADJ_VALUES.normalize("01 +2 -0")).isEqualTo("1 2 0");
        refused(ListConfigTypes.OOM_SCORE_ADJ_VALUES, "1 2", "wrong number of arguments");
        refused(
                ListConfigTypes.OOM_SCORE_ADJ_VALUES,
                "0 2001 1",
                "Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
        assertThat(ListConfigTypes.PERCENTILES.normalize("50.0 99.000 1e1 0x10 1.123456789"))
                .isEqualTo("50 99 10 16 1.123457");
        assertThat(ListConfigTypes.PERCENTILES.normalize("-0")).isEqualTo("-0");
        refused(ListConfigTypes.PERCENTILES, "nan", "Invalid latency-tracking-info-percentiles parameters");
        refused(
                ListConfigTypes.PERCENTILES,
                "inf",
                "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
    }

    @Test
    void textTypes(@TempDir Path directory) throws IOException {
        refused(
                ListConfigTypes.BIND,
                String.join(" ", java.util.Collections.nCopies(17, "::1")),
                "Too many bind addresses specified.");
        assertThat(ListConfigTypes.REPLICAOF.normalize("NO ONE")).isEmpty();
        refused(ListConfigTypes.REPLICAOF, "host", "wrong number of arguments");
        refused(ListConfigTypes.REPLICAOF, "host port", "Invalid master port");
        assertThat(ListConfigTypes.DIRECTORY.normalize(
                        directory.resolve("..").resolve(directory.getFileName()).toString()))
                .isEqualTo(directory.toRealPath().toString());
        refused(ListConfigTypes.DIRECTORY, directory.resolve("missing").toString(), "No such file or directory");
        Path file = Files.createFile(directory.resolve("file"));
        refused(ListConfigTypes.DIRECTORY, file.toString(), "Not a directory");
        refused(TextConfigTypes.FILENAME_DBFILENAME, "a/b", "dbfilename can't be a path, just a filename");
        assertThat(TextConfigTypes.PROC_TITLE_TEMPLATE.normalize("{title} {listen-addr}"))
                .isEqualTo("{title} {listen-addr}");
        for (String bad : List.of("{title}", "{foo}", "{", " ", "{server-mode}")) {
            refused(
                    TextConfigTypes.PROC_TITLE_TEMPLATE,
                    bad,
                    "template format is invalid or contains unknown variables");
        }
    }

    @Test
    void globPatterns() {
        assertThat(io.miniredis.util.Glob.matches("max*", "MAXMEMORY", true)).isTrue();
        assertThat(io.miniredis.util.Glob.matches("MAX*", "maxmemory", true)).isTrue();
        assertThat(io.miniredis.util.Glob.matches("maxmemor?", "maxmemory", true))
                .isTrue();
        assertThat(io.miniredis.util.Glob.matches("[a-c]*", "bind", true)).isTrue();
        assertThat(io.miniredis.util.Glob.matches("[^a-c]*", "bind", true)).isFalse();
        assertThat(io.miniredis.util.Glob.matches("*-?ize", "list-max-listpack-size", true))
                .isTrue();
        assertThat(io.miniredis.util.Glob.matches("h\\z", "hz", true)).isTrue();
        assertThat(io.miniredis.util.Glob.matches("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaac", true))
                .isFalse();
    }

    @Test
    void everyDefaultIsValidAndNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (ConfigParameter parameter : RedisParameters.all()) {
            assertThat(names.add(parameter.name())).as(parameter.name()).isTrue();
            for (String alias : parameter.aliases()) {
                assertThat(names.add(alias)).as(alias).isTrue();
            }
            parameter.type().normalize(parameter.defaultValue());
        }
        assertThat(names)
                .contains(
                        "loglevel",
                        "io-threads",
                        "daemonize",
                        "logfile",
                        "dir",
                        "save",
                        "appendonly",
                        "port",
                        "bind",
                        "requirepass",
                        "databases",
                        "maxclients",
                        "timeout",
                        "hz",
                        "proto-max-bulk-len",
                        "client-query-buffer-limit",
                        "tcp-backlog",
                        "tcp-keepalive");
    }

    private static void refused(ConfigType type, String value, String reason) {
        assertThatThrownBy(() -> type.normalize(value))
                .as("'%s'", value)
                .isInstanceOf(ConfigException.class)
                .hasMessage(reason);
    }
}
