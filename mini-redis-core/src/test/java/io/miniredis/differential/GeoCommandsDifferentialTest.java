package io.miniredis.differential;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Geo against real Redis: scores, distances, positions and geohashes to the byte, searches in the same order with
 * the same formatting in RESP2 and RESP3, every error path, the stores, and random points and searches.
 */
class GeoCommandsDifferentialTest extends DifferentialTestBase {

    private static final String SICILY = """
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
            GEOADD Sicily 12.758489 38.788135 edge1 17.241510 38.788135 edge2
            GEOADD Sicily 14.2681244 40.8517746 Naples 12.4963655 41.9027835 Rome
            """;

    @Test
    void geoaddAndScores() {
        check("""
                GEOADD g 13.361389 38.115556 Palermo
                ZSCORE g Palermo
                GEOADD g 13.361389 38.115556 Palermo
                GEOADD g CH 13.361389 38.2 Palermo
                GEOADD g NX 1 1 Palermo 2 2 other
                GEOADD g XX CH 3 3 Palermo 4 4 nobody
                GEOADD g XX NX 1 1 a
                GEOADD g CH XX CH 5 5 Palermo
                GEOADD g 1 2
                GEOADD g NX CH CH
                GEOADD g 200 100 m
                GEOADD g -180.0000001 0 m
                GEOADD g 180 85.05112878 corner1 -180 -85.05112878 corner2 0 0 origin
                GEOADD g 180 85.05112879 m
                GEOADD g inf 0 m
                GEOADD g x 0 m
                GEOADD g 0 x m
                GEOADD g 1e-7 -1e-7 tiny
                GEOADD g -0.0000005 0 m
                GEOADD g 180 85.06 m
                GEOADD g GT 1 1 m
                ZRANGE g 0 -1 WITHSCORES
                OBJECT ENCODING g
                GEOADD missing XX 1 1 m
                EXISTS missing
                SET s v
                GEOADD s 1 1 m
                GEOADD s 200 1 m
                GEOADD g
                GEOADD g 1 1
                """);
    }

    @Test
    void geodistGeoposGeohash() {
        check(SICILY + """
                GEODIST Sicily Palermo Catania
                GEODIST Sicily Palermo Catania m
                GEODIST Sicily Palermo Catania KM
                GEODIST Sicily Palermo Catania mi
                GEODIST Sicily Palermo Catania ft
                GEODIST Sicily Palermo Palermo
                GEODIST Sicily Palermo nobody
                GEODIST Sicily Palermo Catania foo
                GEODIST Sicily Palermo Catania km x
                GEODIST nokey a b
                GEODIST nokey a b foo
                GEODIST Sicily edge1 edge2 km
                GEODIST Sicily Rome Naples mi
                GEOPOS Sicily Palermo nobody Catania Rome
                GEOPOS Sicily
                GEOPOS nokey a b
                GEOHASH Sicily Palermo Catania nobody edge1 Rome
                GEOHASH Sicily
                GEOHASH nokey a
                ZADD Sicily 0 zero 4503599627370495 max -5 negative 1.5 fraction
                GEOPOS Sicily zero max negative fraction
                GEOHASH Sicily zero max negative fraction
                GEODIST Sicily zero max
                SET s v
                GEODIST s a b
                GEOPOS s a
                GEOHASH s a
                GEODIST Sicily a
                """);
    }

    @Test
    void resp3Replies() {
        check("HELLO 3\n" + SICILY + """
                GEOPOS Sicily Palermo nobody
                GEODIST Sicily Palermo Catania
                GEODIST Sicily Palermo nobody
                GEOHASH Sicily Palermo nobody
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC WITHCOORD WITHDIST WITHHASH
                GEORADIUS Sicily 15 37 200 km WITHCOORD
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km
                GEOSEARCH nokey FROMLONLAT 15 37 BYRADIUS 1 km
                HELLO 2
                """);
    }

    @Test
    void searches() {
        check(SICILY + """
                GEORADIUS Sicily 15 37 200 km
                GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH
                GEORADIUS Sicily 15 37 200 km ASC
                GEORADIUS Sicily 15 37 200 km DESC WITHDIST
                GEORADIUS Sicily 15 37 2000 km COUNT 2
                GEORADIUS Sicily 15 37 2000 km COUNT 2 DESC
                GEORADIUS Sicily 15 37 2000 km COUNT 2 ANY
                GEORADIUS Sicily 15 37 2000 km COUNT 200 ANY ASC
                GEORADIUS Sicily 15 37 2000 mi WITHDIST
                GEORADIUS Sicily 15 37 200000 ft WITHDIST
                GEORADIUS Sicily 15 37 0 km
                GEORADIUS_RO Sicily 15 37 200 km WITHDIST
                GEORADIUSBYMEMBER Sicily Palermo 200 km WITHDIST
                GEORADIUSBYMEMBER Sicily Palermo 0 km WITHDIST
                GEORADIUSBYMEMBER_RO Sicily Catania 300 km WITHCOORD DESC
                GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 300 km WITHDIST
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ASC WITHCOORD WITHDIST
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 100 km WITHDIST
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 1 km
                GEOSEARCH Sicily FROMMEMBER Rome BYBOX 600 600 mi DESC COUNT 3 WITHHASH
                GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 20000 km WITHDIST
                GEOSEARCH Sicily FROMLONLAT 179 85 BYRADIUS 20000 km ASC
                GEOSEARCH Sicily FROMLONLAT -179 -85 BYBOX 40000 40000 km DESC WITHDIST
                GEOSEARCH Sicily frommember Palermo byradius 100 KM withdist asc count 1
                GEOSEARCH nokey FROMLONLAT 15 37 BYRADIUS 1 km
                GEOSEARCH nokey FROMMEMBER x BYRADIUS 1 km
                GEORADIUS nokey 15 37 200 km
                GEORADIUSBYMEMBER nokey m -1 km
                GEORADIUSBYMEMBER nokey m 1 foo
                """);
    }

    @Test
    void searchErrors() {
        check(SICILY + """
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ANY
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km COUNT 0
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km COUNT -1
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km COUNT x
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS -1 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS x km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 parsec
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX x 1 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 x km
                GEOSEARCH Sicily FROMLONLAT 200 37 BYBOX 1 1 km
                GEOSEARCH Sicily FROMLONLAT x 37 BYBOX 1 1 km
                GEOSEARCH Sicily FROMMEMBER nobody BYBOX 1 1 km
                GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 1 1 BYBOX 1 1 km
                GEOSEARCH Sicily FROMLONLAT 1 1 FROMMEMBER Palermo BYBOX 1 1 km
                GEOSEARCH Sicily FROMLONLAT 1 1 BYBOX 1 1 km BYRADIUS 1 km
                GEOSEARCH Sicily FROMLONLAT 1 1 BYRADIUS 1 km BYBOX 1 1 km
                GEOSEARCH Sicily BYRADIUS 1 km WITHDIST
                geosearch Sicily BYRADIUS 1 km WITHDIST
                GEOSEARCH Sicily FROMLONLAT 1 1 WITHDIST ASC
                GeoSearch Sicily FROMLONLAT 1 1 WITHDIST ASC
                GEOSEARCH Sicily FROMLONLAT 1 1 BYRADIUS 1 km STORE x
                GEOSEARCH Sicily FROMLONLAT 1 1 BYRADIUS 1 km STOREDIST
                GEOSEARCH Sicily FROMLONLAT 1 1 BYRADIUS 1 km foo
                GEOSEARCH Sicily FROMLONLAT 1 1 BYRADIUS 1
                GEOSEARCH Sicily FROMLONLAT 1 BYRADIUS 1 km
                GEORADIUS Sicily 15 37 200 km STORE
                GEORADIUS Sicily 15 37 200 km STORE x WITHDIST
                GEORADIUS Sicily 15 37 200 km FROMLONLAT 1 1
                GEORADIUS Sicily 200 37 200 km
                GEORADIUS Sicily 15 37 -1 km
                GEORADIUS Sicily 15 37 1 kmx
                GEORADIUS_RO Sicily 15 37 200 km STORE x
                GEORADIUS_RO Sicily 15 37 200 km STOREDIST x
                GEORADIUSBYMEMBER Sicily nobody 100 km
                GEORADIUSBYMEMBER Sicily Palermo x km
                GEORADIUSBYMEMBER_RO Sicily Palermo 100 km STORE x
                SET s v
                GEOSEARCH s FROMLONLAT 1 1 BYRADIUS 1 km
                GEOSEARCH s FROMLONLAT 1 1
                GEORADIUS s 200 37 200 km
                GEOSEARCHSTORE d s FROMLONLAT 1 1 BYRADIUS 1 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km ANY COUNT 1
                GEOSEARCH
                """);
    }

    @Test
    void stores() {
        check(SICILY + """
                GEOSEARCHSTORE dest Sicily FROMLONLAT 15 37 BYRADIUS 200 km
                ZRANGE dest 0 -1 WITHSCORES
                OBJECT ENCODING dest
                GEOSEARCHSTORE dest Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST
                ZRANGE dest 0 -1 WITHSCORES
                GEOSEARCHSTORE dest Sicily FROMLONLAT 15 37 BYRADIUS 2000 mi STOREDIST COUNT 2 DESC
                ZRANGE dest 0 -1 WITHSCORES
                GEOSEARCHSTORE dest Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST
                GEOSEARCHSTORE dest Sicily FROMLONLAT 0 0 BYRADIUS 1 km
                EXISTS dest
                GEOSEARCHSTORE dest Sicily FROMLONLAT 15 37 BYRADIUS 200 km
                GEOSEARCHSTORE dest nokey FROMLONLAT 15 37 BYRADIUS 200 km
                EXISTS dest
                GEORADIUS Sicily 15 37 200 km STORE d2
                ZRANGE d2 0 -1 WITHSCORES
                GEORADIUS Sicily 15 37 200 km STOREDIST d3
                ZRANGE d3 0 -1 WITHSCORES
                GEORADIUSBYMEMBER Sicily Palermo 500 km STOREDIST d4 COUNT 3
                ZRANGE d4 0 -1 WITHSCORES
                GEORADIUS Sicily 15 37 200 km STORE d2 STOREDIST d5
                EXISTS d2 d5
                ZRANGE d5 0 -1 WITHSCORES
                GEORADIUS nokey 15 37 200 km STORE d5
                EXISTS d5
                SET t v EX 100
                GEOSEARCHSTORE t Sicily FROMLONLAT 15 37 BYRADIUS 200 km
                TTL t
                TYPE t
                """);
    }

    @Test
    void scriptsAndKeyExtraction() {
        check(SICILY + """
                EVAL "return redis.call('GEOPOS', KEYS[1], 'Palermo', 'nobody')" 1 Sicily
                EVAL "return redis.call('GEORADIUS', KEYS[1], 15, 37, 200, 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH')" 1 Sicily
                EVAL "return redis.call('GEODIST', KEYS[1], 'Palermo', 'Catania')" 1 Sicily
                EVAL "redis.setresp(3); return redis.call('GEOPOS', KEYS[1], 'Palermo', 'nobody')" 1 Sicily
                EVAL "redis.setresp(3); return redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km', 'WITHCOORD')" 1 Sicily
                HELLO 3
                EVAL "redis.setresp(3); return redis.call('GEOPOS', KEYS[1], 'Palermo', 'nobody')" 1 Sicily
                HELLO 2
                COMMAND GETKEYS GEORADIUS Sicily 15 37 200 km STORE d
                COMMAND GETKEYS GEORADIUS Sicily 15 37 200 km STOREDIST d ASC
                COMMAND GETKEYS GEORADIUSBYMEMBER Sicily Palermo 200 km STORE d
                COMMAND GETKEYS GEOSEARCHSTORE d Sicily FROMLONLAT 1 1 BYRADIUS 1 km
                COMMAND GETKEYS GEORADIUS_RO Sicily 15 37 200 km
                """);
    }

    @Test
    void dumpAndRestoreOfAGeoSet() {
        check(SICILY);
        byte[] dump = expected.call("DUMP", "Sicily").bulk();
        same(new byte[][] {"RESTORE".getBytes(), "r".getBytes(), "0".getBytes(), dump});
        same("DUMP", "r");
        same("GEOPOS", "r", "Palermo", "Rome");
        same("GEORADIUS", "r", "15", "37", "200", "km", "WITHDIST");
    }

    @Test
    void randomPointsAndSearches() {
        long seed = seed();
        Random setup = new Random(seed);
        for (int i = 0; i < 400; i++) {
            same(
                    "GEOADD",
                    "g",
                    coordinate(setup, 180),
                    coordinate(setup, 85),
                    "m" + i,
                    coordinate(setup, 20),
                    coordinate(setup, 20),
                    "near" + i);
        }
        runRandom(seed, 1500, r -> {
            String lon = coordinate(r, r.nextBoolean() ? 180 : 20);
            String lat = coordinate(r, r.nextBoolean() ? 85 : 20);
            String radius = Integer.toString(1 + r.nextInt(r.nextBoolean() ? 300 : 3000));
            String unit = new String[] {"m", "km", "mi", "ft"}[r.nextInt(4)];
            String unitKm = r.nextBoolean() ? "km" : "mi";
            String member = (r.nextBoolean() ? "m" : "near") + r.nextInt(400);
            String order = new String[] {"ASC", "DESC", "WITHHASH"}[r.nextInt(3)];
            return switch (r.nextInt(9)) {
                case 0 -> new String[] {"GEORADIUS", "g", lon, lat, radius, unitKm, "WITHDIST", "WITHCOORD"};
                case 1 -> new String[] {"GEORADIUS", "g", lon, lat, radius, unitKm, order, "WITHDIST"};
                case 2 -> new String[] {"GEOSEARCH", "g", "FROMLONLAT", lon, lat, "BYBOX", radius, radius, unitKm};
                case 3 ->
                    new String[] {
                        "GEOSEARCH", "g", "FROMMEMBER", member, "BYRADIUS", radius, unitKm, "WITHDIST", "COUNT", "5"
                    };
                case 4 ->
                    new String[] {"GEODIST", "g", member, (r.nextBoolean() ? "m" : "near") + r.nextInt(400), unit};
                case 5 -> new String[] {"GEOPOS", "g", member};
                case 6 -> new String[] {"GEOHASH", "g", member};
                case 7 ->
                    new String[] {"GEOSEARCH", "g", "FROMLONLAT", lon, lat, "BYRADIUS", radius, unit, order, "WITHCOORD"
                    };
                default -> new String[] {"GEOADD", "g", lon, lat, member};
            };
        });
    }

    /** Points and searches near the poles, the antimeridian and the equator, with every option mixed in. */
    @Test
    void randomSearchesAtTheEdges() {
        long seed = seed();
        Random setup = new Random(seed);
        for (int i = 0; i < 300; i++) {
            double lon = setup.nextBoolean() ? 180 - setup.nextDouble() * 3 : -180 + setup.nextDouble() * 3;
            double lat = setup.nextBoolean() ? 85 - setup.nextDouble() * 10 : setup.nextDouble() * 2 - 1;
            same("GEOADD", "e", fixed(lon), fixed(lat), "p" + i);
        }
        runRandom(seed, 1000, r -> {
            String lon = fixed(r.nextBoolean() ? 180 - r.nextDouble() * 4 : -180 + r.nextDouble() * 4);
            String lat = fixed(r.nextBoolean() ? 85.05 - r.nextDouble() * 12 : r.nextDouble() * 4 - 2);
            String size = Integer.toString(1 + r.nextInt(r.nextBoolean() ? 100 : 5000));
            String unit = new String[] {"m", "km", "mi", "ft"}[r.nextInt(4)];
            String member = "p" + r.nextInt(300);
            return switch (r.nextInt(6)) {
                case 0 ->
                    new String[] {"GEOSEARCH", "e", "FROMLONLAT", lon, lat, "BYBOX", size, size, "km", "WITHDIST"};
                case 1 -> new String[] {"GEOSEARCH", "e", "FROMMEMBER", member, "BYBOX", size, "50", "mi", "DESC"};
                case 2 ->
                    new String[] {"GEOSEARCH", "e", "FROMLONLAT", lon, lat, "BYRADIUS", size, "km", "COUNT", "3", "ANY"
                    };
                case 3 -> new String[] {"GEORADIUSBYMEMBER", "e", member, size, "km", "WITHCOORD", "WITHHASH"};
                case 4 -> new String[] {"GEORADIUS", "e", lon, lat, size, unit, "WITHDIST"};
                default -> new String[] {"GEODIST", "e", member, "p" + r.nextInt(300), unit};
            };
        });
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static String coordinate(Random r, double range) {
        return String.format(Locale.ROOT, "%.6f", (r.nextDouble() * 2 - 1) * range);
    }
}
