package io.miniredis.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoTextTest {

    @Test
    void sectionsFieldsNumbersAndPairs() {
        String info = "# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\nprocess_id:42\r\n"
                + "os:Linux 6.1 x86_64\r\n\r\n# Memory\r\nused_memory_peak_perc:12.50%\r\nmem_fragmentation_ratio:1.25"
                + "\r\n\r\n# Latencystats\r\nlatency_percentiles_usec_get:p50=1.003,p99=2.007,p99.9=3.001\r\n"
                + "\r\n# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=-5\r\n";
        Map<String, Map<String, Object>> sections = InfoText.parse(info);
        assertThat(sections).containsOnlyKeys("server", "memory", "latencystats", "keyspace");
        assertThat(sections.get("server"))
                .containsEntry("redis_version", "7.0.15")
                .containsEntry("redis_git_sha1", "00000000")
                .containsEntry("process_id", 42L)
                .containsEntry("os", "Linux 6.1 x86_64");
        assertThat(sections.get("memory"))
                .containsEntry("used_memory_peak_perc", "12.50%")
                .containsEntry("mem_fragmentation_ratio", 1.25);
        assertThat(sections.get("latencystats"))
                .containsEntry("latency_percentiles_usec_get", Map.of("p50", 1.003, "p99", 2.007, "p99.9", 3.001));
        assertThat(sections.get("keyspace")).containsEntry("db0", Map.of("keys", 2L, "expires", 1L, "avg_ttl", -5L));
    }

    @Test
    void emptyText() {
        assertThat(InfoText.parse("")).isEmpty();
    }
}
