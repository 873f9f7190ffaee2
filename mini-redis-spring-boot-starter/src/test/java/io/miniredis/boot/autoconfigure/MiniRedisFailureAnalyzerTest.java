package io.miniredis.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.boot.MiniRedisStartException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class MiniRedisFailureAnalyzerTest {

    @Test
    void aRefusedPropertyIsReportedWithItsOriginAndTheServersReason(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run(
                        "--mini-redis.port=0",
                        "--mini-redis.maxmemory-policy=allkeys-lru",
                        "--mini-redis.proto-max-bulk-len=10KB"))
                .isNotNull();
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("The embedded mini-redis server refused its configuration.")
                .contains("Property: mini-redis.proto-max-bulk-len")
                .contains("Value: '10240' (from \"mini-redis.proto-max-bulk-len\" from property source "
                        + "\"commandLineArgs\")")
                .contains("Redis parameter: proto-max-bulk-len")
                .contains("Reason: argument must be between 1048576 and 9223372036854775807 inclusive")
                .contains("Update the value of 'mini-redis.proto-max-bulk-len'")
                .doesNotContain("\tat io.miniredis"); // a report, not a stack trace
    }

    @Test
    void aTakenPortIsReportedWithWhatToDo(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SpringApplication application = new SpringApplication(App.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            assertThatThrownBy(() -> application.run(
                            "--mini-redis.port=" + taken.getLocalPort(), "--mini-redis.bind-address=127.0.0.1"))
                    .isNotNull();
            assertThat(output)
                    .contains("APPLICATION FAILED TO START")
                    .contains("The embedded mini-redis server could not start listening on '127.0.0.1' port "
                            + taken.getLocalPort())
                    .contains("Address already in use")
                    .contains("stop the process that is listening on port " + taken.getLocalPort());
        }
    }

    @Test
    void analysisOfACustomizersValue() {
        InvalidMiniRedisConfigurationFailureAnalyzer analyzer =
                new InvalidMiniRedisConfigurationFailureAnalyzer(new MockEnvironment());
        FailureAnalysis analysis =
                analyzer.analyze(new IllegalStateException(new InvalidMiniRedisConfigurationException(
                        null,
                        null,
                        "?",
                        "argument must be a memory value (set by a MiniRedisServerCustomizer)",
                        null)));
        assertThat(analysis.getDescription()).contains("Reason: argument must be a memory value");
        assertThat(analysis.getAction()).isEqualTo("Check the values your MiniRedisServerCustomizer beans set.");
    }

    @Test
    void analysisOfAPropertyFromAnEnvironment() {
        MockEnvironment environment = new MockEnvironment().withProperty("mini-redis.databases", "0");
        FailureAnalysis analysis = new InvalidMiniRedisConfigurationFailureAnalyzer(environment)
                .analyze(new InvalidMiniRedisConfigurationException(
                        "mini-redis.databases",
                        "databases",
                        "0",
                        "argument must be between 1 and 2147483647 inclusive",
                        null));
        assertThat(analysis.getDescription())
                .contains("Property: mini-redis.databases")
                .contains("Value: '0' (from \"mini-redis.databases\" from property source \"mockProperties\")");
    }

    @Test
    void analysisOfAStartFailureOnPortZero() {
        FailureAnalysis analysis = new MiniRedisStartFailureAnalyzer()
                .analyze(new MiniRedisStartException(
                        "10.255.255.1", 0, new BindException("Cannot assign requested address")));
        assertThat(analysis.getDescription()).contains("'10.255.255.1' port 0: Cannot assign requested address");
        assertThat(analysis.getAction()).contains("mini-redis.bind-address");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(MiniRedisAutoConfiguration.class)
    static class App {}
}
