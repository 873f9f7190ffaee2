package io.miniredis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RealRedis;
import io.miniredis.support.ServerJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The standalone server started as redis-server would be for a socket only ({@code --port 0 --unixsocket path
 * --unixsocketperm 770}): redis-cli {@code -s} reaches it, and SHUTDOWN removes the socket file.
 */
class UnixSocketIT {

    @Test
    void socketOnlyServerAnswersRedisCliAndRemovesTheFileAtShutdown() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-cli comes with redis-server's packages");
        Path dir = Files.createTempDirectory("mini-redis-socket");
        Path socket = dir.resolve("redis.sock");
        Process server = ServerJar.startAndAwaitLine(
                ServerJar.command(0, "--save", "", "--unixsocket", socket.toString(), "--unixsocketperm", "770"),
                "* The server is now ready to accept connections at " + socket,
                60);
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rwxrwx---");
            assertThat(cli(socket, "set", "k", "v")).isEqualTo("OK");
            assertThat(cli(socket, "get", "k")).isEqualTo("v");
            assertThat(cli(socket, "config", "get", "port")).isEqualTo("port\n0");
            cli(socket, "shutdown", "nosave");
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
            assertThat(socket).doesNotExist();
        } finally {
            server.destroyForcibly();
        }
    }

    private static String cli(Path socket, String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "redis-cli";
        command[1] = "-s";
        command[2] = socket.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(20, TimeUnit.SECONDS);
        return output.strip();
    }
}
