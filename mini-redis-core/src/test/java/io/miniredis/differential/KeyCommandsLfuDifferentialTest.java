package io.miniredis.differential;

import io.miniredis.config.RedisParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * OBJECT under an LFU eviction policy: IDLETIME refuses, FREQ answers, small integers stay shared while maxmemory
 * is 0. Runs once mini-redis knows the {@code maxmemory-policy} parameter (it comes with the configuration work);
 * until then it is skipped.
 */
class KeyCommandsLfuDifferentialTest extends DifferentialTestBase {

    private static final boolean POLICY_KNOWN = RedisParameters.all().stream()
            .anyMatch(p -> p.name().equals("maxmemory-policy"));

    @Override
    protected String[] serverOptions() {
        return POLICY_KNOWN ? new String[] {"--maxmemory-policy", "allkeys-lfu"} : new String[0];
    }

    @Test
    void objectUnderLfu() {
        assumeThat(POLICY_KNOWN).as("mini-redis has no maxmemory-policy parameter yet").isTrue();
        actual.call("DEL", "k", "n", "big");
        expected.call("DEL", "k", "n", "big");
        check("""
                SET k v
                OBJECT IDLETIME k
                OBJECT IDLETIME nope
                OBJECT FREQ nope
                OBJECT FREQ k
                GET k
                OBJECT FREQ k
                SET n 42
                OBJECT REFCOUNT n
                SET big 12345
                OBJECT REFCOUNT big
                """);
    }
}
