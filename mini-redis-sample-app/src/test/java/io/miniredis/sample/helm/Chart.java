package io.miniredis.sample.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.jni.NativeLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart under helm/mini-redis, linted and rendered in-process by Helm's own code (helm-java): no helm binary.
 *
 * <p>helm-java's template leaves hooks out, and the chart's {@code helm test} Pod is a hook. So rendering works on
 * a copy of the chart in which the hook annotation is renamed (the Pod then renders as an ordinary manifest), and
 * the output gets the annotation's real name back: the result is what {@code helm template} prints, hooks
 * included.
 */
final class Chart {

    static final String RELEASE = "demo";
    static final String NAMESPACE = "apps";
    static final String KUBE_VERSION = "1.31.0";

    private static final String HOOK = "helm.sh/hook:";
    private static final String HOOK_RENAMED = "test.render/hook:";

    private static Path renderable;

    static Path dir() {
        Path dir = Path.of(System.getProperty("sample.chart.dir", "../helm/mini-redis"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
            throw new IllegalStateException("No chart at " + dir);
        }
        return dir;
    }

    /** Whether helm-java has its native Helm library for this machine (see the pom's helm-native-* profiles). */
    static boolean available() {
        return ServiceLoader.load(NativeLibrary.class).findFirst().isPresent();
    }

    /** Helm on the chart as it is (for lint). */
    static Helm helm() {
        return new Helm(dir());
    }

    /** `helm template demo helm/mini-redis -n apps [-f valuesFile]`, further options from {@code options}. */
    static String template(Path valuesFile, UnaryOperator<TemplateCommand> options) {
        TemplateCommand command = new Helm(renderableCopy())
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        return options.apply(command).call().replace(HOOK_RENAMED, HOOK);
    }

    static String template(Path valuesFile) {
        return template(valuesFile, command -> command);
    }

    private static synchronized Path renderableCopy() {
        if (renderable == null) {
            try {
                Path source = dir();
                Path copy = Files.createTempDirectory("mini-redis-chart").resolve("mini-redis");
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : files.toList()) {
                        Path target = copy.resolve(source.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(target);
                        } else {
                            Files.writeString(target, Files.readString(file).replace(HOOK, HOOK_RENAMED));
                        }
                    }
                }
                renderable = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return renderable;
    }

    /** The rendered documents, parsed (empty documents dropped). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> manifests(String rendered) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : yaml.loadAll(rendered)) {
            if (document != null) {
                manifests.add((Map<String, Object>) document);
            }
        }
        return manifests;
    }

    /** The values files the chart ships for its tests, ci/*-values.yaml. */
    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(dir().resolve("ci"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-values.yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Chart() {}
}
