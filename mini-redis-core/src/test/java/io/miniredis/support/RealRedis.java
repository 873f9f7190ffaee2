package io.miniredis.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} on a free loopback port, started for a test class with persistence off: the
 * reference the differential tests compare against. When redis-server is not installed the calling test is
 * skipped with a message saying so ({@code .ci/run} installs it, so in CI these tests always run).
 */
public final class RealRedis implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path directory;

    private RealRedis(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /** The version the differential tests are written against (Debian's); another one may differ in places. */
    public static final String REFERENCE_VERSION = "7.0.15";

    private static volatile String checkedVersion;

    /** Starts redis-server with the given extra redis.conf options, or skips the test when it is missing. */
    public static RealRedis start(String... options) {
        try {
            return startIn(Files.createTempDirectory("real-redis"), options);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start redis-server", e);
        }
    }

    /** Starts redis-server with {@code directory} as its dir (it loads a dump.rdb found there); deleted by close. */
    public static RealRedis startIn(Path directory, String... options) {
        return startIn(directory, true, options);
    }

    /** As {@link #startIn}, but returns as soon as it answers, while it may still load (-LOADING): to watch a load. */
    public static RealRedis startLoadingIn(Path directory, String... options) {
        return startIn(directory, false, options);
    }

    private static RealRedis startIn(Path directory, boolean untilLoaded, String... options) {
        String binary = findRedisServer();
        Assumptions.assumeTrue(
                binary != null,
                "redis-server is not installed: skipping the comparison with real Redis (apt-get install redis-server)");
        checkVersion(binary);
        try {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(
                    binary,
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--dir",
                    directory.toString(),
                    "--logfile",
                    directory.resolve("redis.log").toString()));
            for (String option : options) {
                command.add(option);
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("stdout.log").toFile())
                    .start();
            RealRedis redis = new RealRedis(process, port, directory);
            redis.awaitReady(untilLoaded);
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start redis-server", e);
        }
    }

    /**
     * Fails, saying so, when the installed redis-server is not the reference version: the expectations are Redis
     * 7.0.15's byte for byte, and another version differs in replies (7.2 changed several), which would show as a
     * flood of unrelated failures. Checked once per test JVM.
     */
    private static void checkVersion(String binary) {
        if (checkedVersion != null) {
            return;
        }
        String version;
        try {
            Process process = new ProcessBuilder(binary, "--version")
                    .redirectErrorStream(true)
                    .start();
            String output =
                    new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            java.util.regex.Matcher matcher =
                    java.util.regex.Pattern.compile("v=(\\S+)").matcher(output);
            version = matcher.find() ? matcher.group(1) : output.strip();
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + binary + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!REFERENCE_VERSION.equals(version)) {
            throw new IllegalStateException("The differential tests compare against redis-server " + REFERENCE_VERSION
                    + " (Debian 12's); " + binary + " is " + version + ", whose replies differ in places. Install "
                    + REFERENCE_VERSION + " (apt-get install redis-server on Debian 12), or put it first on the PATH.");
        }
        checkedVersion = version;
    }

    public static boolean available() {
        return findRedisServer() != null;
    }

    private static String findRedisServer() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File file = new File(dir, "redis-server");
                if (file.canExecute()) {
                    return file.getPath();
                }
            }
        }
        return null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void awaitReady(boolean untilLoaded) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (RespClient client = new RespClient(port)) {
                RespReply reply = client.call("PING"); // any reply, NOAUTH included, means it is serving
                if (!untilLoaded || !reply.isError() || !reply.text().startsWith("LOADING")) {
                    return;
                }
                // listening, but still loading its dir's files (-LOADING to PING): tests read the data after
                sleep();
            } catch (RuntimeException notYet) {
                sleep();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue());
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return port;
    }

    /** The server's working directory ({@code --dir}): where its RDB and AOF files go. */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
