package io.miniredis.command.geo;

/**
 * What a search covers: a circle of {@code radius}, or a box of {@code width} by {@code height}, in the unit
 * {@code toMeters} converts from, around {@code longitude, latitude}.
 *
 * <p>Most points of the nine boxes searched lie outside the shape, and the exact distance costs an arc sine (not
 * an intrinsic in Java: a third of a search's time went there). So a point is first tested with the haversine's
 * inner term alone, against a bound with a margin far above its rounding error: only a point surely outside is
 * dropped there, and every other point gets Redis's exact test, so the results are the same to the bit. For a
 * circle the inner term is computed with the very operations {@link GeoHash#distance} uses, so the exact distance
 * reuses it rather than paying its sines and cosines twice (they were half of a search's time).
 */
final class GeoShape {

    /** A relative margin a million times the rounding error of the haversine's inner term. */
    private static final double MARGIN = 1e-9;

    private final double longitude;
    private final double latitude;
    private final boolean box;
    private final double radius;
    private final double width;
    private final double height;
    private final double toMeters;
    private final double longitudeRadians;
    private final double latitudeRadians;
    private final double cosLatitude;
    /** The inner term beyond which a point is surely farther than the radius (circle) or half the width (box). */
    private final double innerBound;
    /**
     * The latitude difference (radians) beyond which a point is surely outside the circle: the inner term is at
     * least {@code sin²(Δlat/2)}, so no sine is needed for points above or below the circle's band.
     */
    private final double latitudeBound;

    GeoShape(
            double longitude,
            double latitude,
            boolean box,
            double radius,
            double width,
            double height,
            double toMeters) {
        this.longitude = longitude;
        this.latitude = latitude;
        this.box = box;
        this.radius = radius;
        this.width = width;
        this.height = height;
        this.toMeters = toMeters;
        this.longitudeRadians = GeoHash.degToRad(longitude);
        this.latitudeRadians = GeoHash.degToRad(latitude);
        this.cosLatitude = Math.cos(latitudeRadians);
        this.innerBound = innerTermOf(box ? width * toMeters / 2 : radius * toMeters);
        this.latitudeBound = innerBound < 1 ? 2 * Math.asin(Math.sqrt(innerBound)) * (1 + MARGIN) : Double.MAX_VALUE;
    }

    double longitude() {
        return longitude;
    }

    double latitude() {
        return latitude;
    }

    double toMeters() {
        return toMeters;
    }

    /**
     * The distance in meters from the centre to a point when the point is inside, else -1: for a box, the latitude
     * is checked first (cheaper), then the longitude along the point's parallel, as Redis checks them.
     */
    double distanceIfInside(double pointLongitude, double pointLatitude) {
        if (!box) {
            return distanceIfInsideCircle(pointLongitude, pointLatitude);
        }
        double widthMeters = width * toMeters;
        double heightMeters = height * toMeters;
        if (GeoHash.latitudeDistance(pointLatitude, latitude) > heightMeters / 2) {
            return -1;
        }
        if (surelyBeyondHalfWidth(pointLongitude, pointLatitude)) {
            return -1;
        }
        if (GeoHash.distance(pointLongitude, pointLatitude, longitude, pointLatitude) > widthMeters / 2) {
            return -1;
        }
        return GeoHash.distance(longitude, latitude, pointLongitude, pointLatitude);
    }

    /**
     * The haversine's inner term {@code sin²(Δlat/2) + cos lat1 cos lat2 sin²(Δlong/2)}, which grows with the
     * distance, for the point against the centre: beyond the bound of the radius the point is surely outside;
     * otherwise it is {@code GeoHash.distance(centre, point)}'s own term (same operations, same order), so the
     * distance follows from it, bit for bit.
     */
    private double distanceIfInsideCircle(double pointLongitude, double pointLatitude) {
        double pointLatitudeRadians = GeoHash.degToRad(pointLatitude);
        if (Math.abs(pointLatitudeRadians - latitudeRadians) > latitudeBound) {
            return -1;
        }
        double v = Math.sin((GeoHash.degToRad(pointLongitude) - longitudeRadians) / 2);
        double u = Math.sin((pointLatitudeRadians - latitudeRadians) / 2);
        double a = u * u + cosLatitude * Math.cos(pointLatitudeRadians) * v * v;
        if (a > innerBound) {
            return -1;
        }
        double distance = v == 0.0 ? GeoHash.latitudeDistance(latitude, pointLatitude) : GeoHash.distanceOfInnerTerm(a);
        return distance > radius * toMeters ? -1 : distance;
    }

    /** The same along the point's parallel (no latitude term), against half the box's width. */
    private boolean surelyBeyondHalfWidth(double pointLongitude, double pointLatitude) {
        double cos = Math.cos(GeoHash.degToRad(pointLatitude));
        double v = Math.sin((GeoHash.degToRad(pointLongitude) - longitudeRadians) / 2);
        return cos * cos * v * v > innerBound;
    }

    /** The inner term of a distance, with the margin; infinite (no point dropped) from half the globe on. */
    private static double innerTermOf(double meters) {
        double halfAngle = meters / GeoHash.EARTH_RADIUS_IN_METERS / 2;
        if (!(halfAngle < Math.PI / 2)) {
            return Double.POSITIVE_INFINITY;
        }
        double s = Math.sin(halfAngle);
        return s * s * (1 + MARGIN) + Double.MIN_NORMAL;
    }

    /** The bounding box, {min longitude, min latitude, max longitude, max latitude}. */
    double[] bounds() {
        double h = toMeters * (box ? height / 2 : radius);
        double w = toMeters * (box ? width / 2 : radius);
        double latDelta = GeoHash.radToDeg(h / GeoHash.EARTH_RADIUS_IN_METERS);
        double longDeltaTop =
                GeoHash.radToDeg(w / GeoHash.EARTH_RADIUS_IN_METERS / Math.cos(GeoHash.degToRad(latitude + latDelta)));
        double longDeltaBottom =
                GeoHash.radToDeg(w / GeoHash.EARTH_RADIUS_IN_METERS / Math.cos(GeoHash.degToRad(latitude - latDelta)));
        // The parallels shrink towards the pole: the wider edge is on the equator's side.
        boolean southern = latitude < 0;
        double longDelta = southern ? longDeltaBottom : longDeltaTop;
        return new double[] {longitude - longDelta, latitude - latDelta, longitude + longDelta, latitude + latDelta};
    }

    /** The radius that covers the shape, in meters: the circle's, or the box's half diagonal. */
    double coveringRadiusMeters() {
        double r = box ? Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2)) : radius;
        return r * toMeters;
    }
}
