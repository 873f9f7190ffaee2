package io.miniredis.differential;

import org.junit.jupiter.api.Test;

/**
 * The bitmap, HyperLogLog and geo examples of Redis's documentation (the commands its redis-py examples send), run
 * against real Redis and mini-redis: the values a user following the docs sees must be the same.
 */
class RedisDocsTypesExamplesDifferentialTest extends DifferentialTestBase {

    @Test
    void bitmaps() {
        check("""
                SETBIT pings:2024-01-01-00:00 123 1
                GETBIT pings:2024-01-01-00:00 123
                GETBIT pings:2024-01-01-00:00 456
                BITCOUNT pings:2024-01-01-00:00
                SETBIT pings:2024-01-01-00:00 456 1
                BITPOS pings:2024-01-01-00:00 1
                BITOP OR pings:any pings:2024-01-01-00:00 pings:2024-01-02-00:00
                BITFIELD bike:1:stats SET u32 #0 1000
                BITFIELD bike:1:stats INCRBY u32 #0 -50 INCRBY u32 #1 1
                BITFIELD bike:1:stats INCRBY u32 #0 500 INCRBY u32 #1 1
                BITFIELD bike:1:stats GET u32 #0 GET u32 #1
                """);
    }

    @Test
    void hyperLogLogs() {
        check("""
                PFADD bikes Hyperion Deimos Phoebe Quaoar
                PFCOUNT bikes
                PFADD commuter_bikes Salacia Mimas Quaoar
                PFMERGE all_bikes bikes commuter_bikes
                PFCOUNT all_bikes
                GET all_bikes
                """);
    }

    @Test
    void geo() {
        check("""
                GEOADD bikes:rentable -122.27652 37.805186 station:1
                GEOADD bikes:rentable -122.2674626 37.8062344 station:2
                GEOADD bikes:rentable -122.2469854 37.8104049 station:3
                GEOSEARCH bikes:rentable FROMLONLAT -122.2612767 37.7936847 BYRADIUS 5 km WITHDIST
                GEOSEARCH bikes:rentable FROMLONLAT -122.2612767 37.7936847 BYRADIUS 5 km
                GEODIST bikes:rentable station:1 station:3 km
                GEOPOS bikes:rentable station:2
                GEOHASH bikes:rentable station:1 station:2 station:3
                GEORADIUS bikes:rentable -122.2612767 37.7936847 2 km WITHDIST ASC
                """);
    }
}
