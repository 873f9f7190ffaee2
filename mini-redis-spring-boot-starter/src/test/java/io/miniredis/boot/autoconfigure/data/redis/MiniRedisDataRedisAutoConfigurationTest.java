package io.miniredis.boot.autoconfigure.data.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.boot.MiniRedisProbe;
import io.miniredis.boot.autoconfigure.MiniRedisAutoConfiguration;
import io.miniredis.boot.data.redis.MiniRedisConnectionDetails;
import io.miniredis.server.MiniRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

class MiniRedisDataRedisAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MiniRedisAutoConfiguration.class,
                    MiniRedisDataRedisAutoConfiguration.class,
                    DataRedisAutoConfiguration.class))
            .withPropertyValues("mini-redis.port=0");

    @Test
    void springDataRedisConnectsToTheEmbeddedServerWithNoConfiguration() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(DataRedisConnectionDetails.class);
            DataRedisConnectionDetails details = context.getBean(DataRedisConnectionDetails.class);
            assertThat(details).isInstanceOf(MiniRedisConnectionDetails.class);
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            assertThat(details.getStandalone().getHost()).isEqualTo("127.0.0.1");
            assertThat(details.getStandalone().getPort()).isEqualTo(server.port());
            assertThat(details.getPassword()).isNull();
            StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
            template.opsForValue().set("greeting", "hello");
            assertThat(new MiniRedisProbe(server, Duration.ofSeconds(2)).command("GET", "greeting"))
                    .isEqualTo("hello");
        });
    }

    @Test
    void passesThePasswordAndTheDatabase() {
        runner.withPropertyValues("mini-redis.password=s3cret", "spring.data.redis.database=3")
                .run(context -> {
                    DataRedisConnectionDetails details = context.getBean(DataRedisConnectionDetails.class);
                    assertThat(details.getPassword()).isEqualTo("s3cret");
                    assertThat(details.getStandalone().getDatabase()).isEqualTo(3);
                    context.getBean(StringRedisTemplate.class).opsForValue().set("k", "v");
                    MiniRedisServer server = context.getBean(MiniRedisServer.class);
                    assertThat(server.context().keyspace().db(3).size()).isEqualTo(1);
                    assertThat(server.context().keyspace().db(0).size()).isZero();
                });
    }

    @Test
    void theServerIsStartedWhenSpringDataRedisAsksForItsPort() {
        runner.run(context -> {
            // Spring Data Redis read the port while creating its connection factory, before lifecycle beans
            // started: the server was started then, and the port it read is the one in use.
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory factory =
                    context.getBean(org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory.class);
            assertThat(factory.getPort()).isEqualTo(server.port()).isPositive();
        });
    }

    @Test
    void backsOffWhenSpringDataRedisNamesAServer() {
        runner.withPropertyValues("spring.data.redis.host=redis.example.com").run(context -> {
            assertThat(context).hasSingleBean(MiniRedisServer.class).doesNotHaveBean(MiniRedisConnectionDetails.class);
            assertThat(context.getBean(DataRedisConnectionDetails.class)
                            .getStandalone()
                            .getHost())
                    .isEqualTo("redis.example.com");
        });
        // Only the condition here: Spring Data Redis itself wants more than one of these to connect.
        ApplicationContextRunner withoutSpringDataRedis = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MiniRedisAutoConfiguration.class, MiniRedisDataRedisAutoConfiguration.class))
                .withPropertyValues("mini-redis.port=0");
        for (String property : new String[] {
            "spring.data.redis.host=redis.example.com",
            "spring.data.redis.port=6380",
            "spring.data.redis.url=redis://redis.example.com:6379",
            "spring.data.redis.sentinel.master=mymaster",
            "spring.data.redis.sentinel.nodes=a:26379",
            "spring.data.redis.cluster.nodes[0]=a:7000",
            "spring.data.redis.masterreplica.nodes=a:6379"
        }) {
            withoutSpringDataRedis
                    .withPropertyValues(property)
                    .run(context -> assertThat(context)
                            .as(property)
                            .hasSingleBean(MiniRedisServer.class)
                            .doesNotHaveBean(MiniRedisConnectionDetails.class));
        }
        for (String property : new String[] {
            "spring.data.redis.database=2", "spring.data.redis.password=x", "spring.data.redis.sentinel.password=x"
        }) {
            withoutSpringDataRedis
                    .withPropertyValues(property)
                    .run(context -> assertThat(context).as(property).hasSingleBean(MiniRedisConnectionDetails.class));
        }
    }

    @Test
    void otherSpringDataRedisSettingsDoNotMakeItBackOff() {
        runner.withPropertyValues(
                        "spring.data.redis.timeout=5s",
                        "spring.data.redis.client-name=app",
                        "spring.data.redis.lettuce.pool.enabled=false")
                .run(context -> assertThat(context.getBean(DataRedisConnectionDetails.class))
                        .isInstanceOf(MiniRedisConnectionDetails.class));
    }

    @Test
    void backsOffToTheApplicationsConnectionDetails() {
        runner.withUserConfiguration(OwnDetails.class).run(context -> {
            assertThat(context).doesNotHaveBean(MiniRedisConnectionDetails.class);
            assertThat(context.getBean(DataRedisConnectionDetails.class)
                            .getStandalone()
                            .getPort())
                    .isEqualTo(6390);
        });
    }

    @Test
    void withoutSpringDataRedisTheServerStillRuns() {
        runner.withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(MiniRedisServer.class)
                            .doesNotHaveBean(MiniRedisConnectionDetails.class);
                    assertThat(context.getBean(MiniRedisServer.class).isRunning())
                            .isTrue();
                });
    }

    @Test
    void disabledServerLeavesSpringDataRedisAlone() {
        runner.withPropertyValues("mini-redis.enabled=false")
                .run(context -> assertThat(context)
                        .doesNotHaveBean(MiniRedisConnectionDetails.class)
                        .hasSingleBean(DataRedisConnectionDetails.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDetails {

        @Bean
        DataRedisConnectionDetails myRedis() {
            return new DataRedisConnectionDetails() {
                @Override
                public Standalone getStandalone() {
                    return Standalone.of("localhost", 6390);
                }
            };
        }
    }
}
