package io.miniredis.differential;

import org.junit.jupiter.api.Test;

/**
 * OBJECT under an LFU eviction policy: IDLETIME refuses, FREQ answers, small integers stay shared while maxmemory
 * is 0.
 */
class KeyCommandsLfuDifferentialTest extends DifferentialTestBase {

    @Override
    protected String[] serverOptions() {
        return new String[] {"--maxmemory-policy", "allkeys-lfu"};
    }

    @Test
    void objectUnderLfu() {
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
