package io.miniredis.sample.helm;

import static io.miniredis.sample.helm.Manifests.byName;
import static io.miniredis.sample.helm.Manifests.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.miniredis.config.HeapGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, offline: Helm's lint, renders with the default values and each ci/*-values.yaml checked against
 * the Kubernetes schema and against golden files, and what the manifests must say to each other (selectors, ports,
 * probes, the Secret) and to the cluster (non-root, read-only root filesystem, rolling on config changes).
 *
 * <p>A deliberate change to the chart changes the renders: review them with
 * {@code ./mvnw -pl mini-redis-sample-app test -Dtest=HelmChartTest -Dhelm.golden.update=true} and commit the
 * updated files under src/test/resources/helm/golden.
 */
class HelmChartTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "helm", "golden");
    private static final boolean UPDATE_GOLDEN = Boolean.getBoolean("helm.golden.update");

    @BeforeAll
    static void helmAvailable() {
        Assumptions.assumeTrue(
                Chart.available(),
                "helm-java has no native Helm library for this OS and architecture: chart tests skipped");
    }

    /** The default values, then each values file the chart ships for tests. */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("default", null));
        for (Path file : Chart.ciValuesFiles()) {
            cases.add(Arguments.of(file.getFileName().toString().replace("-values.yaml", ""), file));
        }
        return cases.stream();
    }

    @Test
    void lintsWithoutWarnings() {
        LintResult lint = Chart.helm().lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).allMatch(message -> message.startsWith("[INFO]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersManifestsThatMatchTheKubernetesSchema(String name, Path values) {
        Manifests release = Manifests.of(Chart.template(values));
        assertThat(release.all()).isNotEmpty();
        for (Map<String, Object> manifest : release.all()) {
            KubernetesSchema.validate(manifest);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersAsTheGoldenFileSays(String name, Path values) throws Exception {
        String rendered = Chart.template(values);
        Path golden = GOLDEN.resolve(name + ".yaml");
        if (UPDATE_GOLDEN) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, rendered);
        }
        assertThat(golden)
                .as("golden file (create it with -Dhelm.golden.update=true)")
                .exists();
        assertThat(rendered)
                .as("render of " + name + " (see the class comment to update)")
                .isEqualTo(Files.readString(golden));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void servicesProbesAndPoliciesPointAtThePods(String name, Path values) {
        Manifests release = Manifests.of(Chart.template(values));
        Map<String, Object> sts = release.one("StatefulSet");
        Map<String, Object> podLabels = get(sts, "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(get(sts, "spec", "selector", "matchLabels"));
        Map<String, Object> container = get(sts, "spec", "template", "spec", "containers", 0);
        List<Map<String, Object>> ports = get(container, "ports");

        for (Map<String, Object> service : release.ofKind("Service")) {
            assertThat(podLabels)
                    .as("pods selected by " + KubernetesSchema.name(service))
                    .containsAllEntriesOf(get(service, "spec", "selector"));
            for (Map<String, Object> port : Manifests.<List<Map<String, Object>>>get(service, "spec", "ports")) {
                byName(ports, (String) port.get("targetPort"));
            }
        }
        assertThat((String) get(sts, "spec", "serviceName"))
                .isEqualTo(KubernetesSchema.name(release.named("Service", get(sts, "spec", "serviceName"))));

        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (container.containsKey(probe)) {
                byName(ports, get(container, probe, "httpGet", "port"));
            }
        }
        assertThat((String) get(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) get(container, "readinessProbe", "httpGet", "path"))
                .isEqualTo("/actuator/health/readiness");

        // The ConfigMap the pods mount is the release's, and so is every Secret they read (or the user's own).
        List<Map<String, Object>> volumes = get(sts, "spec", "template", "spec", "volumes");
        release.named("ConfigMap", get(byName(volumes, "config"), "configMap", "name"));
        for (Map<String, Object> env : Manifests.<List<Map<String, Object>>>get(container, "env")) {
            String secret = get(env, "valueFrom", "secretKeyRef", "name");
            if (secret != null && !secret.equals("redis-credentials")) {
                Map<String, Object> data = get(release.named("Secret", secret), "data");
                assertThat(data).containsKey(get(env, "valueFrom", "secretKeyRef", "key"));
            }
        }

        for (String kind : List.of("PodDisruptionBudget", "NetworkPolicy")) {
            for (Map<String, Object> policy : release.ofKind(kind)) {
                Map<String, Object> selector = kind.equals("NetworkPolicy")
                        ? get(policy, "spec", "podSelector")
                        : get(policy, "spec", "selector");
                assertThat(podLabels).containsAllEntriesOf(get(selector, "matchLabels"));
            }
        }
        for (Map<String, Object> monitor : release.ofKind("ServiceMonitor")) {
            Map<String, Object> httpService = release.named("Service", Chart.RELEASE + "-mini-redis-http");
            assertThat(Manifests.<Map<String, Object>>get(httpService, "metadata", "labels"))
                    .containsAllEntriesOf(get(monitor, "spec", "selector", "matchLabels"));
            assertThat((String) get(monitor, "spec", "endpoints", 0, "port")).isEqualTo("http");
            assertThat((String) get(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void podsRunAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String name, Path values) {
        Map<String, Object> pod =
                get(Manifests.of(Chart.template(values)).one("StatefulSet"), "spec", "template", "spec");
        assertThat((Boolean) get(pod, "securityContext", "runAsNonRoot")).isTrue();
        assertThat((Boolean) get(pod, "automountServiceAccountToken")).isFalse();
        Map<String, Object> container = get(pod, "containers", 0);
        assertThat((Boolean) get(container, "securityContext", "readOnlyRootFilesystem"))
                .isTrue();
        assertThat((Boolean) get(container, "securityContext", "allowPrivilegeEscalation"))
                .isFalse();
        assertThat((List<String>) get(container, "securityContext", "capabilities", "drop"))
                .contains("ALL");
        Map<String, Object> tmp = byName(get(container, "volumeMounts"), "tmp");
        assertThat(tmp.get("mountPath")).isEqualTo("/tmp");
        assertThat(byName(get(pod, "volumes"), "tmp")).containsKey("emptyDir");
        assertThat((Map<String, Object>) get(container, "resources", "limits")).containsKey("memory");
    }

    /**
     * The server refuses to start with a maxmemory above {@link HeapGuard#MAX_PERCENT_OF_HEAP}% of the heap, and the
     * image gives the JVM {@link #HEAP_PERCENT_OF_LIMIT}% of the container's memory limit: every values file must
     * leave the pods able to start.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void maxmemoryFitsTheHeapTheMemoryLimitGives(String name, Path values) {
        Manifests release = Manifests.of(Chart.template(values));
        String config = get(release.one("ConfigMap"), "data", "application.yml");
        java.util.regex.Matcher maxmemory =
                java.util.regex.Pattern.compile("maxmemory: \"?(\\w+)\"?").matcher(config);
        if (!maxmemory.find()) {
            return; // no embedded server (external Redis)
        }
        long data =
                org.springframework.util.unit.DataSize.parse(maxmemory.group(1)).toBytes();
        String limit = get(
                release.one("StatefulSet"),
                "spec",
                "template",
                "spec",
                "containers",
                0,
                "resources",
                "limits",
                "memory");
        long heap = io.kubernetes.client.custom.Quantity.fromString(limit)
                        .getNumber()
                        .longValue()
                * HEAP_PERCENT_OF_LIMIT
                / 100;
        assertThat(data)
                .as("maxmemory against a heap of %d bytes", heap)
                .isLessThanOrEqualTo(HeapGuard.maxAllowed(heap));
    }

    /** The image's {@code -XX:MaxRAMPercentage} (JAVA_TOOL_OPTIONS in the Jib configuration). */
    private static final int HEAP_PERCENT_OF_LIMIT = 75;

    @Test
    void defaultImageIsTheOneJibBuilds() {
        Map<String, Object> sts = Manifests.of(Chart.template(null)).one("StatefulSet");
        String image = get(sts, "spec", "template", "spec", "containers", 0, "image");
        assertThat(image).isEqualTo(System.getProperty("sample.image", "mini-redis/sample-app:0.1.0"));
    }

    @Test
    void defaultsEmbedTheServerWithNoVolumeAndNoOptionalResources() {
        Manifests release = Manifests.of(Chart.template(null));
        Map<String, Object> sts = release.one("StatefulSet");
        assertThat((Map<String, Object>) get(sts, "spec")).doesNotContainKey("volumeClaimTemplates");
        assertThat((Integer) get(sts, "spec", "replicas")).isEqualTo(1);
        assertThat(release.has("Secret")).isFalse();
        assertThat(release.has("ServiceMonitor")).isFalse();
        assertThat(release.has("NetworkPolicy")).isFalse();
        assertThat(release.has("PodDisruptionBudget")).isTrue();
        assertThat(KubernetesSchema.name(release.named("Service", "demo-mini-redis-redis")))
                .isNotNull();
        String config = get(release.one("ConfigMap"), "data", "application.yml");
        assertThat(config).contains("mini-redis:\n  port: 6379\n  bind-address: \"* -::*\"", "maxmemory: \"64MB\"");
    }

    @Test
    void persistenceAddsAVolumePerPodAsTheServersDir() {
        Manifests release = Manifests.of(Chart.template(Chart.dir().resolve("ci/production-values.yaml")));
        Map<String, Object> sts = release.one("StatefulSet");
        Map<String, Object> claim = get(sts, "spec", "volumeClaimTemplates", 0);
        assertThat((String) get(claim, "metadata", "name")).isEqualTo("data");
        assertThat((String) get(claim, "spec", "resources", "requests", "storage"))
                .isEqualTo("5Gi");
        assertThat((String) get(claim, "spec", "storageClassName")).isEqualTo("fast-ssd");
        Map<String, Object> mount =
                byName(get(sts, "spec", "template", "spec", "containers", 0, "volumeMounts"), "data");
        assertThat(mount.get("mountPath")).isEqualTo("/data");
        // the server keeps its files on the volume, and the claim (not the pod) owns the volume: a restarted or
        // rescheduled pod gets the same claim back and loads the snapshot the old one saved on SIGTERM
        assertThat((String) get(release.one("ConfigMap"), "data", "application.yml"))
                .contains("persistence:\n    mode: both\n    dir: \"/data\"\n    save-points:\n      - \"3600 1\"");
        assertThat(get(sts, "spec", "template", "spec", "volumes").toString()).doesNotContain("name=data");
        assertThat((Integer) get(sts, "spec", "template", "spec", "securityContext", "fsGroup"))
                .isEqualTo(1000);
        assertThat((Integer) get(sts, "spec", "template", "spec", "terminationGracePeriodSeconds"))
                .isPositive();
    }

    @Test
    void aConfigChangeRollsThePods() {
        String before = checksum(Chart.template(null), "checksum/config");
        String after =
                checksum(Chart.template(null, command -> command.set("redis.maxmemory", "128MB")), "checksum/config");
        assertThat(before).matches("[0-9a-f]{64}");
        assertThat(after).isNotEqualTo(before);
        assertThat(checksum(Chart.template(null, command -> command.set("replicaCount", 1)), "checksum/config"))
                .isEqualTo(before);
    }

    @Test
    void aPasswordChangeRollsThePods() {
        Path production = Chart.dir().resolve("ci/production-values.yaml");
        String before = checksum(Chart.template(production), "checksum/secret");
        String after = checksum(
                Chart.template(production, command -> command.set("auth.password", "other")), "checksum/secret");
        assertThat(before).matches("[0-9a-f]{64}");
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void externalRedisRunsTheExternalProfileWithoutARedisPort() {
        Manifests release = Manifests.of(Chart.template(Chart.dir().resolve("ci/external-redis-values.yaml")));
        Map<String, Object> container = get(release.one("StatefulSet"), "spec", "template", "spec", "containers", 0);
        List<Map<String, Object>> env = get(container, "env");
        assertThat(byName(env, "SPRING_PROFILES_ACTIVE").get("value")).isEqualTo("external");
        assertThat(byName(env, "SPRING_DATA_REDIS_PASSWORD")).isNotNull();
        assertThat((List<Map<String, Object>>) get(container, "ports"))
                .extracting(port -> port.get("name"))
                .containsExactly("http");
        assertThat(release.ofKind("Service"))
                .extracting(KubernetesSchema::name)
                .containsExactly("demo-mini-redis-http", "demo-mini-redis-headless");
        String config = get(release.one("ConfigMap"), "data", "application.yml");
        assertThat(config)
                .contains(
                        "mini-redis:\n  enabled: false", "host: \"redis-master.data.svc.cluster.local\"", "port: 6380");
        Map<String, Object> test = release.named("Pod", "demo-mini-redis-test-ping");
        assertThat(byName(get(test, "spec", "containers", 0, "env"), "REDIS_HOST")
                        .get("value"))
                .isEqualTo("redis-master.data.svc.cluster.local");
    }

    @Test
    void helmTestPingsTheRedisServiceWithRedisCli() {
        Manifests release = Manifests.of(Chart.template(Chart.dir().resolve("ci/production-values.yaml")));
        Map<String, Object> pod = release.named("Pod", "demo-mini-redis-test-ping");
        assertThat((Map<String, Object>) get(pod, "metadata", "annotations")).containsEntry("helm.sh/hook", "test");
        Map<String, Object> container = get(pod, "spec", "containers", 0);
        assertThat((String) container.get("image")).isEqualTo("redis:7");
        assertThat(String.join(" ", Manifests.<List<String>>get(container, "command")))
                .contains("redis-cli", "ping", "PONG");
        List<Map<String, Object>> env = get(container, "env");
        String host = (String) byName(env, "REDIS_HOST").get("value");
        Map<String, Object> service = release.named("Service", host);
        assertThat(byName(env, "REDIS_PORT").get("value"))
                .isEqualTo(String.valueOf(Manifests.<Object>get(service, "spec", "ports", 0, "port")));
        assertThat((String) get(byName(env, "REDISCLI_AUTH"), "valueFrom", "secretKeyRef", "name"))
                .isEqualTo("demo-mini-redis-auth");
        // With the NetworkPolicy on, the test pod carries the label that admits it.
        Map<String, Object> clientRule =
                get(release.one("NetworkPolicy"), "spec", "ingress", 0, "from", 1, "podSelector", "matchLabels");
        assertThat((Map<String, Object>) get(pod, "metadata", "labels")).containsAllEntriesOf(clientRule);
    }

    @Test
    void valuesSchemaRefusesWrongValues() {
        assertRefused("redis.maxmemoryPolicy", "lru-please");
        assertRefused("redis.maxmemory", "256mb");
        assertRefused("redis.port", 70000);
        assertRefused("replicaCount", -1);
        assertRefused("image.pullPolicy", "Sometimes");
        assertRefused("unknownSetting", "x");
        assertRefused("redis.config.maxmemory", "1gb");
        assertThatThrownBy(() -> Chart.template(null, command -> command.set("auth.enabled", true)))
                .hasMessageContaining("password");
        assertThatThrownBy(() -> Chart.template(null, command -> command.set("externalRedis.enabled", true)))
                .hasMessageContaining("host");
    }

    @Test
    void theSchemaCheckCatchesAMisspeltField() {
        Map<String, Object> sts = Manifests.of(Chart.template(null)).one("StatefulSet");
        Map<String, Object> container = get(sts, "spec", "template", "spec", "containers", 0);
        container.put("readinesProbe", container.remove("readinessProbe"));
        assertThatThrownBy(() -> KubernetesSchema.validate(sts)).hasMessageContaining("readinesProbe");
    }

    private static void assertRefused(String key, Object value) {
        assertThatThrownBy(() -> Chart.template(null, command -> command.set(key, value)))
                .as(key + "=" + value)
                .hasMessageContaining("schema");
    }

    private static String checksum(String rendered, String annotation) {
        Map<String, Object> sts = Manifests.of(rendered).one("StatefulSet");
        return get(sts, "spec", "template", "metadata", "annotations", annotation);
    }
}
