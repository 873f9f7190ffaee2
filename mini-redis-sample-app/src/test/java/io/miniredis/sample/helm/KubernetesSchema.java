package io.miniredis.sample.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.JSON;
import java.util.List;
import java.util.Map;

/**
 * Checks a manifest against the Kubernetes API's schema, offline: the official Kubernetes Java client's models are
 * generated from the API's OpenAPI document, and reading JSON into them validates it (an unknown or misspelt
 * field, a missing required field, a wrong type or an unparseable quantity is an error), as kubectl's strict
 * decoding would. The Prometheus Operator's ServiceMonitor is no part of that API: {@link #serviceMonitor} checks
 * the fields this chart uses.
 */
final class KubernetesSchema {

    private static final Gson GSON = new Gson();
    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    /** Kinds the chart renders, by apiVersion and kind, with the model class that describes them. */
    private static final Map<String, String> MODELS_BY_KIND = Map.of(
            "v1/ConfigMap", "V1ConfigMap",
            "v1/Secret", "V1Secret",
            "v1/Service", "V1Service",
            "v1/ServiceAccount", "V1ServiceAccount",
            "v1/Pod", "V1Pod",
            "apps/v1/StatefulSet", "V1StatefulSet",
            "policy/v1/PodDisruptionBudget", "V1PodDisruptionBudget",
            "networking.k8s.io/v1/NetworkPolicy", "V1NetworkPolicy");

    static {
        // Sets up the client's Gson (IntOrString, Quantity and date adapters) used by the models' fromJson.
        new JSON();
    }

    static void validate(Map<String, Object> manifest) {
        String type = manifest.get("apiVersion") + "/" + manifest.get("kind");
        if (type.equals("monitoring.coreos.com/v1/ServiceMonitor")) {
            serviceMonitor(manifest);
            return;
        }
        String model = MODELS_BY_KIND.get(type);
        assertThat(model).as("a known kind: " + type).isNotNull();
        String json = GSON.toJson(manifest);
        try {
            Class<?> modelClass = Class.forName(MODELS + model);
            modelClass.getMethod("validateJsonElement", JsonElement.class).invoke(null, GSON.toJsonTree(manifest));
            modelClass.getMethod("fromJson", String.class).invoke(null, json);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new AssertionError(
                    type + " " + name(manifest) + " does not match the Kubernetes schema: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ServiceMonitor fields this chart renders, with their types (monitoring.coreos.com/v1). */
    @SuppressWarnings("unchecked")
    private static void serviceMonitor(Map<String, Object> manifest) {
        assertThat(manifest).containsOnlyKeys("apiVersion", "kind", "metadata", "spec");
        Map<String, Object> spec = (Map<String, Object>) manifest.get("spec");
        assertThat(spec).containsOnlyKeys("namespaceSelector", "selector", "endpoints");
        assertThat((Map<String, Object>) spec.get("selector")).containsOnlyKeys("matchLabels");
        assertThat((Map<String, Object>) spec.get("namespaceSelector")).containsOnlyKeys("matchNames");
        for (Map<String, Object> endpoint : (List<Map<String, Object>>) spec.get("endpoints")) {
            assertThat(endpoint).containsKey("port");
            assertThat(endpoint.keySet()).isSubsetOf("port", "path", "interval", "scrapeTimeout");
            for (Object value : endpoint.values()) {
                assertThat(value).isInstanceOf(String.class);
            }
            assertThat((String) endpoint.get("interval")).matches("[0-9]+(ms|s|m|h)");
        }
    }

    static String name(Map<String, Object> manifest) {
        Object metadata = manifest.get("metadata");
        return metadata instanceof Map<?, ?> map ? String.valueOf(map.get("name")) : "?";
    }

    private KubernetesSchema() {}
}
