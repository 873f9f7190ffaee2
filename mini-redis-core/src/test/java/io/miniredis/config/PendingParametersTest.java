package io.miniredis.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The parameters accepted but not acted on: each is Redis's, each is in the README, and setting one warns. */
class PendingParametersTest {

    @Test
    void everyPendingParameterIsARedisParameterAndHasAReason() {
        ConfigRegistry registry = new ConfigRegistry(RedisParameters.all());
        PendingParameters.all().forEach((name, reason) -> {
            assertThat(registry.parameter(name)).as(name).isNotNull();
            assertThat(reason).isNotBlank();
        });
    }

    /** The README's table is the one PendingParameters renders, row for row (paste it when this fails). */
    @Test
    void theReadmeTableIsPendingParameters() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains(PendingParameters.markdownTable());
    }

    /**
     * The audit behind "no silent no-ops": every Redis parameter is either one the server acts on (listed here,
     * checked one by one in issue [14]: grep the name to find where) or pending with a reason. A parameter added to
     * RedisParameters must be put in one of the two.
     */
    private static final Set<String> ACTED_ON = Set.of(
            "activerehashing",
            "aof-load-truncated",
            "aof-rewrite-incremental-fsync",
            "aof-timestamp-enabled",
            "aof-use-rdb-preamble",
            "appenddirname",
            "appendfilename",
            "appendfsync",
            "appendonly",
            "auto-aof-rewrite-min-size",
            "auto-aof-rewrite-percentage",
            "bind",
            "busy-reply-threshold",
            "client-output-buffer-limit",
            "client-query-buffer-limit",
            "databases",
            "dbfilename",
            "dir",
            "enable-debug-command",
            "enable-module-command",
            "enable-protected-configs",
            "hash-max-listpack-entries",
            "hash-max-listpack-value",
            "hll-sparse-max-bytes",
            "hz",
            "io-threads",
            "key-load-delay",
            "latency-tracking-info-percentiles",
            "lazyfree-lazy-eviction",
            "lazyfree-lazy-expire",
            "lfu-decay-time",
            "lfu-log-factor",
            "list-compress-depth",
            "list-max-listpack-size",
            "loading-process-events-interval-bytes",
            "logfile", // the standalone server's log (an embedded server logs through the application's)
            "loglevel", // likewise
            "maxclients",
            "maxmemory",
            "maxmemory-clients",
            "maxmemory-eviction-tenacity",
            "maxmemory-policy",
            "maxmemory-samples",
            "no-appendfsync-on-rewrite",
            "notify-keyspace-events",
            "pidfile", // the standalone server's
            "port",
            "proto-max-bulk-len",
            "rdb-save-incremental-fsync",
            "rdbchecksum",
            "rdbcompression",
            "requirepass",
            "save",
            "set-max-intset-entries",
            "shutdown-on-sigint",
            "shutdown-on-sigterm",
            "stop-writes-on-bgsave-error",
            "stream-node-max-bytes",
            "stream-node-max-entries",
            "tcp-backlog",
            "tcp-keepalive",
            "timeout",
            "unixsocket",
            "unixsocketperm",
            "zset-max-listpack-entries",
            "zset-max-listpack-value");

    @Test
    void everyParameterIsActedOnOrPending() {
        Set<String> all = new TreeSet<>();
        RedisParameters.all().forEach(parameter -> all.add(parameter.name()));
        Set<String> classified = new TreeSet<>(ACTED_ON);
        classified.addAll(PendingParameters.all().keySet());
        assertThat(classified).isEqualTo(all);
        assertThat(ACTED_ON).doesNotContainAnyElementsOf(PendingParameters.all().keySet());
    }

    @Test
    void settingOneAwayFromItsDefaultWarnsAtStartAndOnConfigSet() {
        try (WarningCapture capture = new WarningCapture();
                MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .config("slowlog-max-len", "10")
                        .build()
                        .start();
                Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            List<String> warnings = capture.warnings;
            assertThat(warnings)
                    .containsExactly("'slowlog-max-len 10' is accepted but not acted on: "
                            + "SLOWLOG, LATENCY and client tracking come with issue [18]");
            jedis.configSet("repl-timeout", "60"); // Redis's default: nothing to warn about
            jedis.configSet("repl-timeout", "30");
            assertThat(warnings)
                    .hasSize(2)
                    .last()
                    .isEqualTo("'repl-timeout 30' is accepted but not acted on: replication comes with issue [16]");
        }
    }

    @Test
    void anEmbeddedServerWarnsThatItLeavesLoggingAndThePidFileToTheApplication() {
        try (WarningCapture capture = new WarningCapture();
                MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .config("loglevel", "warning")
                        .build()
                        .start();
                Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            List<String> warnings = capture.warnings;
            assertThat(warnings)
                    .containsExactly("'loglevel warning' is accepted but not acted on: acted on by the"
                            + " standalone server only; an embedded server logs through the application's System.Logger"
                            + " (its level and destination are the application's) and writes no pid file");
            jedis.configSet("loglevel", "debug");
            assertThat(warnings).hasSize(2).last().asString().startsWith("'loglevel debug' is accepted but not");
        }
    }

    /** The messages PendingParameters logs while open (its warnings). */
    private static final class WarningCapture extends Handler implements AutoCloseable {

        private final Logger logger = Logger.getLogger(PendingParameters.class.getName());
        final List<String> warnings = new ArrayList<>();

        WarningCapture() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            warnings.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
