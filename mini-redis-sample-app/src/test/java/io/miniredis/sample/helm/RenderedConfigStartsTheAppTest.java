package io.miniredis.sample.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.sample.SampleApplication;
import io.miniredis.server.MiniRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The application.yml the chart's ConfigMap renders, given to the real application the way the pod gives it
 * (SPRING_CONFIG_ADDITIONAL_LOCATION): the property names are right, and the server takes the values. Ports are
 * overridden to free ones, as nothing here may take 6379 or 8080.
 */
class RenderedConfigStartsTheAppTest {

    @TempDir
    Path dir;

    @Test
    void productionValuesConfigureTheEmbeddedServerAndItsDataSurvivesARestart() throws Exception {
        Assumptions.assumeTrue(Chart.available(), "helm-java has no native Helm library here: skipped");
        Map<String, Object> configMap = Manifests.of(Chart.template(Chart.dir().resolve("ci/production-values.yaml")))
                .one("ConfigMap");
        Files.writeString(dir.resolve("application.yml"), Manifests.<String>get(configMap, "data", "application.yml"));
        Path data = Files.createDirectories(dir.resolve("data"));

        try (ConfigurableApplicationContext context = start(data)) {
            var config = context.getBean(MiniRedisServer.class).context().config();
            assertThat(config.get("maxmemory")).isEqualTo(String.valueOf(256L * 1024 * 1024));
            assertThat(config.get("maxmemory-policy")).isEqualTo("allkeys-lru");
            assertThat(config.get("timeout")).isEqualTo("300");
            assertThat(config.get("hz")).isEqualTo("20");
            assertThat(config.get("notify-keyspace-events")).isEqualTo("xE");
            assertThat(config.get("appendonly")).isEqualTo("yes");
            assertThat(config.get("appendfsync")).isEqualTo("always");
            assertThat(config.get("save")).isEqualTo("3600 1 300 100 60 10000");
            assertThat(context.getEnvironment().getProperty("sample.rate-limit.requests"))
                    .isEqualTo("5");
            context.getBean(StringRedisTemplate.class).opsForValue().set("survives", "a restart");
        }
        // A pod restart: the context closes (SIGTERM), a new one starts on the same volume and finds the data.
        try (ConfigurableApplicationContext context = start(data)) {
            assertThat(context.getBean(StringRedisTemplate.class).opsForValue().get("survives"))
                    .isEqualTo("a restart");
        }
        try (var files = Files.list(data)) {
            assertThat(files.map(file -> file.getFileName().toString())).contains("dump.rdb", "appendonlydir");
        }
    }

    private ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(SampleApplication.class)
                .run(
                        "--spring.config.additional-location=optional:file:" + dir + "/",
                        "--server.port=0",
                        "--mini-redis.port=0",
                        "--mini-redis.bind-address=127.0.0.1",
                        "--mini-redis.persistence.dir=" + data);
    }
}
