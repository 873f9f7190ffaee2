package io.miniredis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.ServerJar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The standalone server ({@code java -jar}) and its data: SIGTERM saves (Redis's default save points) and exits 0,
 * the SHUTDOWN command (redis-cli) saves and exits 0, and the next start loads the file.
 */
class PersistenceShutdownIT {

    @Test
    void sigtermSavesAndTheNextStartLoads() throws Exception {
        Path dir = Files.createTempDirectory("mini-redis-rdb");
        Server first = Server.start(dir);
        try (RespClient c = first.connect()) {
            c.call("SET", "k", "v");
            c.call("RPUSH", "l", "a", "b");
        }
        first.process.toHandle().destroy(); // SIGTERM
        assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String log = first.log();
        assertThat(first.process.exitValue()).as(log).isZero();
        assertThat(log).contains("Received SIGTERM scheduling shutdown...").contains("DB saved on disk");
        assertThat(dir.resolve("dump.rdb")).exists();

        Server second = Server.start(dir);
        try (RespClient c = second.connect()) {
            assertThat(c.call("GET", "k").text()).isEqualTo("v");
            assertThat(c.call("LLEN", "l").text()).isEqualTo("2");
            c.call("SET", "k", "w");
        }
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(second.port), "SHUTDOWN")
                .redirectErrorStream(true)
                .start();
        cli.getInputStream().readAllBytes();
        assertThat(cli.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).as(second.log()).isZero();
        assertThat(second.log()).contains("DB saved on disk");

        Server third = Server.start(dir);
        try (RespClient c = third.connect()) {
            assertThat(c.call("GET", "k").text()).isEqualTo("w");
        } finally {
            third.process.toHandle().destroy();
            third.process.waitFor(20, TimeUnit.SECONDS);
            third.process.destroyForcibly();
        }
    }

    /**
     * SIGTERM while the data loads (the server listens and answers LOADING meanwhile): the load stops, nothing is
     * saved (the file stays as it was, as with Redis, whose SHUTDOWN while loading is NOSAVE), exit status 0, and no
     * "Ready to accept connections" line for a start that did not happen.
     */
    @Test
    void sigtermWhileLoadingExitsWithoutSaving() throws Exception {
        Path dir = Files.createTempDirectory("mini-redis-loading");
        Server first = Server.start(dir, "--enable-debug-command", "yes");
        try (RespClient c = first.connect()) {
            c.call("DEBUG", "POPULATE", "20000");
            assertThat(c.call("SAVE").text()).isEqualTo("OK");
        }
        first.process.toHandle().destroy();
        assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        byte[] dump = Files.readAllBytes(dir.resolve("dump.rdb"));

        Server loading =
                Server.start(dir, "--key-load-delay", "100", "--loading-process-events-interval-bytes", "1024");
        try (RespClient c = loading.connect()) {
            assertThat(c.call("GET", "key:0").text()).isEqualTo("LOADING Redis is loading the dataset in memory");
        }
        loading.process.toHandle().destroy(); // SIGTERM
        assertThat(loading.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String log = loading.log();
        assertThat(loading.process.exitValue()).as(log).isZero();
        assertThat(log).contains("Received SIGTERM scheduling shutdown...").doesNotContain("Ready to accept");
        assertThat(Files.readAllBytes(dir.resolve("dump.rdb"))).isEqualTo(dump);
    }

    private record Server(Process process, int port, ByteArrayOutputStream output) {

        static Server start(Path dir, String... options) throws IOException {
            int port = RealRedis.freePort();
            List<String> command = ServerJar.command(port, "--dir", dir.toString());
            command.addAll(List.of(options));
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            copy(process.getInputStream(), output);
            return new Server(process, port, output);
        }

        RespClient connect() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try {
                    return new RespClient(port);
                } catch (RuntimeException notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the server did not start: " + log(), notYet);
                    }
                    Thread.sleep(20);
                }
            }
        }

        String log() {
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (out) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
    }
}
