package io.miniredis.boot.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.boot.MiniRedisProbe;
import io.miniredis.boot.actuate.MiniRedisEndpoint;
import io.miniredis.boot.autoconfigure.MiniRedisAutoConfiguration;
import io.miniredis.server.MiniRedisServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MiniRedisEndpointAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    EndpointAutoConfiguration.class,
                    MiniRedisAutoConfiguration.class,
                    MiniRedisEndpointAutoConfiguration.class))
            .withPropertyValues("mini-redis.port=0");

    @Test
    void exposedEndpointShowsInfoAsJson() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=miniredis")
                .run(context -> {
                    assertThat(context).hasSingleBean(MiniRedisEndpoint.class);
                    MiniRedisServer server = context.getBean(MiniRedisServer.class);
                    new MiniRedisProbe(server, Duration.ofSeconds(2)).command("SET", "k", "v");
                    MiniRedisEndpoint endpoint = context.getBean(MiniRedisEndpoint.class);
                    Map<String, Map<String, Object>> info = endpoint.info();
                    assertThat(info).containsKeys("server", "clients", "memory", "stats", "commandstats", "keyspace");
                    assertThat(info.get("server"))
                            .containsEntry("redis_version", "7.0.15")
                            .containsEntry("tcp_port", (long) server.port())
                            .containsEntry("redis_git_sha1", "00000000");
                    assertThat(info.get("keyspace"))
                            .containsEntry("db0", Map.of("keys", 1L, "expires", 0L, "avg_ttl", 0L));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> set =
                            (Map<String, Object>) info.get("commandstats").get("cmdstat_set");
                    assertThat(set).containsEntry("calls", 1L).containsKeys("usec", "usec_per_call");
                    assertThat(endpoint.section("Keyspace")).containsKey("db0");
                    assertThat(endpoint.section("nosuch")).isNull();
                });
    }

    @Test
    void notUnlessExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(MiniRedisEndpoint.class));
    }

    @Test
    void backsOffToTheApplicationsEndpoint() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=miniredis")
                .withBean(
                        "myEndpoint", MiniRedisEndpoint.class, () -> new MiniRedisEndpoint(null, Duration.ofSeconds(1)))
                .run(context ->
                        assertThat(context).getBean(MiniRedisEndpoint.class).isSameAs(context.getBean("myEndpoint")));
    }

    @Test
    void withoutTheActuator() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=miniredis")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(MiniRedisServer.class)
                        .doesNotHaveBean(MiniRedisEndpoint.class));
    }
}
