package io.miniredis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapDefaultsTest {

    /**
     * The launcher's in-process defaults take effect in this JVM (the test's own: they only bound how far its heap
     * grows and shrinks), except those its command line sets, which stay as given; the switch turns them off.
     */
    @Test
    void manageableHeapOptionsAreSetUnlessGiven() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        System.setProperty(HeapDefaults.SWITCH, "false");
        try {
            assertThat(HeapDefaults.apply()).isEmpty();
        } finally {
            System.clearProperty(HeapDefaults.SWITCH);
        }
        List<String> applied = HeapDefaults.apply();
        for (String[] option : new String[][] {{"MaxHeapFreeRatio", "40"}, {"MinHeapFreeRatio", "20"}}) {
            if (given.stream().noneMatch(o -> o.startsWith("-XX:" + option[0] + "="))) {
                assertThat(applied).contains(option[0] + "=" + option[1]);
                assertThat(hotspot.getVMOption(option[0]).getValue()).isEqualTo(option[1]);
            } else {
                assertThat(applied).noneMatch(o -> o.startsWith(option[0]));
            }
        }
    }
}
