package io.miniredis.sample.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A rendered release as parsed YAML, with lookups by kind and name and paths into a manifest. */
record Manifests(List<Map<String, Object>> all) {

    static Manifests of(String rendered) {
        return new Manifests(Chart.manifests(rendered));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return all.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = ofKind(kind);
        assertThat(found).as("one " + kind).hasSize(1);
        return found.get(0);
    }

    Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(m -> name.equals(KubernetesSchema.name(m)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + kind + " " + name));
    }

    boolean has(String kind) {
        return !ofKind(kind).isEmpty();
    }

    /** The value at a path of map keys and list indexes, e.g. {@code get(sts, "spec", "template", "spec")}. */
    @SuppressWarnings("unchecked")
    static <T> T get(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current == null) {
                return null;
            }
            current = step instanceof Integer index
                    ? ((List<Object>) current).get(index)
                    : ((Map<String, Object>) current).get(step);
        }
        return (T) current;
    }

    /** The element of a list of maps whose "name" is {@code name}. */
    static Map<String, Object> byName(List<Map<String, Object>> list, String name) {
        return list.stream()
                .filter(item -> Objects.equals(name, item.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + name + " in " + list));
    }
}
