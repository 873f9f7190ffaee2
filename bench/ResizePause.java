import io.miniredis.store.Dict;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The most CPU time one {@code Dict.add} takes among N adds of keys made in advance: the thread's own CPU time, so
 * neither the garbage collector nor other processes taking the core count, only the add's own work (before
 * incremental rehashing, the whole-table copy of a resize). A single-file program, run against a built jar:
 *
 * <pre>
 * java -XX:+UseParallelGC -Xms3g -Xmx3g -Xmn2g -cp mini-redis-core/target/mini-redis-server.jar \
 *     bench/ResizePause.java 8000000
 * </pre>
 *
 * It prints, for N/8 adds (a warm-up of the JIT) and then N, the total CPU time and the four costliest adds with the
 * number of keys the table held then (powers of two: the resizes).
 */
public class ResizePause {
    public static void main(String[] a) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int n = Integer.parseInt(a[0]);
        byte[][] keys = new byte[n][];
        for (int i = 0; i < n; i++) keys[i] = ("key:" + i).getBytes();
        for (int m : new int[] {n / 8, n}) { // the first warms the JIT
            Dict dict = new Dict();
            long[] worst = new long[4];
            int[] at = new int[4];
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < m; i++) {
                long s = mx.getCurrentThreadCpuTime();
                dict.add(keys[i], null);
                long d = mx.getCurrentThreadCpuTime() - s;
                if (d > worst[0]) {
                    worst[0] = d; at[0] = i;
                    for (int j = 0; j < 3 && worst[j] > worst[j + 1]; j++) {
                        long t = worst[j]; worst[j] = worst[j + 1]; worst[j + 1] = t;
                        int u = at[j]; at[j] = at[j + 1]; at[j + 1] = u;
                    }
                }
            }
            long total = mx.getCurrentThreadCpuTime() - c0;
            System.out.printf("%d adds, %.0f ms of CPU; the 4 costliest adds (us of CPU @ key count): ", m, total / 1e6);
            for (int j = 3; j >= 0; j--) System.out.printf("%d @ %d  ", worst[j] / 1000, at[j]);
            System.out.println();
        }
    }
}
