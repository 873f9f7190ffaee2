package io.miniredis.command.geo;

/**
 * What a search covers: a circle of {@code radius}, or a box of {@code width} by {@code height}, in the unit
 * {@code toMeters} converts from, around {@code longitude, latitude}.
 */
record GeoShape(
        double longitude, double latitude, boolean box, double radius, double width, double height, double toMeters) {

    /**
     * The distance in meters from the centre to a point when the point is inside, else -1: for a box, the latitude
     * is checked first (cheaper), then the longitude along the point's parallel, as Redis checks them.
     */
    double distanceIfInside(double pointLongitude, double pointLatitude) {
        if (!box) {
            double distance = GeoHash.distance(longitude, latitude, pointLongitude, pointLatitude);
            return distance > radius * toMeters ? -1 : distance;
        }
        double widthMeters = width * toMeters;
        double heightMeters = height * toMeters;
        if (GeoHash.latitudeDistance(pointLatitude, latitude) > heightMeters / 2) {
            return -1;
        }
        if (GeoHash.distance(pointLongitude, pointLatitude, longitude, pointLatitude) > widthMeters / 2) {
            return -1;
        }
        return GeoHash.distance(longitude, latitude, pointLongitude, pointLatitude);
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
