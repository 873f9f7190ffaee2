package io.miniredis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RespClient;
import org.junit.jupiter.api.Test;

/** maxmemory above what the JVM heap can hold is refused, at start and by CONFIG SET, with a reason that says why. */
class HeapGuardTest {

    private static final long GB = 1L << 30;

    @Test
    void threeQuartersOfTheHeapIsTheLimit() {
        assertThat(HeapGuard.maxAllowed(4 * GB)).isEqualTo(3 * GB);
        assertThat(HeapGuard.maxAllowed(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThatCode(() -> HeapGuard.check(3 * GB, 4 * GB)).doesNotThrowAnyException();
        assertThatCode(() -> HeapGuard.check(0, 4 * GB)).doesNotThrowAnyException();
        assertThatThrownBy(() -> HeapGuard.check(3 * GB + 1, 4 * GB))
                .isInstanceOf(ConfigException.class)
                .hasMessage("maxmemory 3221225473 is more than the JVM heap can hold: at most 75% of the maximum heap "
                        + "(4294967296 bytes), that is 3221225472 bytes. Lower maxmemory, or raise -Xmx to at least "
                        + "4294967298 bytes");
        assertThatThrownBy(() -> HeapGuard.check(-1, 4 * GB)).hasMessageEndingWith("an impossible size");
    }

    @Test
    void refusedAtStart() {
        assertThatThrownBy(() -> MiniRedisServer.builder()
                        .port(0)
                        .config("maxmemory", "5000000gb")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value '5000000gb' for 'maxmemory': maxmemory 5368709120000000 is more "
                        + "than the JVM heap can hold: at most 75% of the maximum heap");
    }

    @Test
    void refusedByConfigSetAndNothingChanges() {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient client = new RespClient(server.port())) {
            assertThat(client.call("CONFIG", "SET", "maxmemory", "5000000gb").text())
                    .startsWith("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - maxmemory "
                            + "5368709120000000 is more than the JVM heap can hold");
            assertThat(client.call("CONFIG", "SET", "maxmemory", "18446744073709551615")
                            .text())
                    .contains("raise -Xmx to at least an impossible size");
            assertThat(client.call("CONFIG", "GET", "maxmemory")
                            .elements()
                            .get(1)
                            .text())
                    .isEqualTo("0");
            assertThat(client.call("CONFIG", "SET", "maxmemory", "1mb").text()).isEqualTo("OK");
        }
    }
}
