package io.miniredis.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.geo.Circle;
import org.springframework.data.geo.Distance;
import org.springframework.data.geo.GeoResults;
import org.springframework.data.geo.Metrics;
import org.springframework.data.geo.Point;
import org.springframework.data.redis.connection.BitFieldSubCommands;
import org.springframework.data.redis.connection.BitFieldSubCommands.BitFieldType;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoLocation;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoRadiusCommandArgs;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.domain.geo.GeoReference;
import org.springframework.data.redis.domain.geo.GeoShape;

/**
 * Spring Data Redis's geo, HyperLogLog and bitfield operations against the embedded server through the starter:
 * what an application would call, over Lettuce, with the values real Redis gives for the same calls.
 */
@SpringBootTest(classes = SpringDataRedisTypesTest.App.class, properties = "mini-redis.port=0")
class SpringDataRedisTypesTest {

    @Autowired
    StringRedisTemplate redis;

    @BeforeEach
    void clean() {
        redis.delete(List.of("sicily", "visitors", "visitors:a", "visitors:b", "flags", "counters", "near"));
    }

    @Test
    void opsForGeo() {
        var geo = redis.opsForGeo();
        assertThat(geo.add("sicily", new Point(13.361389, 38.115556), "Palermo"))
                .isEqualTo(1);
        assertThat(geo.add("sicily", new Point(15.087269, 37.502669), "Catania"))
                .isEqualTo(1);

        Distance distance = geo.distance("sicily", "Palermo", "Catania", Metrics.KILOMETERS);
        assertThat(distance.getValue()).isEqualTo(166.2742); // GEODIST's four decimals, as Redis replies
        List<Point> positions = geo.position("sicily", "Palermo", "nowhere");
        assertThat(positions.get(0).getX()).isCloseTo(13.361389, within(1e-5));
        assertThat(positions.get(1)).isNull();
        assertThat(geo.hash("sicily", "Palermo", "Catania")).containsExactly("sqc8b49rny0", "sqdtr74hyu0");

        GeoResults<GeoLocation<String>> nearby = geo.radius(
                "sicily",
                new Circle(new Point(15, 37), new Distance(200, Metrics.KILOMETERS)),
                GeoRadiusCommandArgs.newGeoRadiusArgs().includeDistance().sortAscending());
        assertThat(nearby.getContent())
                .extracting(r -> r.getContent().getName())
                .containsExactly("Catania", "Palermo");
        assertThat(nearby.getContent().get(0).getDistance().getValue()).isEqualTo(56.4413);

        GeoResults<GeoLocation<String>> searched = geo.search(
                "sicily",
                GeoReference.fromMember("Palermo"),
                GeoShape.byBox(
                        400, 400, org.springframework.data.redis.connection.RedisGeoCommands.DistanceUnit.KILOMETERS),
                org.springframework.data.redis.connection.RedisGeoCommands.GeoSearchCommandArgs.newGeoSearchArgs()
                        .includeCoordinates()
                        .sortDescending());
        assertThat(searched.getContent())
                .extracting(r -> r.getContent().getName())
                .containsExactly("Catania", "Palermo");

        assertThat(geo.searchAndStore(
                        "sicily", "near", GeoReference.fromCoordinate(15, 37), new Distance(100, Metrics.KILOMETERS)))
                .isEqualTo(1);
        assertThat(redis.opsForZSet().range("near", 0, -1)).containsExactly("Catania");
        assertThat(geo.remove("sicily", "Palermo")).isEqualTo(1);
    }

    @Test
    void opsForHyperLogLog() {
        var hll = redis.opsForHyperLogLog();
        assertThat(hll.add("visitors:a", "alice", "bob", "carol")).isEqualTo(1);
        assertThat(hll.add("visitors:a", "alice")).isZero();
        assertThat(hll.add("visitors:b", "carol", "dave")).isEqualTo(1);
        assertThat(hll.size("visitors:a")).isEqualTo(3);
        assertThat(hll.size("visitors:a", "visitors:b")).isEqualTo(4);
        assertThat(hll.union("visitors", "visitors:a", "visitors:b")).isEqualTo(4);
        // The value is Redis's own representation: a sparse HLL with its "HYLL" header.
        assertThat(redis.opsForValue().get("visitors")).startsWith("HYLL");
        hll.delete("visitors");
        assertThat(redis.hasKey("visitors")).isFalse();
    }

    @Test
    void bitmapsAndBitFieldSubCommands() {
        var values = redis.opsForValue();
        assertThat(values.setBit("flags", 7, true)).isFalse();
        assertThat(values.getBit("flags", 7)).isTrue();
        assertThat(values.getBit("flags", 6)).isFalse();
        assertThat(redis.execute((org.springframework.data.redis.core.RedisCallback<Long>)
                        c -> c.stringCommands().bitCount("flags".getBytes())))
                .isEqualTo(1);

        BitFieldSubCommands commands = BitFieldSubCommands.create()
                .set(BitFieldType.unsigned(8))
                .valueAt(0)
                .to(200)
                .incr(BitFieldType.unsigned(8))
                .valueAt(0)
                .overflow(BitFieldSubCommands.BitFieldIncrBy.Overflow.SAT)
                .by(100)
                .get(BitFieldType.signed(8))
                .valueAt(0);
        assertThat(values.bitField("counters", commands)).containsExactly(0L, 255L, -1L);

        BitFieldSubCommands failing = BitFieldSubCommands.create()
                .incr(BitFieldType.unsigned(8))
                .valueAt(0)
                .overflow(BitFieldSubCommands.BitFieldIncrBy.Overflow.FAIL)
                .by(1);
        assertThat(values.bitField("counters", failing)).containsExactly((Long) null);
    }

    @SpringBootApplication
    static class App {}
}
