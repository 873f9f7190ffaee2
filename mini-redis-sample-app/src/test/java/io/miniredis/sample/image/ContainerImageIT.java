package io.miniredis.sample.image;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The container image Jib builds, read from the tarball of the package phase's offline build
 * (target/jib-image-check.tar, on an empty base): its name is the chart's default image, it runs the application's
 * main class as the non-root user the chart expects, exposes both ports, binds the server to every address, and its
 * layers hold the application, its resources and its dependencies, and those files, started as the entrypoint says,
 * run the application.
 */
class ContainerImageIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode manifest;
    static JsonNode config;
    static Set<String> files = new HashSet<>();
    /** The image's files, layer over layer, as the container's root filesystem would hold them. */
    static Map<String, byte[]> rootFileSystem = new LinkedHashMap<>();

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
            Map<String, byte[]> layerFiles = entries(new GZIPInputStream(new ByteArrayInputStream(compressed)));
            files.addAll(layerFiles.keySet());
            rootFileSystem.putAll(layerFiles);
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
        assertThat(files)
                .contains(
                        "app/classes/io/miniredis/sample/SampleApplication.class",
                        "app/resources/static/index.html",
                        "app/resources/application.yml");
        assertThat(files).anyMatch(file -> file.matches("app/libs/mini-redis-core-.*\\.jar"));
        assertThat(files).anyMatch(file -> file.matches("app/libs/mini-redis-spring-boot-starter-.*\\.jar"));
        assertThat(files).anyMatch(file -> file.matches("app/libs/spring-boot-.*\\.jar"));
        assertThat(files).noneMatch(file -> file.contains("junit"));
    }

    /**
     * Runs what the image holds, the way its entrypoint does, with this JVM's {@code java} in place of the base
     * image's (the offline build has no JRE layer; a registry-based build puts a Java 17+ JRE there): the layers
     * unpacked into a directory standing for the root filesystem, the image's environment and working directory,
     * the entrypoint's arguments with {@code /app} under that directory. The application must start, answer PING
     * on its Redis port and report UP on its health endpoint. Only the ports come from the test, to be free ones.
     */
    @Test
    void theImagesFilesStartTheApplication() throws Exception {
        Path root = Files.createTempDirectory("sample-image-root");
        for (Map.Entry<String, byte[]> file : rootFileSystem.entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        String appDir = root.resolve("app").toString();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        JsonNode container = config.get("config");
        JsonNode entrypoint = container.get("Entrypoint");
        for (int i = 1; i < entrypoint.size(); i++) {
            String argument = entrypoint.get(i).asString();
            if (argument.startsWith("@/app/")) {
                // an argument file: its paths point into the image too
                Path file = Path.of(appDir, argument.substring("@/app/".length()));
                Path local = file.resolveSibling(file.getFileName() + ".local");
                Files.writeString(local, Files.readString(file).replace("/app/", appDir + "/"));
                command.add("@" + local);
            } else {
                command.add(argument.replace("/app/", appDir + "/"));
            }
        }
        int httpPort = freePort();
        int redisPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.resolve(container.get("WorkingDir").asString().substring(1))
                        .toFile())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "image-run.log").toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        container.get("Env").forEach(variable -> {
            String[] pair = variable.asString().split("=", 2);
            builder.environment().put(pair[0], pair[1]);
        });
        builder.environment().put("SERVER_PORT", Integer.toString(httpPort));
        builder.environment().put("MINI_REDIS_PORT", Integer.toString(redisPort));
        Process app = builder.start();
        try {
            String health = waitForHealth(app, httpPort);
            assertThat(health).contains("\"status\":\"UP\"");
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", redisPort)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
                        .isEqualTo("+PONG\r\n");
            }
        } finally {
            app.destroy();
            if (!app.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        assertThat(Files.readString(Path.of("target", "image-run.log"))).doesNotContain("APPLICATION FAILED TO START");
    }

    private static String waitForHealth(Process app, int httpPort) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                .build();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive())
                    .as("the application is running (see target/image-run.log)")
                    .isTrue();
            try {
                java.net.http.HttpResponse<String> response =
                        http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no health answer within 90 s (see target/image-run.log)");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
                long size = Long.parseLong(
                        field(header, 124, 12).trim().isEmpty()
                                ? "0"
                                : field(header, 124, 12).trim(),
                        8);
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
