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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM to the standalone server while a script runs (a plain loop, one that resisted SCRIPT KILL, one that
 * wrote and cannot be killed) ends the process cleanly: exit status 0, as redis-server's SIGTERM handling gives,
 * Redis's "ready to exit" log line, and no JVM crash file. 20 rounds of each: the crash this guards against (a
 * SIGSEGV in the native Lua library, the Lua state freed under the running script) did not show every time.
 */
class ScriptShutdownIT {

    private static final int ROUNDS = 20;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "while true do end",
                "KILL:local f = function() while 1 do redis.call('ping') end end while 1 do pcall(f) end",
                "KILL:redis.call('set', 'w', '1') while true do pcall(function() while true do end end) end"
            })
    void sigtermEndsTheProcessCleanly(String shape) throws Exception {
        boolean killFirst = shape.startsWith("KILL:");
        String script = killFirst ? shape.substring(5) : shape;
        Path workDir = Files.createTempDirectory("mini-redis-sigterm");
        for (int round = 0; round < ROUNDS; round++) {
            int port = RealRedis.freePort();
            // a quick-starting JVM: 60 of them start here
            Process process = new ProcessBuilder(ServerJar.command(
                            port, "--busy-reply-threshold", "20", "--io-threads", Integer.toString(1 + round % 2)))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = copy(process.getInputStream(), output);
            try (RespClient admin = connect(port, process, output);
                    RespClient looping = new RespClient(port)) {
                looping.send(RespClient.encode(bytes("EVAL"), bytes(script), bytes("0")));
                awaitBusy(admin);
                if (killFirst) {
                    admin.call("SCRIPT", "KILL");
                }
                process.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its output)
                assertThat(process.waitFor(10, TimeUnit.SECONDS))
                        .as("exited in round " + round)
                        .isTrue();
            } finally {
                process.destroyForcibly();
            }
            reader.join(5000);
            String log = output.toString(StandardCharsets.UTF_8);
            assertThat(process.exitValue())
                    .as("exit status in round " + round + "\n" + log)
                    .isZero();
            assertThat(log).contains("Received SIGTERM scheduling shutdown...").contains("ready to exit, bye bye");
            try (Stream<Path> files = Files.list(workDir)) {
                List<Path> crashes = files.filter(
                                f -> f.getFileName().toString().startsWith("hs_err"))
                        .toList();
                assertThat(crashes)
                        .as("JVM crash files in round " + round + "\n" + log)
                        .isEmpty();
            }
        }
    }

    private static void awaitBusy(RespClient admin) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!admin.call("PING").text().startsWith("BUSY")) {
            assertThat(System.nanoTime()).as("the script became busy").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static RespClient connect(int port, Process process, ByteArrayOutputStream output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return new RespClient(port);
            } catch (RuntimeException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server did not start: " + output, notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    private static Thread copy(InputStream in, ByteArrayOutputStream out) {
        Thread thread = new Thread(() -> {
            try {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
