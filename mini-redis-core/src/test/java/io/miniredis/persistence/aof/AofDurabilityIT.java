package io.miniredis.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.ServerJar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash durability, proven on the packaged server: writers record every acknowledged write, the server JVM is killed
 * with SIGKILL mid-stream, restarted on the same directory, and every acknowledged write must be there
 * ({@code appendfsync always}), or all but those of the last second or so ({@code everysec}; a kill -9 of the
 * process leaves the OS's page cache intact, so in practice nothing is lost either, and the test allows the margin
 * the policy promises).
 */
class AofDurabilityIT {

    private static final int WRITERS = 4;
    private static final long WRITE_MILLIS = 3000;

    /** One acknowledged write: a key, the value the server acknowledged, when. */
    private record Ack(String key, long value, boolean counter, long atMillis) {}

    @Test
    void alwaysLosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
        List<Ack> acks = crashWhileWriting(dir, "always");
        long lost = lostWrites(dir, acks, Long.MAX_VALUE);
        assertThat(lost).isZero();
    }

    @Test
    void everysecLosesAtMostTheLastSecond(@TempDir Path dir) throws Exception {
        List<Ack> acks = crashWhileWriting(dir, "everysec");
        long killedAt = acks.stream().mapToLong(Ack::atMillis).max().orElseThrow();
        // only writes acknowledged in the last 2.5 s before the kill may be missing (1 s policy + fsync + margin)
        assertThat(lostWrites(dir, acks, killedAt - 2500)).isZero();
    }

    private static List<Ack> crashWhileWriting(Path dir, String fsync) throws Exception {
        int port = RealRedis.freePort();
        Process server = startJar(dir, port, fsync);
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                try (RespClient client = new RespClient(port)) {
                    for (long n = 0; !stop.get(); n++) {
                        String counter = "counter:" + id;
                        long value = Long.parseLong(client.call("INCR", counter).text());
                        acks.add(new Ack(counter, value, true, System.currentTimeMillis()));
                        String key = "unique:" + id + ":" + n;
                        if (client.call("SET", key, Long.toString(n)).text().equals("OK")) {
                            acks.add(new Ack(key, n, false, System.currentTimeMillis()));
                        }
                    }
                } catch (RuntimeException e) {
                    // the server was killed: the write in flight was not acknowledged
                }
            });
            t.start();
            writers.add(t);
        }
        Thread.sleep(WRITE_MILLIS);
        server.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        for (Thread t : writers) {
            t.join(10_000);
        }
        assertThat(acks).hasSizeGreaterThan(100);
        return new ArrayList<>(acks);
    }

    /** Restarts on {@code dir} and counts the acknowledged writes made before {@code before} that are missing. */
    private static long lostWrites(Path dir, List<Ack> acks, long before) throws Exception {
        int port = RealRedis.freePort();
        Process server = startJar(dir, port, "everysec");
        try (RespClient client = new RespClient(port)) {
            long lost = 0;
            java.util.Map<String, Long> highest = new java.util.HashMap<>();
            for (Ack ack : acks) {
                if (ack.atMillis() >= before) {
                    continue;
                }
                if (ack.counter()) {
                    highest.merge(ack.key(), ack.value(), Math::max);
                } else if (!Long.toString(ack.value())
                        .equals(client.call("GET", ack.key()).text())) {
                    lost++;
                }
            }
            for (var counter : highest.entrySet()) {
                String value = client.call("GET", counter.getKey()).text();
                if (value == null || Long.parseLong(value) < counter.getValue()) {
                    lost++;
                }
            }
            return lost;
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process startJar(Path dir, int port, String fsync) throws IOException {
        Path jar = Path.of("target", "mini-redis-server.jar");
        assertThat(jar).exists();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                fsync);
        return ServerJar.startAndAwaitReady(command, 30);
    }
}
