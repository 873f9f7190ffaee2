package io.miniredis.command.geo;

import static io.miniredis.command.CommandSpec.command;

import io.miniredis.command.Args;
import io.miniredis.command.CollectionKeys;
import io.miniredis.command.CommandCall;
import io.miniredis.command.CommandFamily;
import io.miniredis.command.CommandSpec;
import io.miniredis.command.EncodingLimits;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.pubsub.NotifyType;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.ListpackLimits;
import io.miniredis.store.RedisSortedSet;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The geo commands: points stored in sorted sets with their 52-bit geohash as score (so ZRANGE, ZREM and the rest
 * work on them, as in Redis), distances, positions, geohash strings and the searches ({@link GeoSearchCommand}).
 */
public final class GeoCommands implements CommandFamily {

    private static final String GEOHASH_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

    private EncodingLimits limits;

    @Override
    public String group() {
        return "geo";
    }

    @Override
    public List<CommandSpec> commands() {
        // spotless:off: the table keeps one line per command
        return List.of(
                command("geoadd", -5, "write denyoom", 1, 1, 1, this::geoadd),
                command("geodist", -4, "readonly", 1, 1, 1, this::geodist),
                command("geohash", -2, "readonly", 1, 1, 1, this::geohash),
                command("geopos", -2, "readonly", 1, 1, 1, this::geopos),
                command("geosearch", -7, "readonly", 1, 1, 1, new GeoSearchCommand(GeoSearchCommand.Kind.SEARCH, this::listpackLimits)::run),
                command("geosearchstore", -8, "write denyoom", 1, 2, 1, new GeoSearchCommand(GeoSearchCommand.Kind.SEARCHSTORE, this::listpackLimits)::run),
                command("georadius", -6, "write denyoom movablekeys", 1, 1, 1, new GeoSearchCommand(GeoSearchCommand.Kind.RADIUS, this::listpackLimits)::run),
                command("georadius_ro", -6, "readonly", 1, 1, 1, new GeoSearchCommand(GeoSearchCommand.Kind.RADIUS_RO, this::listpackLimits)::run),
                command("georadiusbymember", -5, "write denyoom movablekeys", 1, 1, 1, new GeoSearchCommand(GeoSearchCommand.Kind.BYMEMBER, this::listpackLimits)::run),
                command("georadiusbymember_ro", -5, "readonly", 1, 1, 1, new GeoSearchCommand(GeoSearchCommand.Kind.BYMEMBER_RO, this::listpackLimits)::run));
        // spotless:on
    }

    private ListpackLimits listpackLimits(CommandCall c) {
        limits = EncodingLimits.of(c, limits);
        return limits.zsetListpack();
    }

    static RedisSortedSet zset(KeyEntry entry) {
        return CollectionKeys.valueOf(entry, RedisSortedSet.class);
    }

    /** Reads a longitude and a latitude, refusing a point outside the storable limits with Redis's text. */
    static double[] coordinates(Args args) {
        double longitude = args.nextDouble();
        double latitude = args.nextDouble();
        if (!GeoHash.validCoordinates(longitude, latitude)) {
            throw new RedisError("ERR invalid longitude,latitude pair " + GeoFormat.plain(longitude, 6) + ","
                    + GeoFormat.plain(latitude, 6));
        }
        return new double[] {longitude, latitude};
    }

    /** Meters per unit: m, km, ft, mi (any case). */
    static double unit(byte[] unit) {
        if (Args.is(unit, "m")) {
            return 1;
        } else if (Args.is(unit, "km")) {
            return 1000;
        } else if (Args.is(unit, "ft")) {
            return 0.3048;
        } else if (Args.is(unit, "mi")) {
            return 1609.34;
        }
        throw new RedisError("ERR unsupported unit provided. please use M, KM, FT, MI");
    }

    /**
     * GEOADD key [NX|XX] [CH] longitude latitude member...: Redis turns it into a ZADD of the geohash scores, so
     * the reply, the encodings and the {@code zadd} event are ZADD's.
     */
    private void geoadd(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        boolean nx = false;
        boolean xx = false;
        boolean ch = false;
        while (args.hasNext()) {
            if (args.option("NX")) {
                nx = true;
            } else if (args.option("XX")) {
                xx = true;
            } else if (args.option("CH")) {
                ch = true;
            } else {
                break;
            }
        }
        if (args.remaining() % 3 != 0 || (nx && xx) || !args.hasNext()) {
            throw RedisError.SYNTAX;
        }
        int count = args.remaining() / 3;
        double[] scores = new double[count];
        byte[][] members = new byte[count][];
        for (int i = 0; i < count; i++) {
            double[] xy = coordinates(args);
            scores[i] = GeoHash.align52(GeoHash.encodeWgs84(xy[0], xy[1], GeoHash.STEP_MAX));
            members[i] = args.next();
        }
        Database db = c.db();
        long dirty = c.keyspace().dirty();
        KeyEntry entry = db.lookupWrite(key);
        RedisSortedSet zset = zset(entry);
        boolean created = false;
        if (zset == null) {
            if (xx) {
                c.reply().integer(0);
                return;
            }
            zset = new RedisSortedSet();
            entry = db.add(key, zset);
            created = true;
        }
        ListpackLimits listpack = listpackLimits(c);
        long added = 0;
        long updated = 0;
        for (int i = 0; i < count; i++) {
            RedisSortedSet.Node node = zset.find(members[i]);
            if (node != null) {
                if (!nx && node.score() != scores[i]) {
                    zset.updateScore(node, scores[i]);
                    updated++;
                }
            } else if (!xx) {
                zset.add(members[i], scores[i], listpack);
                added++;
            }
        }
        if (created) {
            db.resized(entry);
        } else if (added + updated > 0) {
            db.touched(entry);
        }
        c.keyspace().dirty(dirty + added + updated); // as ZADD, which Redis runs: each member added or updated
        c.reply().integer(ch ? added + updated : added);
        if (added + updated > 0) {
            c.notify(NotifyType.ZSET, "zadd", key);
        }
    }

    /** GEODIST key member1 member2 [unit]: the unit is read before the key is looked up. */
    private void geodist(CommandCall c) {
        Args args = c.args();
        byte[] key = args.next();
        byte[] first = args.next();
        byte[] second = args.next();
        double toMeters = 1;
        if (args.remaining() == 1) {
            toMeters = unit(args.next());
        } else if (args.remaining() > 1) {
            throw RedisError.SYNTAX;
        }
        RedisSortedSet zset = zset(c.db().lookupRead(key));
        RedisSortedSet.Node a = zset == null ? null : zset.find(first);
        RedisSortedSet.Node b = zset == null ? null : zset.find(second);
        if (a == null || b == null) {
            c.reply().nullBulk();
            return;
        }
        double[] xy1 = GeoHash.decodeScore(a.score());
        double[] xy2 = GeoHash.decodeScore(b.score());
        GeoFormat.distance(c.reply(), GeoHash.distance(xy1[0], xy1[1], xy2[0], xy2[1]) / toMeters);
    }

    /** GEOHASH: the standard 11-character geohash, re-encoded over latitudes ±90 from the stored point. */
    private void geohash(CommandCall c) {
        eachMember(c, Reply::nullBulk, (reply, xy) -> {
            GeoHash.Bits hash = GeoHash.encode(-180, 180, -90, 90, xy[0], xy[1], GeoHash.STEP_MAX);
            long bits = hash == null ? 0 : hash.bits();
            byte[] text = new byte[11];
            for (int i = 0; i < 11; i++) {
                // 52 bits make ten characters and two bits; the eleventh is 0, as Redis writes it.
                int index = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1F);
                text[i] = (byte) GEOHASH_ALPHABET.charAt(index);
            }
            reply.bulk(text);
        });
    }

    private void geopos(CommandCall c) {
        eachMember(c, Reply::nullArray, (reply, xy) -> {
            reply.array(2);
            GeoFormat.coordinate(reply, xy[0]);
            GeoFormat.coordinate(reply, xy[1]);
        });
    }

    /** GEOHASH's and GEOPOS's reply: one element per member named, from its decoded point, or {@code missing}. */
    private void eachMember(CommandCall c, Consumer<Reply> missing, BiConsumer<Reply, double[]> present) {
        Args args = c.args();
        RedisSortedSet zset = zset(c.db().lookupRead(args.next()));
        Reply reply = c.reply();
        reply.array(args.remaining());
        while (args.hasNext()) {
            byte[] member = args.next();
            RedisSortedSet.Node node = zset == null ? null : zset.find(member);
            if (node == null) {
                missing.accept(reply);
            } else {
                present.accept(reply, GeoHash.decodeScore(node.score()));
            }
        }
    }
}
