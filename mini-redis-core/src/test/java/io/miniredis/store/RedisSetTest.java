package io.miniredis.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.protocol.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RedisSetTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The fast check agrees with Redis's strict integer parser on edge cases and on random digit strings. */
    @Test
    void integerMembersAreWhatString2llAccepts() {
        List<String> samples = new ArrayList<>(List.of(
                "0",
                "-0",
                "00",
                "01",
                "-01",
                "1",
                "-1",
                "+1",
                " 1",
                "1 ",
                "",
                "-",
                "1.0",
                "1e3",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "-9223372036854775809",
                "99999999999999999999",
                "-99999999999999999999",
                "18446744073709551616",
                "1000000000000000000",
                "-1000000000000000000",
                "12345678901234567890123"));
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "-" : "");
            int digits = random.nextInt(22);
            for (int d = 0; d < digits; d++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            samples.add(s.toString());
        }
        for (String sample : samples) {
            assertThat(RedisSet.isInteger(b(sample))).as(sample).isEqualTo(Numbers.isLong(b(sample)));
        }
    }

    @Test
    void intsetKeepsAscendingOrderAndConvertsForGood() {
        RedisSet set = new RedisSet();
        for (String m : List.of("5", "-3", "100", "0", "5")) {
            set.add(b(m), 512);
        }
        assertThat(set.encoding()).isEqualTo("intset");
        assertThat(members(set)).containsExactly("-3", "0", "5", "100");
        assertThat(set.add(b("x"), 512)).isTrue();
        assertThat(set.encoding()).isEqualTo("hashtable");
        assertThat(set.remove(b("x"))).isTrue();
        assertThat(set.encoding()).isEqualTo("hashtable");
        assertThat(set.contains(b("100"))).isTrue();
        set.reencode(512);
        assertThat(set.encoding()).isEqualTo("intset");
        assertThat(members(set)).containsExactly("-3", "0", "5", "100");
        RedisSet copy = (RedisSet) set.copy();
        copy.add(b("7"), 512);
        assertThat(set.size()).isEqualTo(4);
        assertThat(copy.size()).isEqualTo(5);
    }

    @Test
    void randomPositionsAreMembers() {
        RedisSet set = new RedisSet();
        for (int i = 0; i < 100; i++) {
            set.add(b("m" + i), 512);
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            assertThat(set.isMember(set.randomPosition(random))).isTrue();
        }
    }

    private static List<String> members(RedisSet set) {
        List<String> members = new ArrayList<>();
        for (int p = 0; p < set.limit(); p++) {
            if (set.isMember(p)) {
                members.add(new String(set.member(p), StandardCharsets.ISO_8859_1));
            }
        }
        return members;
    }
}
