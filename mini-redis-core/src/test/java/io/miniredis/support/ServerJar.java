package io.miniredis.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
