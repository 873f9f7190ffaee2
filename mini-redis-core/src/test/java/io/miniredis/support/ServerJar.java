package io.miniredis.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line that starts the packaged standalone server ({@code target/mini-redis-server.jar}) in a JVM of its
 * own for the integration tests, on loopback: a quick-starting JVM (C1 only, serial GC), since some tests start
 * dozens of them.
 */
public final class ServerJar {

    private ServerJar() {}

    /** {@code java ... -jar mini-redis-server.jar --port <port> --bind 127.0.0.1 <options>}. */
    public static List<String> command(int port, String... options) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                Path.of("target", "mini-redis-server.jar").toAbsolutePath().toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1"));
        command.addAll(List.of(options));
        return command;
    }

    /**
     * Starts {@code command} and returns once the server logs "Ready to accept connections" (its output drained
     * from then on, so a full pipe never stops it); destroys it and fails when no such line comes in time.
     */
    public static Process startAndAwaitReady(List<String> command, long timeoutSeconds) throws IOException {
        return startAndAwaitLine(command, "* Ready to accept connections", timeoutSeconds);
    }

    /** As {@link #startAndAwaitReady}, waiting for a line that ends with {@code readyLine}. */
    public static Process startAndAwaitLine(List<String> command, String readyLine, long timeoutSeconds)
            throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            if (line.endsWith(readyLine)) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("The standalone server printed no ready line");
    }
}
