package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespReply;
import org.junit.jupiter.api.Test;

/**
 * FUNCTION DUMP and FUNCTION RESTORE against real Redis: the same payload bytes for the same libraries, each
 * server's payload restored by the other, the three policies, and the errors.
 */
class FunctionDumpDifferentialTest extends DifferentialTestBase {

    private static final String LIB1 = "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)";
    private static final String LIB2 = "#!lua name=lib2\nredis.register_function{function_name='f2', callback="
            + "function() return 2 end, flags={'no-writes'}, description='two'}";
    private static final String LIB1_CLASH = "#!lua name=lib3\nredis.register_function('f1', function() return 3 end)";

    @Test
    void dumpIsByteForByteRedisAndRestoresEitherWay() {
        same("FUNCTION", "FLUSH");
        same("FUNCTION", "DUMP"); // no library: the footer alone
        same("FUNCTION", "LOAD", LIB1);
        same("FUNCTION", "DUMP"); // one library: the same bytes
        same("FUNCTION", "LOAD", LIB2);
        // several: Redis writes them in its hash table's order (seeded at random per process), we in load order
        RespReply ours = actual.call("FUNCTION", "DUMP");
        byte[] redisPayload = expected.call("FUNCTION", "DUMP").bulk();
        assertThat(ours.bulk()).hasSameSizeAs(redisPayload);
        // Redis's payload restored here, ours restored there
        same("FUNCTION", "FLUSH");
        assertThat(actual.call("FUNCTION".getBytes(), "RESTORE".getBytes(), redisPayload)
                        .text())
                .isEqualTo("OK");
        assertThat(expected.call("FUNCTION".getBytes(), "RESTORE".getBytes(), ours.bulk())
                        .text())
                .isEqualTo("OK");
        assertThat(actual.call("FUNCTION", "LIST", "WITHCODE").sorted())
                .isEqualTo(expected.call("FUNCTION", "LIST", "WITHCODE").sorted());
        same("FCALL", "f2", "0");
        // APPEND (the default) refuses an existing library; REPLACE takes it; FLUSH starts over
        // which clashing library Redis names follows its hash table's order too: either is right
        for (byte[][] append : new byte[][][] {
            {"FUNCTION".getBytes(), "RESTORE".getBytes(), redisPayload},
            {"FUNCTION".getBytes(), "RESTORE".getBytes(), redisPayload, "APPEND".getBytes()}
        }) {
            assertThat(expected.call(append).text()).matches("ERR Library lib[12] already exists");
            assertThat(actual.call(append).text()).matches("ERR Library lib[12] already exists");
        }
        same("FUNCTION".getBytes(), "RESTORE".getBytes(), redisPayload, "REPLACE".getBytes());
        same("FUNCTION", "DELETE", "lib2");
        same("FUNCTION".getBytes(), "RESTORE".getBytes(), redisPayload, "flush".getBytes());
        // listed in each server's own order (Redis's hash table, ours the payload's)
        assertThat(actual.call("FUNCTION", "LIST").sorted())
                .isEqualTo(expected.call("FUNCTION", "LIST").sorted());
        // errors
        same("FUNCTION".getBytes(), "RESTORE".getBytes(), redisPayload, "MERGE".getBytes());
        same("FUNCTION".getBytes(), "RESTORE".getBytes(), redisPayload, "FLUSH".getBytes(), "x".getBytes());
        same("FUNCTION", "RESTORE", "garbage");
        same("FUNCTION", "RESTORE", "");
        same("SET", "k", "v");
        byte[] keyPayload = expected.call("DUMP", "k").bulk();
        same("FUNCTION".getBytes(), "RESTORE".getBytes(), keyPayload);
        same("FUNCTION", "DUMP", "x");
        same("FUNCTION", "FLUSH");
        same("FUNCTION", "LOAD", LIB1_CLASH);
        same("FUNCTION", "DELETE", "lib3");
    }
}
