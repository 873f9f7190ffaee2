package io.miniredis.command.hyperloglog;

import java.nio.charset.StandardCharsets;

/**
 * PFSELFTEST's checks of this implementation: a sparse and a dense HLL fed the same elements hold the same registers
 * and counts, and the estimate stays within the error HyperLogLog promises (a few standard errors of 0.81%).
 */
final class HyperLogLogSelfTest {

    private HyperLogLogSelfTest() {}

    /** Null when every check holds, else what failed. */
    static String run() {
        HyperLogLog sparse = new HyperLogLog(HyperLogLog.empty());
        HyperLogLog dense = new HyperLogLog(HyperLogLog.empty());
        dense.toDense();
        for (int i = 1; i <= 20_000; i++) {
            byte[] element = ("selftest:" + i).getBytes(StandardCharsets.US_ASCII);
            sparse.add(element, Long.MAX_VALUE);
            dense.add(element, Long.MAX_VALUE);
            if (i % 1000 == 0) {
                long a = sparse.count();
                long b = dense.count();
                if (a != b) {
                    return "sparse and dense counts differ after " + i + " elements: " + a + " and " + b;
                }
                if (Math.abs(a - i) > i * 5 * 0.0081 + 2) {
                    return "count " + a + " is too far from " + i;
                }
            }
        }
        if (sparse.encoding() == HyperLogLog.SPARSE) {
            sparse.toDense();
        }
        for (int r = 0; r < HyperLogLog.REGISTERS; r++) {
            if (sparse.denseRegister(r) != dense.denseRegister(r)) {
                return "register " + r + " differs between the sparse and dense forms";
            }
        }
        return null;
    }
}
