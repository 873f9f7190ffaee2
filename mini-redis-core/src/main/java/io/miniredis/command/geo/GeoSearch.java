package io.miniredis.command.geo;

import io.miniredis.store.RedisSortedSet;
import io.miniredis.store.ScoreRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the members of a sorted set inside a shape as Redis does: the geohash box around the centre at a precision
 * chosen from the search's size, and its eight neighbours (some dropped when the area does not reach them), each a
 * range of scores read in order; a point is kept when its decoded position is inside the shape. The order in which
 * boxes and members are visited is the order of an unsorted result.
 */
final class GeoSearch {

    /** A member found, with its decoded position, its distance from the centre in meters and its score. */
    record Point(byte[] member, double score, double longitude, double latitude, double distance) {}

    private GeoSearch() {}

    /** The nine boxes in Redis's order: centre, N, S, E, W, NE, NW, SE, SW; zero hashes for those left out. */
    static GeoHash.Bits[] boxes(GeoShape shape) {
        double[] bounds = shape.bounds();
        double minLon = bounds[0];
        double minLat = bounds[1];
        double maxLon = bounds[2];
        double maxLat = bounds[3];
        int steps = GeoHash.estimateSteps(shape.coveringRadiusMeters(), shape.latitude());
        GeoHash.Bits hash = GeoHash.encodeWgs84(shape.longitude(), shape.latitude(), steps);
        GeoHash.Bits[] neighbours = neighbours(hash);
        // Near the edge of the centre box a neighbour may not reach the search's edge: one step coarser then.
        boolean coarser = GeoHash.decode(neighbours[1]).latMax() < maxLat
                || GeoHash.decode(neighbours[2]).latMin() > minLat
                || GeoHash.decode(neighbours[3]).longMax() < maxLon
                || GeoHash.decode(neighbours[4]).longMin() > minLon;
        if (steps > 1 && coarser) {
            steps--;
            hash = GeoHash.encodeWgs84(shape.longitude(), shape.latitude(), steps);
            neighbours = neighbours(hash);
        }
        GeoHash.Area area = GeoHash.decode(hash);
        GeoHash.Bits zero = new GeoHash.Bits(0, 0);
        if (steps >= 2) {
            if (area.latMin() < minLat) {
                neighbours[2] = neighbours[8] = neighbours[7] = zero;
            }
            if (area.latMax() > maxLat) {
                neighbours[1] = neighbours[5] = neighbours[6] = zero;
            }
            if (area.longMin() < minLon) {
                neighbours[4] = neighbours[8] = neighbours[6] = zero;
            }
            if (area.longMax() > maxLon) {
                neighbours[3] = neighbours[7] = neighbours[5] = zero;
            }
        }
        neighbours[0] = hash;
        return neighbours;
    }

    private static GeoHash.Bits[] neighbours(GeoHash.Bits hash) {
        return new GeoHash.Bits[] {
            hash,
            GeoHash.move(hash, 0, 1), // north
            GeoHash.move(hash, 0, -1), // south
            GeoHash.move(hash, 1, 0), // east
            GeoHash.move(hash, -1, 0), // west
            GeoHash.move(hash, 1, 1), // north east
            GeoHash.move(hash, -1, 1), // north west
            GeoHash.move(hash, 1, -1), // south east
            GeoHash.move(hash, -1, -1) // south west
        };
    }

    /**
     * The members inside {@code shape}, in the order found; with {@code limit > 0} (ANY) it stops once it has that
     * many. A box equal to the last one searched (large areas wrap around) is skipped, as in Redis.
     */
    static List<Point> run(RedisSortedSet zset, GeoShape shape, long limit) {
        GeoHash.Bits[] boxes = boxes(shape);
        // sized for a typical search up front: growing it by halves was a tenth of a search's time
        List<Point> found = new ArrayList<>((int) Math.min(zset.size(), 256));
        int lastSearched = 0;
        for (int i = 0; i < boxes.length; i++) {
            GeoHash.Bits box = boxes[i];
            if (box.isZero()) {
                continue;
            }
            if (lastSearched != 0 && box.equals(boxes[lastSearched])) {
                continue;
            }
            if (!found.isEmpty() && limit > 0 && found.size() >= limit) {
                break;
            }
            collect(zset, box, shape, found, limit);
            lastSearched = i;
        }
        return found;
    }

    private static void collect(RedisSortedSet zset, GeoHash.Bits box, GeoShape shape, List<Point> found, long limit) {
        double min = GeoHash.align52(box);
        double max = GeoHash.align52(new GeoHash.Bits(box.bits() + 1, box.step()));
        ScoreRange range = new ScoreRange(min, false, max, true);
        for (RedisSortedSet.Node node = zset.firstIn(range);
                node != null && range.contains(node.score());
                node = node.next()) {
            double[] xy = GeoHash.decodeScore(node.score());
            double distance = shape.distanceIfInside(xy[0], xy[1]);
            if (distance < 0) {
                continue;
            }
            found.add(new Point(node.member(), node.score(), xy[0], xy[1], distance));
            if (limit > 0 && found.size() >= limit) {
                break;
            }
        }
    }
}
