package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyEntryTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A short string shares its key's array and comes back as a copy; a long one, a shared integer or a collection
     * is held apart; each change of value moves between the two, with or without an expiry, and the key stays the
     * key for lookups all along, through resizes of the table.
     */
    @Test
    void shortStringsLiveInTheKeysArray() {
        Dict dict = new Dict();
        for (int i = 0; i < 1000; i++) {
            dict.add(b("key:" + i), b("value:" + i));
        }
        KeyEntry entry = dict.get(b("key:7"));
        assertThat(entry.key()).isEqualTo(b("key:7"));
        assertThat((byte[]) entry.value()).isEqualTo(b("value:7"));
        assertThat(entry.key).hasSize("key:7value:7".length());
        assertThat(MemoryEstimates.entry(entry))
                .isEqualTo(MemoryEstimates.KEY_ENTRY + MemoryEstimates.bytes("key:7value:7".length()));

        byte[] longValue = b("v".repeat(KeyEntry.INLINE_MAX + 1));
        entry.value(longValue);
        assertThat(entry.value()).isSameAs(longValue);
        assertThat(entry.key()).isSameAs(entry.key).isEqualTo(b("key:7"));

        entry.expireAt(123);
        entry.value(b("short"));
        assertThat((byte[]) entry.value()).isEqualTo(b("short"));
        assertThat(entry.expireAt()).isEqualTo(123);
        assertThat(MemoryEstimates.entry(entry))
                .isEqualTo(MemoryEstimates.KEY_ENTRY
                        + MemoryEstimates.bytes("key:7short".length())
                        + MemoryEstimates.EXPIRY);
        entry.removeExpiry();
        assertThat((byte[]) entry.value()).isEqualTo(b("short"));

        RedisList list = new RedisList();
        entry.value(list);
        assertThat(entry.value()).isSameAs(list);
        assertThat(entry.key()).isEqualTo(b("key:7"));
        entry.value(b(""));
        assertThat((byte[]) entry.value()).isEmpty();

        for (int i = 0; i < 1000; i += 3) {
            assertThat(dict.remove(b("key:" + i))).isNotNull();
        }
        for (int i = 0; i < 1000; i++) {
            KeyEntry e = dict.get(b("key:" + i));
            assertThat(e != null).as("key:" + i).isEqualTo(i % 3 != 0);
            if (e != null && i != 7) {
                assertThat((byte[]) e.value()).isEqualTo(b("value:" + i));
            }
        }
    }
}
