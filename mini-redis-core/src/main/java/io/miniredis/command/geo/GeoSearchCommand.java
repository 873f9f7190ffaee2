package io.miniredis.command.geo;

import io.miniredis.command.Args;
import io.miniredis.command.CommandCall;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.ListpackLimits;
import io.miniredis.store.RedisSortedSet;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and the _RO forms: one parse and one search, as in Redis,
 * which checks in this order: the source key's type, the centre and radius of the older forms, the options left to
 * right (each value checked as it is read), their combinations, and only then whether the source exists.
 */
final class GeoSearchCommand {

    enum Kind {
        RADIUS,
        RADIUS_RO,
        BYMEMBER,
        BYMEMBER_RO,
        SEARCH,
        SEARCHSTORE;

        boolean byCoordinates() {
            return this == RADIUS || this == RADIUS_RO;
        }

        boolean byMember() {
            return this == BYMEMBER || this == BYMEMBER_RO;
        }

        boolean search() {
            return this == SEARCH || this == SEARCHSTORE;
        }

        /** The older forms that may STORE. */
        boolean mayStore() {
            return this == RADIUS || this == BYMEMBER;
        }
    }

    private static final RedisError NO_MEMBER = new RedisError("ERR could not decode requested zset member");

    private final Kind kind;
    private final Function<CommandCall, ListpackLimits> storeLimits;

    GeoSearchCommand(Kind kind, Function<CommandCall, ListpackLimits> storeLimits) {
        this.kind = kind;
        this.storeLimits = storeLimits;
    }

    /** The centre, the shape's size and unit, read as they come. */
    private static final class Shape {
        double longitude;
        double latitude;
        boolean box;
        double radius;
        double width;
        double height;
        double toMeters;

        GeoShape build() {
            return new GeoShape(longitude, latitude, box, radius, width, height, toMeters);
        }

        void center(double[] xy) {
            longitude = xy[0];
            latitude = xy[1];
        }

        /** BYRADIUS's and the older forms' radius and unit. */
        void radius(Args args) {
            double r = args.nextDouble(new RedisError("ERR need numeric radius"));
            if (r < 0) {
                throw new RedisError("ERR radius cannot be negative");
            }
            radius = r;
            box = false;
            toMeters = GeoCommands.unit(args.next());
        }

        void box(Args args) {
            double w = args.nextDouble(new RedisError("ERR need numeric width"));
            double h = args.nextDouble(new RedisError("ERR need numeric height"));
            if (h < 0 || w < 0) {
                throw new RedisError("ERR height or width cannot be negative");
            }
            width = w;
            height = h;
            box = true;
            toMeters = GeoCommands.unit(args.next());
        }
    }

    /** Decodes a member's position into {@code shape}'s centre; Redis's error when the member is missing. */
    private static void centerOnMember(Shape shape, RedisSortedSet zset, byte[] member) {
        RedisSortedSet.Node node = zset.find(member);
        if (node == null) {
            throw NO_MEMBER;
        }
        shape.center(GeoHash.decodeScore(node.score()));
    }

    void run(CommandCall c) {
        Args args = c.args();
        byte[] storeKey = null;
        boolean storeDistances = false;
        if (kind == Kind.SEARCHSTORE) {
            storeKey = args.next();
        }
        RedisSortedSet zset = GeoCommands.zset(c.db().lookupRead(args.next()));
        Shape shape = new Shape();
        if (kind.byCoordinates()) {
            shape.center(GeoCommands.coordinates(args));
            shape.radius(args);
        } else if (kind.byMember()) {
            byte[] member = args.next();
            if (zset != null) {
                centerOnMember(shape, zset, member);
                shape.radius(args);
            } else {
                args.next(2); // no source: the radius is not even read, the reply will be empty
            }
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoord = false;
        boolean fromMember = false;
        boolean fromLonLat = false;
        boolean byRadius = false;
        boolean byBox = false;
        boolean any = false;
        int sort = 0; // 0 none, 1 ascending, -1 descending
        long count = 0;
        while (args.hasNext()) {
            if (args.option("WITHDIST")) {
                withDist = true;
            } else if (args.option("WITHHASH")) {
                withHash = true;
            } else if (args.option("WITHCOORD")) {
                withCoord = true;
            } else if (args.option("ANY")) {
                any = true;
            } else if (args.option("ASC")) {
                sort = 1;
            } else if (args.option("DESC")) {
                sort = -1;
            } else if (args.option("COUNT", 1)) {
                count = args.nextLong();
                if (count <= 0) {
                    throw new RedisError("ERR COUNT must be > 0");
                }
            } else if (kind.mayStore() && args.option("STORE", 1)) {
                storeKey = args.next();
                storeDistances = false;
            } else if (kind.mayStore() && args.option("STOREDIST", 1)) {
                storeKey = args.next();
                storeDistances = true;
            } else if (kind == Kind.SEARCHSTORE && args.option("STOREDIST")) {
                storeDistances = true;
            } else if (kind.search() && !fromLonLat && args.option("FROMMEMBER", 1)) {
                byte[] member = args.next();
                if (zset != null) {
                    centerOnMember(shape, zset, member);
                }
                fromMember = true;
            } else if (kind.search() && !fromMember && args.option("FROMLONLAT", 2)) {
                shape.center(GeoCommands.coordinates(args));
                fromLonLat = true;
            } else if (kind.search() && !byBox && args.option("BYRADIUS", 2)) {
                shape.radius(args);
                byRadius = true;
            } else if (kind.search() && !byRadius && args.option("BYBOX", 3)) {
                shape.box(args);
                byBox = true;
            } else {
                throw RedisError.SYNTAX;
            }
        }
        if (storeKey != null && (withDist || withHash || withCoord)) {
            throw new RedisError("ERR "
                    + (kind == Kind.SEARCHSTORE ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        String typedName = new String(c.argv()[0], StandardCharsets.UTF_8);
        if (kind.search() && !(fromMember || fromLonLat)) {
            throw new RedisError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + typedName);
        }
        if (kind.search() && !(byRadius || byBox)) {
            throw new RedisError("ERR exactly one of BYRADIUS and BYBOX can be specified for " + typedName);
        }
        if (any && count == 0) {
            throw new RedisError("ERR the ANY argument requires COUNT argument");
        }
        Database db = c.db();
        if (zset == null) {
            if (storeKey != null) {
                if (db.delete(storeKey)) {
                    c.notify(NotifyType.GENERIC, "del", storeKey);
                }
                c.reply().integer(0);
            } else {
                c.reply().array(0);
            }
            return;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1; // the closest N: COUNT without ANY sorts
        }
        GeoShape geoShape = shape.build();
        List<GeoSearch.Point> found = GeoSearch.run(zset, geoShape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            c.reply().array(0);
            return;
        }
        if (sort != 0) {
            // A stable sort, as the C library's qsort (a merge sort) keeps ties in the order found.
            Comparator<GeoSearch.Point> byDistance = Comparator.comparingDouble(GeoSearch.Point::distance);
            found.sort(sort > 0 ? byDistance : byDistance.reversed());
        }
        int returned = (int) (count == 0 || found.size() < count ? found.size() : count);
        if (storeKey == null) {
            reply(c.reply(), found, returned, geoShape.toMeters(), withDist, withHash, withCoord);
            return;
        }
        if (returned > 0) {
            RedisSortedSet result = RedisSortedSet.skipList();
            for (int i = 0; i < returned; i++) {
                GeoSearch.Point p = found.get(i);
                result.insert(p.member(), storeDistances ? p.distance() / geoShape.toMeters() : p.score());
            }
            result.encodeForStore(storeLimits.apply(c));
            db.set(storeKey, result, false);
            c.notify(NotifyType.ZSET, kind.search() ? "geosearchstore" : "georadiusstore", storeKey);
        } else if (db.delete(storeKey)) {
            c.notify(NotifyType.GENERIC, "del", storeKey);
        }
        c.reply().integer(returned);
    }

    private static void reply(
            Reply reply,
            List<GeoSearch.Point> found,
            int returned,
            double toMeters,
            boolean withDist,
            boolean withHash,
            boolean withCoord) {
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
        reply.array(returned);
        for (int i = 0; i < returned; i++) {
            GeoSearch.Point p = found.get(i);
            if (options > 0) {
                reply.array(options + 1);
            }
            reply.bulk(p.member());
            if (withDist) {
                GeoFormat.distance(reply, p.distance() / toMeters);
            }
            if (withHash) {
                reply.integer((long) p.score());
            }
            if (withCoord) {
                reply.array(2);
                GeoFormat.coordinate(reply, p.longitude());
                GeoFormat.coordinate(reply, p.latitude());
            }
        }
    }
}
