package io.miniredis.sample.image;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image Jib builds, read from the tarball of the package phase's offline build
 * (target/jib-image-check.tar, on an empty base): its name is the chart's default image, it runs the application's
 * main class as the non-root user the chart expects, exposes both ports, binds the server to every address, and its
 * layers hold the application, its resources and its dependencies.
 */
class ContainerImageIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode manifest;
    static JsonNode config;
    static Set<String> files = new HashSet<>();

    @BeforeAll
    static void readImage() throws IOException {
        Path tar = Path.of(System.getProperty("sample.image.tar", "target/jib-image-check.tar"));
        assertThat(tar).as("the image tarball Jib writes in the package phase").exists();
        Map<String, byte[]> entries = entries(Files.newInputStream(tar));
        manifest = JSON.readTree(entries.get("manifest.json")).get(0);
        config = JSON.readTree(entries.get(manifest.get("Config").asString()));
        for (JsonNode layer : manifest.get("Layers")) {
            byte[] compressed = entries.get(layer.asString());
            assertThat(compressed).as("layer " + layer).isNotNull();
            files.addAll(entries(new GZIPInputStream(new ByteArrayInputStream(compressed))).keySet());
        }
    }

    @Test
    void isTaggedAsTheChartsDefaultImage() {
        assertThat(manifest.get("RepoTags").get(0).asString())
                .isEqualTo(System.getProperty("sample.image", "mini-redis/sample-app:0.1.0"));
    }

    @Test
    void runsTheApplicationAsANonRootUser() {
        JsonNode container = config.get("config");
        List<String> entrypoint = new ArrayList<>();
        container.get("Entrypoint").forEach(part -> entrypoint.add(part.asString()));
        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo("io.miniredis.sample.SampleApplication");
        assertThat(container.get("User").asString()).isEqualTo("1000:1000");
        assertThat(container.get("WorkingDir").asString()).isEqualTo("/app");
        assertThat(container.get("ExposedPorts").propertyNames()).contains("6379/tcp", "8080/tcp");
        List<String> env = new ArrayList<>();
        container.get("Env").forEach(variable -> env.add(variable.asString()));
        assertThat(env).contains("MINI_REDIS_BIND_ADDRESS=* -::*");
    }

    @Test
    void layersHoldTheApplicationItsPageAndItsDependencies() {
        assertThat(files).contains("app/classes/io/miniredis/sample/SampleApplication.class",
                "app/resources/static/index.html", "app/resources/application.yml");
        assertThat(files).anyMatch(file -> file.matches("app/libs/mini-redis-core-.*\\.jar"));
        assertThat(files).anyMatch(file -> file.matches("app/libs/mini-redis-spring-boot-starter-.*\\.jar"));
        assertThat(files).anyMatch(file -> file.matches("app/libs/spring-boot-.*\\.jar"));
        assertThat(files).noneMatch(file -> file.contains("junit"));
    }

    /** The files of a tar stream (ustar, as Jib writes it), by name without a leading "./" or "/". */
    static Map<String, byte[]> entries(InputStream in) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (in) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                byte[] data = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (header[156] == '0' || header[156] == 0) {
                    entries.put(name.replaceFirst("^\\.?/", ""), data);
                }
            }
        }
        return entries;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
