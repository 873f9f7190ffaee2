package io.miniredis.boot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.miniredis.boot.MiniRedisProbe;
import io.miniredis.boot.autoconfigure.MiniRedisAutoConfiguration;
import io.miniredis.boot.metrics.MiniRedisMetrics;
import io.miniredis.server.MiniRedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MiniRedisMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    MiniRedisAutoConfiguration.class,
                    MiniRedisMetricsAutoConfiguration.class))
            .withPropertyValues("mini-redis.port=0", "mini-redis.databases=4");

    @Test
    void persistenceMetersCountSavesAndRewrites(@TempDir Path dir) {
        runner.withPropertyValues("mini-redis.persistence.mode=aof", "mini-redis.persistence.dir=" + dir)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    MiniRedisProbe probe =
                            new MiniRedisProbe(context.getBean(MiniRedisServer.class), Duration.ofSeconds(2));
                    double rewrites = registry.get("miniredis.persistence.aof.rewrites")
                            .functionCounter()
                            .count();
                    probe.command("SET", "a", "1");
                    assertThat(registry.get("miniredis.persistence.rdb.changes")
                                    .gauge()
                                    .value())
                            .isEqualTo(1);
                    probe.command("SAVE");
                    assertThat(registry.get("miniredis.persistence.rdb.saves")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get("miniredis.persistence.rdb.changes")
                                    .gauge()
                                    .value())
                            .isZero();
                    probe.command("BGREWRITEAOF");
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (registry.get("miniredis.persistence.aof.rewrites")
                                            .functionCounter()
                                            .count()
                                    == rewrites
                            && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    assertThat(registry.get("miniredis.persistence.aof.rewrites")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(rewrites + 1);
                    assertThat(registry.get("miniredis.persistence.aof.rewrite.failures")
                                    .functionCounter()
                                    .count())
                            .isZero();
                    assertThat(registry.get("miniredis.persistence.rdb.save.failures")
                                    .functionCounter()
                                    .count())
                            .isZero();
                    assertThat(registry.get("miniredis.persistence.aof.write.failing")
                                    .gauge()
                                    .value())
                            .isZero();
                });
    }

    @Test
    void metersFollowTheServer() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MiniRedisMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            MiniRedisProbe probe = new MiniRedisProbe(server, Duration.ofSeconds(2));

            FunctionTimer set =
                    registry.get("miniredis.commands").tag("command", "set").functionTimer();
            assertThat(set.count()).isZero();
            probe.command("SET", "a", "1");
            probe.command("SET", "b", "2");
            probe.command("PEXPIRE", "b", "100000");
            probe.command("GET", "a");
            probe.command("GET", "missing");
            assertThat(set.count()).isEqualTo(2);
            assertThat(set.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("miniredis.commands")
                            .tag("command", "config|get")
                            .functionTimer()
                            .count())
                    .isZero();
            assertThat(registry.find("miniredis.commands")
                            .tag("command", "config")
                            .functionTimer())
                    .isNull();

            assertThat(registry.get("miniredis.keys").tag("db", "0").gauge().value())
                    .isEqualTo(2);
            assertThat(registry.get("miniredis.keys").tag("db", "3").gauge().value())
                    .isZero();
            assertThat(registry.find("miniredis.keys").tag("db", "4").gauge()).isNull();
            assertThat(registry.get("miniredis.keys.expiring")
                            .tag("db", "0")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(registry.get("miniredis.keyspace.hits").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("miniredis.keyspace.misses")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("miniredis.network.received")
                            .functionCounter()
                            .count())
                    .isPositive();
            assertThat(registry.get("miniredis.network.sent").functionCounter().count())
                    .isPositive();
            assertThat(registry.get("miniredis.connections.received")
                            .functionCounter()
                            .count())
                    .isEqualTo(5);
            assertThat(registry.get("miniredis.memory.used").gauge().value()).isPositive();
            assertThat(registry.get("miniredis.memory.max").gauge().value()).isZero();
            assertThat(registry.get("miniredis.clients.connected").gauge().value())
                    .isZero();
            assertThat(registry.get("miniredis.clients.blocked").gauge().value())
                    .isZero();
            assertThat(registry.get("miniredis.keys.expired").functionCounter().count())
                    .isZero();
            assertThat(registry.get("miniredis.keys.evicted").functionCounter().count())
                    .isZero();
            assertThat(registry.get("miniredis.errors").functionCounter().count())
                    .isZero();
            assertThat(registry.get("miniredis.pubsub.channels").gauge().value())
                    .isZero();
            assertThat(registry.get("miniredis.pubsub.patterns").gauge().value())
                    .isZero();

            try (java.net.Socket subscriber = new java.net.Socket("127.0.0.1", server.port())) {
                subscriber
                        .getOutputStream()
                        .write("SUBSCRIBE news weather\r\nPSUBSCRIBE alerts.*\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (registry.get("miniredis.pubsub.patterns").gauge().value() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(registry.get("miniredis.pubsub.channels").gauge().value())
                        .isEqualTo(2);
                assertThat(registry.get("miniredis.pubsub.patterns").gauge().value())
                        .isEqualTo(1);
            }
        });
    }

    @Test
    void backsOffToTheApplicationsBinder() {
        runner.withUserConfiguration(OwnMetrics.class)
                .run(context ->
                        assertThat(context).getBean(MiniRedisMetrics.class).isSameAs(context.getBean("myMetrics")));
    }

    @Test
    void withoutMicrometer() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MiniRedisAutoConfiguration.class, MiniRedisMetricsAutoConfiguration.class))
                .withPropertyValues("mini-redis.port=0")
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(MiniRedisServer.class)
                        .doesNotHaveBean(MiniRedisMetrics.class));
    }

    @Test
    void withoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MiniRedisAutoConfiguration.class, MiniRedisMetricsAutoConfiguration.class))
                .withPropertyValues("mini-redis.port=0")
                .run(context -> assertThat(context).doesNotHaveBean(MiniRedisMetrics.class));
    }

    @Test
    void notWithoutTheServer() {
        runner.withPropertyValues("mini-redis.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MiniRedisMetrics.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMetrics {

        @Bean
        MiniRedisMetrics myMetrics(MiniRedisServer server) {
            return new MiniRedisMetrics(server, io.micrometer.core.instrument.Tags.of("server", "mine"));
        }
    }
}
