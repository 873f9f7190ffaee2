package io.miniredis.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.boot.MiniRedisProbe;
import io.miniredis.boot.MiniRedisServerLifecycle;
import io.miniredis.boot.MiniRedisStartException;
import io.miniredis.config.ConfigRegistry;
import io.miniredis.server.MiniRedisServer;
import io.miniredis.testing.ServerClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class MiniRedisAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MiniRedisAutoConfiguration.class))
            .withPropertyValues("mini-redis.port=0");

    @Test
    void startsTheServerWithTheContextAndPublishesItsPort() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MiniRedisServer.class).hasSingleBean(MiniRedisServerLifecycle.class);
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isPositive();
            assertThat(context.getEnvironment().getProperty("local.mini-redis.port", Integer.class))
                    .isEqualTo(server.port());
            assertThat(new MiniRedisProbe(server, Duration.ofSeconds(2)).command("PING"))
                    .isEqualTo("PONG");
        });
    }

    @Test
    void theServersClockIsABeanSystemByDefaultManualOnRequestOrTheApplicationsOwn() {
        runner.run(context -> {
            ServerClock clock = context.getBean(ServerClock.class);
            assertThat(clock.isManual()).isFalse();
            assertThat(context.getBean(MiniRedisServer.class).clock()).isSameAs(clock);
        });
        runner.withPropertyValues("mini-redis.clock=manual").run(context -> {
            ServerClock clock = context.getBean(ServerClock.class);
            assertThat(clock.isManual()).isTrue();
            assertThat(context.getBean(MiniRedisServer.class).clock()).isSameAs(clock);
        });
        ServerClock own = ServerClock.manual(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        runner.withBean(ServerClock.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(ServerClock.class);
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            assertThat(server.clock()).isSameAs(own);
            assertThat(new MiniRedisProbe(server, Duration.ofSeconds(2)).command("TIME"))
                    .hasToString("[1893456000, 0]");
        });
    }

    @Test
    void defaultsAreRedisDefaultsOnLoopback() {
        runner.run(context -> {
            ConfigRegistry config =
                    context.getBean(MiniRedisServer.class).context().config();
            assertThat(config.get("bind")).isEqualTo("127.0.0.1 -::1");
            assertThat(config.get("databases")).isEqualTo("16");
            assertThat(config.get("maxclients")).isEqualTo("10000");
            assertThat(config.get("timeout")).isEqualTo("0");
            assertThat(config.get("maxmemory")).isEqualTo("0");
            assertThat(config.get("maxmemory-policy")).isEqualTo("noeviction");
            assertThat(config.get("maxmemory-samples")).isEqualTo("5");
            assertThat(config.get("proto-max-bulk-len")).isEqualTo("536870912");
            assertThat(config.get("client-query-buffer-limit")).isEqualTo("1073741824");
            assertThat(config.get("io-threads")).isEqualTo("1");
            assertThat(config.get("requirepass")).isEmpty();
        });
        MiniRedisProperties defaults = new MiniRedisProperties();
        assertThat(defaults.getPort()).isEqualTo(6379);
        assertThat(defaults.isEnabled()).isTrue();
    }

    @Test
    void bindsEveryProperty() {
        runner.withPropertyValues(
                        "mini-redis.bind-address=127.0.0.1",
                        "mini-redis.databases=4",
                        "mini-redis.password=s3cret",
                        "mini-redis.max-clients=50",
                        "mini-redis.timeout=30s",
                        "mini-redis.maxmemory=100MB",
                        "mini-redis.maxmemory-policy=allkeys-lru",
                        "mini-redis.maxmemory-samples=7",
                        "mini-redis.proto-max-bulk-len=2MB",
                        "mini-redis.client-query-buffer-limit=4MB",
                        "mini-redis.io-threads=2",
                        "mini-redis.config.hz=20",
                        "mini-redis.config.notify-keyspace-events=KEA")
                .run(context -> {
                    MiniRedisServer server = context.getBean(MiniRedisServer.class);
                    ConfigRegistry config = server.context().config();
                    assertThat(config.get("bind")).isEqualTo("127.0.0.1");
                    assertThat(config.get("databases")).isEqualTo("4");
                    assertThat(config.get("requirepass")).isEqualTo("s3cret");
                    assertThat(config.get("maxclients")).isEqualTo("50");
                    assertThat(config.get("timeout")).isEqualTo("30");
                    assertThat(config.get("maxmemory")).isEqualTo("104857600");
                    assertThat(config.get("maxmemory-policy")).isEqualTo("allkeys-lru");
                    assertThat(config.get("maxmemory-samples")).isEqualTo("7");
                    assertThat(config.get("proto-max-bulk-len")).isEqualTo("2097152");
                    assertThat(config.get("client-query-buffer-limit")).isEqualTo("4194304");
                    assertThat(config.get("io-threads")).isEqualTo("2");
                    assertThat(server.config().ioThreads()).isEqualTo(2);
                    assertThat(config.get("hz")).isEqualTo("20");
                    assertThat(config.get("notify-keyspace-events")).isEqualTo("AKE");
                    // The password is in force: the probe authenticates with it.
                    assertThat(new MiniRedisProbe(server, Duration.ofSeconds(2)).command("PING"))
                            .isEqualTo("PONG");
                });
    }

    @Test
    void bareNumbersAreSecondsAndBytesAndPoliciesBindInAnySpelling() {
        runner.withPropertyValues(
                        "mini-redis.timeout=45",
                        "mini-redis.maxmemory=1048576",
                        "mini-redis.maxmemory-policy=VOLATILE_TTL")
                .run(context -> {
                    ConfigRegistry config =
                            context.getBean(MiniRedisServer.class).context().config();
                    assertThat(config.get("timeout")).isEqualTo("45");
                    assertThat(config.get("maxmemory")).isEqualTo("1048576");
                    assertThat(config.get("maxmemory-policy")).isEqualTo("volatile-ttl");
                });
    }

    @Test
    void customizersRunAfterThePropertiesInOrder() {
        runner.withPropertyValues("mini-redis.config.hz=20")
                .withUserConfiguration(Customizers.class)
                .run(context -> {
                    ConfigRegistry config =
                            context.getBean(MiniRedisServer.class).context().config();
                    assertThat(config.get("hz")).isEqualTo("30"); // the later customizer wins
                    assertThat(config.get("maxclients")).isEqualTo("77");
                });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsServer() {
        runner.withUserConfiguration(OwnServer.class).run(context -> {
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            assertThat(server.config().parameters()).containsEntry("databases", "3");
            assertThat(context.getBean(MiniRedisServerLifecycle.class).server()).isSameAs(server);
            assertThat(server.isRunning()).isTrue(); // the lifecycle still starts it
        });
    }

    @Test
    void publishesThePortOfAServerTheApplicationStartedItself() {
        runner.withUserConfiguration(OwnStartedServer.class).run(context -> {
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            assertThat(context.getEnvironment().getProperty("local.mini-redis.port", Integer.class))
                    .isEqualTo(server.port());
        });
    }

    @Test
    void disabledByProperty() {
        runner.withPropertyValues("mini-redis.enabled=false")
                .run(context -> assertThat(context)
                        .doesNotHaveBean(MiniRedisServer.class)
                        .doesNotHaveBean(MiniRedisServerLifecycle.class));
    }

    @Test
    void refusedValueFailsWithThePropertyAndRedisReason() {
        runner.withPropertyValues("mini-redis.maxmemory-samples=0").run(context -> {
            assertThat(context).hasFailed();
            InvalidMiniRedisConfigurationException failure =
                    findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class);
            assertThat(failure.getProperty()).isEqualTo("mini-redis.maxmemory-samples");
            assertThat(failure.getParameter()).isEqualTo("maxmemory-samples");
            assertThat(failure.getValue()).isEqualTo("0");
            assertThat(failure.getReason()).isEqualTo("argument must be between 1 and 2147483647 inclusive");
        });
    }

    @Test
    void refusedValuesOfTheConfigMapNameTheirKey() {
        runner.withPropertyValues("mini-redis.config.hz=fast").run(context -> {
            InvalidMiniRedisConfigurationException failure =
                    findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class);
            assertThat(failure.getProperty()).isEqualTo("mini-redis.config.hz");
            assertThat(failure.getReason()).isEqualTo("argument couldn't be parsed into an integer");
        });
        runner.withPropertyValues("mini-redis.config.no-such-thing=1")
                .run(context -> assertThat(
                                findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class)
                                        .getReason())
                        .isEqualTo("Bad directive or wrong number of arguments"));
    }

    @Test
    void unixSocketPropertiesAreValidatedUnderTheirNames() {
        runner.withPropertyValues("mini-redis.unix-socket-perm=800").run(context -> {
            InvalidMiniRedisConfigurationException failure =
                    findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class);
            assertThat(failure.getProperty()).isEqualTo("mini-redis.unix-socket-perm");
            assertThat(failure.getParameter()).isEqualTo("unixsocketperm");
            assertThat(failure.getReason()).isEqualTo("argument couldn't be parsed as an octal number");
        });
        runner.withPropertyValues("mini-redis.config.unixsocket=/tmp/x.sock")
                .run(context -> assertThat(
                                findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class)
                                        .getReason())
                        .contains("set mini-redis.unix-socket instead"));
    }

    @Test
    void aFixtureThatFailsStopsTheStartNamingTheFileAndLine() {
        runner.withPropertyValues("mini-redis.fixtures=classpath:fixtures/no-such.redis")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining(
                                "classpath:fixtures/no-such.redis: no such resource on the class path"));
    }

    @Test
    void theConfigMapCannotSetAParameterThatHasItsOwnProperty() {
        runner.withPropertyValues("mini-redis.config.maxclients=5").run(context -> {
            InvalidMiniRedisConfigurationException failure =
                    findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class);
            assertThat(failure.getProperty()).isEqualTo("mini-redis.config.maxclients");
            assertThat(failure.getReason()).contains("set mini-redis.max-clients instead");
        });
    }

    @Test
    void persistenceIsOffByDefault() {
        runner.run(context -> {
            ConfigRegistry config =
                    context.getBean(MiniRedisServer.class).context().config();
            assertThat(config.get("save")).isEmpty();
            assertThat(config.get("appendonly")).isEqualTo("no");
            assertThat(config.get("appendfsync")).isEqualTo("everysec");
        });
    }

    @Test
    void persistenceModesSetRedisParameters(@TempDir Path dir) {
        runner.withPropertyValues("mini-redis.persistence.mode=rdb", "mini-redis.persistence.dir=" + dir)
                .run(context -> {
                    ConfigRegistry config =
                            context.getBean(MiniRedisServer.class).context().config();
                    assertThat(config.get("save")).isEqualTo("3600 1 300 100 60 10000");
                    assertThat(config.get("appendonly")).isEqualTo("no");
                    assertThat(Path.of(config.get("dir"))).isEqualTo(dir.toRealPath());
                });
        runner.withPropertyValues(
                        "mini-redis.persistence.mode=aof",
                        "mini-redis.persistence.fsync=always",
                        "mini-redis.persistence.dir=" + dir)
                .run(context -> {
                    ConfigRegistry config =
                            context.getBean(MiniRedisServer.class).context().config();
                    assertThat(config.get("save")).isEmpty();
                    assertThat(config.get("appendonly")).isEqualTo("yes");
                    assertThat(config.get("appendfsync")).isEqualTo("always");
                });
        runner.withPropertyValues(
                        "mini-redis.persistence.mode=both",
                        "mini-redis.persistence.save-points=900 1,60 500",
                        "mini-redis.persistence.dir=" + dir)
                .run(context -> {
                    ConfigRegistry config =
                            context.getBean(MiniRedisServer.class).context().config();
                    assertThat(config.get("save")).isEqualTo("900 1 60 500");
                    assertThat(config.get("appendonly")).isEqualTo("yes");
                });
    }

    @Test
    void persistenceParametersHaveTheirOwnProperties() {
        runner.withPropertyValues("mini-redis.config.appendonly=yes")
                .run(context -> assertThat(
                                findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class)
                                        .getReason())
                        .contains("set mini-redis.persistence.mode instead"));
        // save points matter only when snapshots are on
        runner.withPropertyValues("mini-redis.persistence.save-points=60")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("mini-redis.persistence.mode=rdb", "mini-redis.persistence.save-points=60")
                .run(context -> {
                    InvalidMiniRedisConfigurationException failure =
                            findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class);
                    assertThat(failure.getProperty()).isEqualTo("mini-redis.persistence.save-points");
                    assertThat(failure.getReason()).isEqualTo("Invalid save parameters");
                });
        runner.withPropertyValues("mini-redis.persistence.dir=/no/such/directory")
                .run(context -> {
                    InvalidMiniRedisConfigurationException failure =
                            findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class);
                    assertThat(failure.getProperty()).isEqualTo("mini-redis.persistence.dir");
                });
    }

    @Test
    void dataSurvivesAContextRestartWithSnapshots(@TempDir Path dir) {
        String[] properties = {"mini-redis.persistence.mode=rdb", "mini-redis.persistence.dir=" + dir};
        runner.withPropertyValues(properties).run(context -> {
            MiniRedisProbe probe = new MiniRedisProbe(context.getBean(MiniRedisServer.class), Duration.ofSeconds(2));
            probe.command("SET", "kept", "across restarts");
        });
        // the context closed: the server saved (save points are set), and the next one loads the file
        assertThat(dir.resolve("dump.rdb")).exists();
        runner.withPropertyValues(properties).run(context -> {
            MiniRedisProbe probe = new MiniRedisProbe(context.getBean(MiniRedisServer.class), Duration.ofSeconds(2));
            assertThat(probe.command("GET", "kept")).isEqualTo("across restarts");
        });
    }

    @Test
    void clientsCannotShutTheServerDownUnlessAllowed() {
        runner.run(context -> {
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            assertThatThrownBy(() -> new MiniRedisProbe(server, Duration.ofSeconds(2)).command("SHUTDOWN", "NOSAVE"))
                    .hasMessageContaining("mini-redis.shutdown-command-enabled");
            assertThat(server.isRunning()).isTrue();
        });
        runner.withPropertyValues("mini-redis.shutdown-command-enabled=true").run(context -> {
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            assertThat(server.config().shutdownCommand()).isTrue();
        });
    }

    @Test
    void timeoutMustBeWholeSeconds() {
        runner.withPropertyValues("mini-redis.timeout=1500ms")
                .run(context -> assertThat(
                                findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class)
                                        .getReason())
                        .isEqualTo("must be a whole number of seconds"));
    }

    @Test
    void passwordsAreNotRepeatedInFailures() {
        runner.withPropertyValues("mini-redis.config.masterauth=x", "mini-redis.config.requirepass=hunter2")
                .run(context -> {
                    InvalidMiniRedisConfigurationException failure =
                            findCause(context.getStartupFailure(), InvalidMiniRedisConfigurationException.class);
                    assertThat(failure.getValue()).isEqualTo("******");
                    assertThat(failure.getMessage()).doesNotContain("hunter2");
                });
    }

    @Test
    void aTakenPortFailsStartUpWithTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            runner.withPropertyValues("mini-redis.port=" + taken.getLocalPort(), "mini-redis.bind-address=127.0.0.1")
                    .run(context -> {
                        MiniRedisStartException failure =
                                findCause(context.getStartupFailure(), MiniRedisStartException.class);
                        assertThat(failure.getPort()).isEqualTo(taken.getLocalPort());
                        assertThat(failure.getMessage()).contains("127.0.0.1");
                    });
        }
    }

    @Test
    void twoContextsWithPortZeroGetTwoServers() {
        runner.run(first -> runner.run(second -> {
            MiniRedisServer a = first.getBean(MiniRedisServer.class);
            MiniRedisServer b = second.getBean(MiniRedisServer.class);
            assertThat(a.port()).isNotEqualTo(b.port());
            MiniRedisProbe probeA = new MiniRedisProbe(a, Duration.ofSeconds(2));
            MiniRedisProbe probeB = new MiniRedisProbe(b, Duration.ofSeconds(2));
            probeA.command("SET", "k", "a");
            assertThat(probeB.command("GET", "k")).isNull();
            assertThat(probeA.command("GET", "k")).isEqualTo("a");
        }));
    }

    @Test
    void closingTheContextReleasesThePortAndEveryThread() throws Exception {
        List<String> before = miniRedisThreads();
        AtomicReference<Integer> port = new AtomicReference<>();
        runner.withPropertyValues("mini-redis.io-threads=2").run(context -> {
            port.set(context.getBean(MiniRedisServer.class).port());
            assertThat(miniRedisThreads()).hasSizeGreaterThan(before.size());
        });
        // Netty's threads end just after shutdownGracefully returns: give them a moment.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!miniRedisThreads().equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(miniRedisThreads()).isEqualTo(before);
        try (ServerSocket again = new ServerSocket(port.get(), 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port.get());
        }
    }

    @Test
    void stopsWithTheContextAndStartsAgain() {
        runner.run(context -> {
            MiniRedisServer server = context.getBean(MiniRedisServer.class);
            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).stop();
            assertThat(server.isRunning()).isFalse();
            assertThat(context.getEnvironment().getProperty("local.mini-redis.port"))
                    .isNull();
            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).start();
            assertThat(server.isRunning()).isTrue();
            assertThat(context.getEnvironment().getProperty("local.mini-redis.port", Integer.class))
                    .isEqualTo(server.port());
        });
    }

    private static List<String> miniRedisThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("mini-redis-")) {
                names.add(thread.getName());
            }
        }
        names.sort(null);
        return names;
    }

    static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        @Order(2)
        MiniRedisServerCustomizer later() {
            return builder -> builder.config("hz", "30");
        }

        @Bean
        @Order(1)
        MiniRedisServerCustomizer earlier() {
            return builder -> builder.config("hz", "25").maxClients(77);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStartedServer {

        @Bean
        MiniRedisServer myServer() {
            return MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnServer {

        @Bean
        MiniRedisServer myServer() {
            return MiniRedisServer.builder()
                    .port(0)
                    .bind("127.0.0.1")
                    .databases(3)
                    .build();
        }
    }
}
