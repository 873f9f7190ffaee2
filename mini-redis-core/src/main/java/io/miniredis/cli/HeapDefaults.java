package io.miniredis.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap settings the standalone server applies to its own JVM when started as plain {@code java -jar}, so that
 * the heap stays close to the data: the few HotSpot options that can still be changed once the JVM runs (the
 * "manageable" ones). The collector and the heap's limits cannot; {@code bin/mini-redis-server} passes those (see
 * docs/memory.md, "JVM options").
 *
 * <ul>
 *   <li>{@code MinHeapFreeRatio=20}, {@code MaxHeapFreeRatio=40} (the JVM's defaults are 40 and 70): after a full
 *       collection, and with G1 after each concurrent cycle, the heap grows so that 20% of it is free and shrinks
 *       when more than 40% is: a server holding 1 GB of keys keeps 1.25 to 1.67 GB committed rather than up to
 *       3.3 GB. Serial and G1 follow these; Parallel only without its adaptive sizing.</li>
 *   <li>With G1 (the JVM's default collector): {@code G1PeriodicGCInterval=60000}, a concurrent cycle after a minute
 *       without any collection, so an idle server gives back what a burst of writes made the heap grow to (the
 *       shrinking above happens at such a cycle's end).</li>
 * </ul>
 *
 * An option given on the command line or in {@code JAVA_TOOL_OPTIONS} is left alone; {@code
 * -Dmini-redis.jvm-defaults=false} leaves all of them alone. Embedded servers never call this: an application's JVM
 * is the application's.
 */
final class HeapDefaults {

    static final String SWITCH = "mini-redis.jvm-defaults";

    private HeapDefaults() {}

    /** Applies the defaults the JVM's own options do not set; returns the options applied, for the log. */
    static List<String> apply() {
        List<String> applied = new ArrayList<>();
        if ("false".equals(System.getProperty(SWITCH))) {
            return applied;
        }
        HotSpotDiagnosticMXBean hotspot;
        List<String> given;
        try {
            hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError notHotSpot) {
            return applied;
        }
        if (hotspot == null) {
            return applied;
        }
        // Max first: lowering Min below the JVM's Max (70) is always valid, and Max (40) then stays above Min (20).
        set(hotspot, given, "MaxHeapFreeRatio", "40", applied);
        set(hotspot, given, "MinHeapFreeRatio", "20", applied);
        if (given.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))
                || given.contains("-XX:+UseG1GC")) {
            set(hotspot, given, "G1PeriodicGCInterval", "60000", applied);
        }
        return applied;
    }

    private static void set(
            HotSpotDiagnosticMXBean hotspot, List<String> given, String option, String value, List<String> applied) {
        if (given.stream().anyMatch(o -> o.startsWith("-XX:" + option + "="))) {
            return;
        }
        try {
            hotspot.setVMOption(option, value);
            applied.add(option + "=" + value);
        } catch (RuntimeException refused) {
            // not manageable on this JVM, or out of range with the user's other options: keep the JVM's value
        }
    }
}
