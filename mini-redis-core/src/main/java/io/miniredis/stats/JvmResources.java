package io.miniredis.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the JVM can tell about the process's memory and CPU, for INFO memory and INFO cpu (and the starter's
 * metrics). Each call samples afresh; none is cheap enough for a hot path, all are fine for INFO.
 */
public final class JvmResources {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    /**
     * The platform's beans, looked up on first use rather than when a server is built: loading the management
     * classes costs a fresh JVM 0.1 to 0.3 s, which a server nobody asks INFO (most test servers) should not pay.
     */
    private static final class Beans {
        static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    }

    public MemoryUsage heap() {
        return Beans.MEMORY.getHeapMemoryUsage();
    }

    public MemoryUsage nonHeap() {
        return Beans.MEMORY.getNonHeapMemoryUsage();
    }

    /**
     * The process's resident set size: VmRSS from {@code /proc} where there is one (Linux), otherwise what the JVM
     * has committed, which is the closest portable figure.
     */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through
        }
        return heap().getCommitted() + nonHeap().getCommitted();
    }

    /** Physical memory of the machine, 0 when the JVM cannot say. */
    public long totalSystemMemory() {
        if (Beans.OS instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return 0;
    }

    /** CPU time of the whole process, user and system, in nanoseconds ({@code [user, system]}). */
    public long[] processCpuNanos() {
        long total = Beans.OS instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        long user = 0;
        long threadsTotal = 0;
        if (Beans.THREADS.isThreadCpuTimeSupported()) {
            for (long id : Beans.THREADS.getAllThreadIds()) {
                long u = Beans.THREADS.getThreadUserTime(id);
                long t = Beans.THREADS.getThreadCpuTime(id);
                if (u > 0) {
                    user += u;
                }
                if (t > 0) {
                    threadsTotal += t;
                }
            }
        }
        if (total < 0) {
            total = threadsTotal;
        }
        // Threads that have ended no longer show in the per-thread figures: attribute the process total by the
        // user/system split of the live threads.
        if (threadsTotal > 0 && total > threadsTotal) {
            user = (long) ((double) user / threadsTotal * total);
        }
        user = Math.min(user, total);
        return new long[] {user, total - user};
    }

    /** CPU time of the calling thread (the keyspace thread when INFO runs), {@code [user, system]} nanoseconds. */
    public long[] currentThreadCpuNanos() {
        if (!Beans.THREADS.isCurrentThreadCpuTimeSupported()) {
            return new long[] {0, 0};
        }
        long total = Math.max(0, Beans.THREADS.getCurrentThreadCpuTime());
        long user = Math.max(0, Math.min(total, Beans.THREADS.getCurrentThreadUserTime()));
        return new long[] {user, total - user};
    }
}
