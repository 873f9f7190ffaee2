import io.miniredis.server.MiniRedisServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Start-up time and idle heap of embedded mini-redis servers in one JVM, as a test suite sees them: build, start,
 * first PING answered over TCP. Run by bench/startup.sh (java -cp mini-redis-server.jar StartupMeasure.java).
 *
 *   first: the first server of the JVM (class loading, Netty, the Lua state...), then RUNS more one after another
 *   (each closed before the next) for the median, then HELD servers kept running at once for the heap per server
 *   (heap used after a full GC, before and with them) and the threads per server.
 */
public class StartupMeasure {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int held = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long t0 = System.nanoTime();
        MiniRedisServer first = startAndPing();
        double firstMs = (System.nanoTime() - t0) / 1e6;
        first.close();
        System.out.printf("first server in the JVM: %.1f ms (the JVM had been up %d ms)%n", firstMs, uptimeAt(t0));

        double[] times = new double[runs];
        double[] closes = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            MiniRedisServer server = startAndPing();
            times[i] = (System.nanoTime() - s) / 1e6;
            long c = System.nanoTime();
            server.close();
            closes[i] = (System.nanoTime() - c) / 1e6;
        }
        Arrays.sort(times);
        Arrays.sort(closes);
        System.out.printf("next %d servers, start to first PONG: median %.2f ms, p90 %.2f ms, min %.2f ms, max %.2f ms%n",
                runs, times[runs / 2], times[runs * 9 / 10], times[0], times[runs - 1]);
        System.out.printf("close: median %.2f ms, p90 %.2f ms%n", closes[runs / 2], closes[runs * 9 / 10]);

        long before = heapAfterGc();
        int threadsBefore = Thread.activeCount();
        List<MiniRedisServer> servers = new ArrayList<>();
        for (int i = 0; i < held; i++) {
            servers.add(startAndPing());
        }
        long with = heapAfterGc();
        int threadsWith = Thread.activeCount();
        System.out.printf("idle heap per server (%d held, after full GC): %.2f MB; threads per server: %.1f%n",
                held, (with - before) / 1e6 / held, (threadsWith - threadsBefore) / (double) held);
        for (MiniRedisServer server : servers) {
            server.close();
        }
    }

    private static long uptimeAt(long nanos) {
        return ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - nanos) / 1_000_000;
    }

    private static MiniRedisServer startAndPing() throws Exception {
        MiniRedisServer server = MiniRedisServer.builder().port(0).bind("127.0.0.1").build().start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = 0;
            while (n < reply.length) {
                int r = in.read(reply, n, reply.length - n);
                if (r < 0) {
                    throw new IllegalStateException("closed");
                }
                n += r;
            }
            if (!new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                throw new IllegalStateException("not PONG");
            }
        }
        return server;
    }

    private static long heapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
