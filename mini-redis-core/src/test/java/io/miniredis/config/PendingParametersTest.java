package io.miniredis.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void theReadmeListsEveryPendingParameter() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        PendingParameters.all().keySet().forEach(name -> assertThat(readme).contains("`" + name + "`"));
    }

    @Test
    void settingOneAwayFromItsDefaultWarnsAtStartAndOnConfigSet() {
        List<String> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(PendingParameters.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .config("slowlog-max-len", "10")
                        .build()
                        .start();
                Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(warnings)
                    .containsExactly("'slowlog-max-len 10' is accepted but not acted on: "
                            + "SLOWLOG, LATENCY and client tracking come with issue [18]");
            jedis.configSet("repl-timeout", "60"); // Redis's default: nothing to warn about
            jedis.configSet("repl-timeout", "30");
            assertThat(warnings)
                    .hasSize(2)
                    .last()
                    .isEqualTo("'repl-timeout 30' is accepted but not acted on: replication comes with issue [16]");
        } finally {
            logger.removeHandler(handler);
        }
    }
}
