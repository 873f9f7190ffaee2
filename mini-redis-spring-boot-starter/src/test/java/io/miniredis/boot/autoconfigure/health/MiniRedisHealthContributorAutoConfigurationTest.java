package io.miniredis.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.boot.MiniRedisProbe;
import io.miniredis.boot.autoconfigure.MiniRedisAutoConfiguration;
import io.miniredis.boot.health.MiniRedisHealthIndicator;
import io.miniredis.server.MiniRedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MiniRedisHealthContributorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MiniRedisAutoConfiguration.class, MiniRedisHealthContributorAutoConfiguration.class))
            .withPropertyValues("mini-redis.port=0");

    @Test
    void upWithTheServersFigures() {
        runner.withPropertyValues("mini-redis.maxmemory=64MB", "mini-redis.maxmemory-policy=allkeys-lfu")
                .run(context -> {
                    assertThat(context).hasBean("miniRedisHealthIndicator");
                    MiniRedisServer server = context.getBean(MiniRedisServer.class);
                    Health health =
                            context.getBean(MiniRedisHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails())
                            .containsEntry("port", server.port())
                            .containsEntry("keys", 0L)
                            .containsEntry("connectedClients", 0)
                            .containsEntry("maxmemory", 64L * 1024 * 1024)
                            .containsEntry("maxmemoryPolicy", "allkeys-lfu")
                            .containsKeys("connectedClients", "usedMemory", "uptime");
                    assertThat((Long) health.getDetails().get("usedMemory")).isPositive();
                    assertThat((String) health.getDetails().get("uptime")).startsWith("PT");
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void persistenceDetailsSayHowTheLastSaveWent(@TempDir Path dir) {
        runner.withPropertyValues("mini-redis.persistence.mode=both", "mini-redis.persistence.dir=" + dir)
                .run(context -> {
                    MiniRedisServer server = context.getBean(MiniRedisServer.class);
                    new MiniRedisProbe(server, Duration.ofSeconds(2)).command("SET", "k", "v");
                    Map<String, Object> persistence =
                            (Map<String, Object>) context.getBean(MiniRedisHealthIndicator.class)
                                    .health()
                                    .getDetails()
                                    .get("persistence");
                    assertThat(persistence)
                            .containsEntry("lastBgsaveStatus", "ok")
                            .containsEntry("changesSinceLastSave", 1L)
                            .containsEntry("aofEnabled", true)
                            .containsEntry("aofLastWriteStatus", "ok")
                            .containsKey("lastSave");
                });
    }

    /** DEBUG RELOAD loads with clients let in (they get LOADING): the health says OUT_OF_SERVICE meanwhile. */
    @Test
    void outOfServiceWhileTheServerLoads(@TempDir Path dir) {
        runner.withPropertyValues(
                        "mini-redis.persistence.dir=" + dir,
                        "mini-redis.config.enable-debug-command=yes",
                        "mini-redis.config.key-load-delay=200",
                        "mini-redis.config.loading-process-events-interval-bytes=1024")
                .run(context -> {
                    MiniRedisServer server = context.getBean(MiniRedisServer.class);
                    MiniRedisProbe probe = new MiniRedisProbe(server, Duration.ofSeconds(60));
                    probe.command("DEBUG", "POPULATE", "10000");
                    HealthIndicator indicator = context.getBean(MiniRedisHealthIndicator.class);
                    Thread reload = new Thread(() -> {
                        try {
                            probe.command("DEBUG", "RELOAD");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    reload.start();
                    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                    Health health = indicator.health();
                    while (!health.getStatus().equals(Status.OUT_OF_SERVICE)) {
                        assertThat(System.nanoTime()).as("the reload is seen").isLessThan(deadline);
                        health = indicator.health();
                    }
                    assertThat(health.getDetails()).containsEntry("loading", true);
                    reload.join(60_000);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void upWhenAPasswordIsRequired() {
        runner.withPropertyValues("mini-redis.password=s3cret")
                .run(context -> assertThat(context.getBean(MiniRedisHealthIndicator.class)
                                .health()
                                .getStatus())
                        .isEqualTo(Status.UP));
    }

    @Test
    void downWhenTheServerIsNotRunning() {
        runner.run(context -> {
            context.getBean(MiniRedisServer.class).close();
            Health health = context.getBean(MiniRedisHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("error", "mini-redis is not running");
        });
    }

    @Test
    void downWhenTheServerDoesNotAnswer() throws Exception {
        runner.run(context -> {
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            // Hold the keyspace thread (it is also the only I/O thread) longer than the probe waits.
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            server.context().keyspaceThread().execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                Health health = new MiniRedisHealthIndicator(server, java.time.Duration.ofMillis(300)).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat((String) health.getDetails().get("error")).startsWith("PING failed");
            } finally {
                release.countDown();
            }
        });
    }

    @Test
    void switchedOffByProperty() {
        runner.withPropertyValues("management.health.mini-redis.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MiniRedisHealthIndicator.class));
    }

    @Test
    void backsOffToTheApplicationsIndicator() {
        runner.withUserConfiguration(OwnIndicator.class)
                .run(context -> assertThat(context.getBean("miniRedisHealthIndicator"))
                        .isNotInstanceOf(MiniRedisHealthIndicator.class));
    }

    @Test
    void withoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(MiniRedisServer.class)
                        .doesNotHaveBean(MiniRedisHealthIndicator.class));
    }

    @Test
    void notWithoutTheServer() {
        runner.withPropertyValues("mini-redis.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MiniRedisHealthIndicator.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnIndicator {

        @Bean
        HealthIndicator miniRedisHealthIndicator() {
            return () -> Health.up().build();
        }
    }
}
