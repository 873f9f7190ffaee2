package io.miniredis.differential;

import static io.miniredis.differential.MaxmemoryDifferentialTest.infoField;
import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shapes of client eviction against a real Redis: {@code maxmemory-clients} in its forms (a byte count, a
 * percentage kept as such whatever maxmemory does), the 128 KB floor that keeps a tiny value from cutting every
 * connection, {@code evicted_clients} in INFO stats and CONFIG RESETSTAT, {@code mem_clients_normal} in INFO
 * memory, and the CLIENT LIST memory fields that both servers must agree on for an idle client and one in MULTI.
 * The eviction scenarios themselves are in {@code server.ClientEvictionTest}.
 */
class ClientEvictionDifferentialTest extends DifferentialTestBase {

    @AfterEach
    void off() {
        same("CONFIG", "SET", "maxmemory-clients", "0");
        same("CONFIG", "SET", "maxmemory", "0");
    }

    @Test
    void configForms() {
        check("""
                CONFIG GET maxmemory-clients
                CONFIG SET maxmemory-clients 10%
                CONFIG GET maxmemory-clients
                CONFIG SET maxmemory 100mb
                CONFIG GET maxmemory-clients
                CONFIG SET maxmemory-clients 1mb
                CONFIG GET maxmemory-clients
                CONFIG SET maxmemory-clients 2gb
                CONFIG GET maxmemory-clients
                CONFIG SET maxmemory-clients 101%
                CONFIG SET maxmemory-clients -1
                CONFIG SET maxmemory-clients abc
                CONFIG GET maxmemory-clients
                CONFIG SET maxmemory-clients 0
                CONFIG GET maxmemory-clients
                """);
    }

    @Test
    void aTinyLimitIsRaisedToTheFloorSoIdleClientsStay() {
        try (RespClient redisOther = new RespClient(redis.port());
                RespClient miniOther = new RespClient(mini.port())) {
            check("""
                    CONFIG SET maxmemory-clients 1
                    PING
                    """);
            assertThat(redisOther.call("PING").line()).isEqualTo("PONG");
            assertThat(miniOther.call("PING").line()).isEqualTo("PONG");
            check("""
                    CONFIG SET maxmemory 10mb
                    CONFIG SET maxmemory-clients 1%
                    PING
                    """);
            assertThat(redisOther.call("PING").line()).isEqualTo("PONG");
            assertThat(miniOther.call("PING").line()).isEqualTo("PONG");
            assertThat(infoField(expected, "stats", "evicted_clients")).isEqualTo("0");
            assertThat(infoField(actual, "stats", "evicted_clients")).isEqualTo("0");
        }
    }

    @Test
    void infoFields() {
        same("CONFIG", "RESETSTAT");
        assertThat(infoField(actual, "stats", "evicted_clients"))
                .isEqualTo(infoField(expected, "stats", "evicted_clients"))
                .isEqualTo("0");
        assertThat(infoField(expected, "memory", "mem_clients_normal")).matches("[0-9]+");
        assertThat(Long.parseLong(infoField(actual, "memory", "mem_clients_normal")))
                .isPositive();
        assertThat(infoField(actual, "memory", "mem_clients_slaves")).isEqualTo("0");
    }

    @Test
    void clientListMemoryFieldsOfAnIdleClientAndOneInMulti() {
        try (RespClient redisOther = new RespClient(redis.port());
                RespClient miniOther = new RespClient(mini.port())) {
            redisOther.call("CLIENT", "SETNAME", "other");
            miniOther.call("CLIENT", "SETNAME", "other");
            assertSameMemoryFields();
            for (RespClient other : List.of(redisOther, miniOther)) {
                other.call("MULTI");
                other.call("SET", "key", "value");
                other.call("GET", "key");
            }
            assertSameMemoryFields();
            Map<String, String> inMulti = fields(actual, "other");
            assertThat(Long.parseLong(inMulti.get("multi-mem"))).isPositive();
            assertThat(Long.parseLong(inMulti.get("tot-mem"))).isGreaterThan(Long.parseLong(inMulti.get("multi-mem")));
        }
    }

    /** The fields both servers keep the same way for a client that is not the one asking. */
    private void assertSameMemoryFields() {
        Map<String, String> want = fields(expected, "other");
        Map<String, String> got = fields(actual, "other");
        for (String field : List.of("qbuf", "argv-mem", "multi", "multi-mem", "obl", "oll", "omem")) {
            assertThat(got.get(field)).as(field).isEqualTo(want.get(field));
        }
        assertThat(Long.parseLong(got.get("tot-mem"))).isPositive();
    }

    private static Map<String, String> fields(RespClient observer, String name) {
        for (String line : observer.call("CLIENT", "LIST").text().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String field : line.strip().split(" ")) {
                    int eq = field.indexOf('=');
                    fields.put(field.substring(0, eq), field.substring(eq + 1));
                }
                return fields;
            }
        }
        throw new AssertionError("no client named " + name);
    }
}
