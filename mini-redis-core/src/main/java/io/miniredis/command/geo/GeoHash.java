package io.miniredis.command.geo;

/**
 * Geohashes as Redis keeps them: latitude and longitude each scaled to {@code step} bits (26 for a stored point)
 * over their range and interleaved, latitude in the even bits and longitude in the odd ones. Stored points use the
 * Web Mercator latitude range (±85.05112878), which is why GEOHASH re-encodes over ±90 for the standard string.
 * Every formula here is done in the same double arithmetic, in the same order, as Redis's, since the scores, the
 * decoded coordinates and the boxes searched must be the same to the last bit.
 */
final class GeoHash {

    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;
    static final int STEP_MAX = 26;
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;

    /** A geohash of {@code step} bits per coordinate; a zero hash (bits and step 0) stands for "no box". */
    record Bits(long bits, int step) {
        boolean isZero() {
            return bits == 0 && step == 0;
        }
    }

    /** The box a hash covers. */
    record Area(double longMin, double longMax, double latMin, double latMax) {}

    private GeoHash() {}

    static double degToRad(double degrees) {
        return degrees * D_R;
    }

    static double radToDeg(double radians) {
        return radians / D_R;
    }

    /** Whether a point can be stored (Redis's limits for GEOADD and the search centres). */
    static boolean validCoordinates(double longitude, double latitude) {
        return !(longitude < LONG_MIN || longitude > LONG_MAX || latitude < LAT_MIN || latitude > LAT_MAX);
    }

    /** Encodes over the given ranges; null when the point is outside them or outside the storable limits. */
    static Bits encode(
            double longMin, double longMax, double latMin, double latMax, double longitude, double latitude, int step) {
        if (step > 32 || step == 0) {
            return null;
        }
        if (!validCoordinates(longitude, latitude)) {
            return null;
        }
        if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) {
            return null;
        }
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - longMin) / (longMax - longMin);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        return new Bits(interleave(toUint32(latOffset), toUint32(longOffset)), step);
    }

    /** Encodes a point over the storable ranges. */
    static Bits encodeWgs84(double longitude, double latitude, int step) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
    }

    /** A double's conversion to a 32-bit unsigned integer, truncating (the offsets here are never negative). */
    private static long toUint32(double value) {
        return ((long) value) & 0xFFFFFFFFL;
    }

    /** Spreads the 32 bits of {@code value} to the even bit positions. */
    private static long spread(long value) {
        long x = value & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        return x;
    }

    /** The even bits of {@code value} packed into 32 bits. */
    private static long squash(long value) {
        long x = value & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        return x;
    }

    private static long interleave(long latitudeBits, long longitudeBits) {
        return spread(latitudeBits) | (spread(longitudeBits) << 1);
    }

    /** The box of {@code hash} over the storable ranges. */
    static Area decode(Bits hash) {
        return decode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, hash);
    }

    static Area decode(double longMin, double longMax, double latMin, double latMax, Bits hash) {
        int step = hash.step();
        long latCell = squash(hash.bits());
        long longCell = squash(hash.bits() >>> 1);
        double latScale = latMax - latMin;
        double longScale = longMax - longMin;
        double cells = (double) (1L << step);
        long nextLat = (latCell + 1) & 0xFFFFFFFFL; // 32-bit arithmetic, as the cell numbers are
        long nextLong = (longCell + 1) & 0xFFFFFFFFL;
        return new Area(
                longMin + (longCell * 1.0 / cells) * longScale,
                longMin + (nextLong * 1.0 / cells) * longScale,
                latMin + (latCell * 1.0 / cells) * latScale,
                latMin + (nextLat * 1.0 / cells) * latScale);
    }

    /** The point a stored score stands for: the centre of its 52-bit box, within the storable limits. */
    static double[] decodeScore(double score) {
        Area area = decode(new Bits(scoreBits(score), STEP_MAX));
        double longitude = (area.longMin() + area.longMax()) / 2;
        longitude = Math.min(Math.max(longitude, LONG_MIN), LONG_MAX);
        double latitude = (area.latMin() + area.latMax()) / 2;
        latitude = Math.min(Math.max(latitude, LAT_MIN), LAT_MAX);
        return new double[] {longitude, latitude};
    }

    /** A score's conversion to the unsigned 64-bit hash, as x86-64 converts a double to an unsigned integer. */
    private static long scoreBits(double score) {
        if (score < 9.223372036854775808E18) {
            return (long) score;
        }
        return ((long) (score - 9.223372036854775808E18)) ^ Long.MIN_VALUE;
    }

    /** The score of a 26-step hash: the hash itself, 52 bits. */
    static long align52(Bits hash) {
        return hash.bits() << (52 - hash.step() * 2);
    }

    /** Great-circle distance in meters (haversine), with Redis's shortcut when the longitudes are the same. */
    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = degToRad(lon1);
        double lon2r = degToRad(lon2);
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latitudeDistance(lat1, lat2);
        }
        double lat1r = degToRad(lat1);
        double lat2r = degToRad(lat2);
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return distanceOfInnerTerm(a);
    }

    /** The great-circle distance in meters whose haversine inner term is {@code a}. */
    static double distanceOfInnerTerm(double a) {
        return 2.0 * EARTH_RADIUS_IN_METERS * asin(Math.sqrt(a));
    }

    // fdlibm's coefficients for asin on [0, 0.5) (e_asin.c; "Permission to use, copy, modify, and distribute this
    // software is freely granted, provided that this notice is preserved." Copyright (C) 1993 by Sun Microsystems).
    private static final double PS0 = Double.longBitsToDouble(0x3FC5555555555555L);
    private static final double PS1 = Double.longBitsToDouble(0xBFD4D61203EB6F7DL);
    private static final double PS2 = Double.longBitsToDouble(0x3FC9C1550E884455L);
    private static final double PS3 = Double.longBitsToDouble(0xBFA48228B5688F3BL);
    private static final double PS4 = Double.longBitsToDouble(0x3F49EFE07501B288L);
    private static final double PS5 = Double.longBitsToDouble(0x3F023DE10DFDF709L);
    private static final double QS1 = Double.longBitsToDouble(0xC0033A271C8A2D4BL);
    private static final double QS2 = Double.longBitsToDouble(0x40002AE59C598AC8L);
    private static final double QS3 = Double.longBitsToDouble(0xBFE6066C1B8D0159L);
    private static final double QS4 = Double.longBitsToDouble(0x3FB3B8C5B12E9282L);

    /**
     * {@code StrictMath.asin}, bit for bit, computed in Java for the arguments a search meets (below 0.5: distances
     * up to a sixth of the globe). On Java 17 {@code StrictMath.asin} is a native call, and a search makes one per
     * point inside its shape: a third of GEOSEARCH's time went to the call. fdlibm's own rational approximation
     * for that range is all it takes; other arguments still go to StrictMath. GeoHashTest holds the two equal.
     */
    static double asin(double x) {
        double magnitude = Math.abs(x);
        if (!(magnitude < 0.5)) {
            return StrictMath.asin(x);
        }
        if (magnitude < 0x1p-27) {
            return x; // asin x = x to the last bit
        }
        double t = x * x;
        double p = t * (PS0 + t * (PS1 + t * (PS2 + t * (PS3 + t * (PS4 + t * PS5)))));
        double q = 1.0 + t * (QS1 + t * (QS2 + t * (QS3 + t * QS4)));
        return x + x * (p / q);
    }

    static double latitudeDistance(double lat1, double lat2) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degToRad(lat2) - degToRad(lat1));
    }

    /** The precision for a search of {@code rangeMeters} around {@code latitude}: coarser towards the poles. */
    static int estimateSteps(double rangeMeters, double latitude) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (latitude > 66 || latitude < -66) {
            step--;
            if (latitude > 80 || latitude < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(26, step));
    }

    /** The hash moved by {@code dx} cells in longitude and {@code dy} in latitude (-1, 0 or 1), wrapping around. */
    static Bits move(Bits hash, int dx, int dy) {
        long bits = hash.bits();
        int width = 64 - hash.step() * 2;
        if (dx != 0) {
            long x = bits & 0xAAAAAAAAAAAAAAAAL;
            long y = bits & 0x5555555555555555L;
            long filler = 0x5555555555555555L >>> width;
            x = dx > 0 ? x + (filler + 1) : (x | filler) - (filler + 1);
            x &= 0xAAAAAAAAAAAAAAAAL >>> width;
            bits = x | y;
        }
        if (dy != 0) {
            long x = bits & 0xAAAAAAAAAAAAAAAAL;
            long y = bits & 0x5555555555555555L;
            long filler = 0xAAAAAAAAAAAAAAAAL >>> width;
            y = dy > 0 ? y + (filler + 1) : (y | filler) - (filler + 1);
            y &= 0x5555555555555555L >>> width;
            bits = x | y;
        }
        return new Bits(bits, hash.step());
    }
}
