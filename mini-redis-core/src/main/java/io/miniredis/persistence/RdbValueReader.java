package io.miniredis.persistence;

import io.miniredis.protocol.Numbers;
import io.miniredis.store.ListpackLimits;
import io.miniredis.store.RedisHash;
import io.miniredis.store.RedisList;
import io.miniredis.store.RedisSet;
import io.miniredis.store.RedisSortedSet;
import java.io.IOException;
import java.util.List;

/**
 * Reads one value of a given RDB type into the store's value classes, every type and encoding Redis 7.0 reads
 * from its own files and older ones: strings; lists plain, as a ziplist, as a quicklist of ziplists or of listpacks
 * (packed or plain nodes); sets plain or as an intset; hashes plain, as a zipmap, ziplist or listpack; sorted sets
 * plain (text or binary scores), as a ziplist or listpack; streams of types 15 (Redis 5, 6) and 19 (7.0). Module
 * values and Redis 7.2's listpack sets and type 21 streams are refused, naming the type.
 *
 * <p>Everything is checked: compact encodings entry by entry, duplicate members, NaN scores. The resulting
 * encoding follows Redis's loading rules ({@link RdbLoadLimits}). An empty collection, which Redis never writes
 * and refuses to load, comes back as null (an empty stream is a value, not an empty collection).
 */
public final class RdbValueReader {

    private final RdbLoadLimits limits;

    public RdbValueReader(RdbLoadLimits limits) {
        this.limits = limits;
    }

    /** True for the type bytes of values (as opposed to opcodes). */
    public static boolean isValueType(int type) {
        return type >= 0 && type <= RdbFormat.TYPE_STREAM_LISTPACKS_3 && type != 8;
    }

    /** The value of type {@code type} at the input's position; null for an empty collection. */
    public Object read(RdbInput in, int type) throws IOException {
        long at = in.offset();
        return switch (type) {
            case RdbFormat.TYPE_STRING -> in.readString("a string value");
            case RdbFormat.TYPE_LIST -> readPlainList(in);
            case RdbFormat.TYPE_LIST_ZIPLIST -> appendAll(new RedisList(), ziplist(in, "a list ziplist"));
            case RdbFormat.TYPE_LIST_QUICKLIST -> readQuicklist(in);
            case RdbFormat.TYPE_LIST_QUICKLIST_2 -> readQuicklist2(in);
            case RdbFormat.TYPE_SET -> readPlainSet(in);
            case RdbFormat.TYPE_SET_INTSET -> readIntset(in);
            case RdbFormat.TYPE_HASH -> readPlainHash(in);
            case RdbFormat.TYPE_HASH_ZIPMAP -> readHashPairs(in, at, zipmap(in), limits.hashMaxListpackValue());
            case RdbFormat.TYPE_HASH_ZIPLIST -> readHashPairs(in, at, ziplist(in, "a hash ziplist"), Long.MAX_VALUE);
            case RdbFormat.TYPE_HASH_LISTPACK -> readHashPairs(in, at, listpack(in, "a hash listpack"), Long.MAX_VALUE);
            case RdbFormat.TYPE_ZSET, RdbFormat.TYPE_ZSET_2 -> readPlainZset(in, type == RdbFormat.TYPE_ZSET_2);
            case RdbFormat.TYPE_ZSET_ZIPLIST -> readZsetPairs(in, at, ziplist(in, "a sorted set ziplist"));
            case RdbFormat.TYPE_ZSET_LISTPACK -> readZsetPairs(in, at, listpack(in, "a sorted set listpack"));
            case RdbFormat.TYPE_SET_LISTPACK ->
                throw in.corrupt(
                        at - 1,
                        "a set in the listpack encoding (RDB type 20) "
                                + "comes from Redis 7.2 or later: Redis 7.0 cannot load it, nor can mini-redis");
            case RdbFormat.TYPE_STREAM_LISTPACKS -> RdbStreams.read(in, false);
            case RdbFormat.TYPE_STREAM_LISTPACKS_2 -> RdbStreams.read(in, true);
            case RdbFormat.TYPE_STREAM_LISTPACKS_3 ->
                throw in.corrupt(
                        at - 1,
                        "a stream of RDB type 21 (consumers with active-time) comes from Redis 7.2 or later: "
                                + "Redis 7.0 cannot load it, nor can mini-redis");
            case RdbFormat.TYPE_MODULE_PRE_GA, RdbFormat.TYPE_MODULE_2 ->
                throw in.corrupt(
                        at - 1,
                        "a " + RdbFormat.typeName(type) + " (RDB type " + type + "): mini-redis loads no modules");
            default -> throw in.corrupt(at - 1, "unknown value type " + type);
        };
    }

    // ---- lists --------------------------------------------------------------------------------------------------

    private static RedisList readPlainList(RdbInput in) throws IOException {
        long count = in.readCount("a list", 1);
        RedisList list = new RedisList();
        for (long i = 0; i < count; i++) {
            list.pushLast(in.readString("a list element"));
        }
        return list.isEmpty() ? null : list;
    }

    private static RedisList appendAll(RedisList list, List<byte[]> elements) {
        for (byte[] element : elements) {
            list.pushLast(element);
        }
        return list.isEmpty() ? null : list;
    }

    private static RedisList readQuicklist(RdbInput in) throws IOException {
        long nodes = in.readCount("a quicklist", 1);
        RedisList list = new RedisList();
        for (long i = 0; i < nodes; i++) {
            appendAll(list, ziplist(in, "a quicklist node"));
        }
        return list.isEmpty() ? null : list;
    }

    private static RedisList readQuicklist2(RdbInput in) throws IOException {
        long nodes = in.readCount("a quicklist", 2);
        RedisList list = new RedisList();
        for (long i = 0; i < nodes; i++) {
            long at = in.offset();
            long container = in.readLength("a quicklist node's container");
            if (container == RdbFormat.CONTAINER_PLAIN) {
                list.pushLast(in.readString("a plain quicklist node"));
            } else if (container == RdbFormat.CONTAINER_PACKED) {
                appendAll(list, listpack(in, "a quicklist node"));
            } else {
                throw in.corrupt(at, "quicklist node container " + container + " (1 plain or 2 packed)");
            }
        }
        return list.isEmpty() ? null : list;
    }

    // ---- sets ---------------------------------------------------------------------------------------------------

    private RedisSet readPlainSet(RdbInput in) throws IOException {
        long count = in.readCount("a set", 1);
        RedisSet set = new RedisSet();
        for (long i = 0; i < count; i++) {
            long at = in.offset();
            byte[] member = in.readString("a set member");
            if (!set.add(member, limits.setMaxIntsetEntries())) {
                throw in.corrupt(at, "duplicate set member");
            }
        }
        return set.size() == 0 ? null : set;
    }

    private RedisSet readIntset(RdbInput in) throws IOException {
        long at = in.offset();
        byte[] blob = in.readString("an intset");
        long[] values;
        try {
            values = Intset.decode(blob);
        } catch (CorruptBlobException e) {
            throw in.corrupt(at, "corrupt intset: " + e.getMessage());
        }
        RedisSet set = new RedisSet();
        for (long v : values) {
            set.add(Numbers.toBytes(v), limits.setMaxIntsetEntries());
        }
        return set.size() == 0 ? null : set;
    }

    // ---- hashes -------------------------------------------------------------------------------------------------

    private RedisHash readPlainHash(RdbInput in) throws IOException {
        long count = in.readCount("a hash", 2);
        RedisHash hash = new RedisHash();
        for (long i = 0; i < count; i++) {
            long at = in.offset();
            byte[] field = in.readString("a hash field");
            byte[] value = in.readString("a hash value");
            if (!hash.set(field, value, limits.hashMaxListpackEntries(), limits.hashMaxListpackValue())) {
                throw in.corrupt(at, "duplicate hash field");
            }
        }
        return hash.size() == 0 ? null : hash;
    }

    /**
     * A hash from a compact encoding: it stays compact unless it has more fields than allowed (Redis does not look
     * at the lengths of a listpack's or ziplist's entries when loading it; a zipmap's it does).
     */
    private RedisHash readHashPairs(RdbInput in, long at, List<byte[]> pairs, long maxValue) throws IOException {
        if (pairs.size() % 2 != 0) {
            throw in.corrupt(at, "hash encoding with an odd number of entries (" + pairs.size() + ")");
        }
        RedisHash hash = new RedisHash();
        for (int i = 0; i < pairs.size(); i += 2) {
            if (!hash.set(pairs.get(i), pairs.get(i + 1), limits.hashMaxListpackEntries(), maxValue)) {
                throw in.corrupt(at, "duplicate hash field in a compact encoding");
            }
        }
        return hash.size() == 0 ? null : hash;
    }

    // ---- sorted sets --------------------------------------------------------------------------------------------

    /** Built as a skip list, then made a listpack when it fits, as Redis does after loading it. */
    private RedisSortedSet readPlainZset(RdbInput in, boolean binaryScores) throws IOException {
        long count = in.readCount("a sorted set", 2);
        RedisSortedSet zset = RedisSortedSet.skipList();
        for (long i = 0; i < count; i++) {
            long at = in.offset();
            byte[] member = in.readString("a sorted set member");
            double score = binaryScores ? in.readBinaryDouble("a score") : in.readTextDouble("a score");
            if (Double.isNaN(score)) {
                throw in.corrupt(at, "sorted set member with a NaN score");
            }
            if (zset.find(member) != null) {
                throw in.corrupt(at, "duplicate sorted set member");
            }
            zset.insert(member, score);
        }
        if (zset.size() == 0) {
            return null;
        }
        zset.encodeForStore(limits.zset());
        return zset;
    }

    /** A sorted set from a compact encoding: compact unless it has more members than allowed. */
    private RedisSortedSet readZsetPairs(RdbInput in, long at, List<byte[]> pairs) throws IOException {
        if (pairs.size() % 2 != 0) {
            throw in.corrupt(at, "sorted set encoding with an odd number of entries (" + pairs.size() + ")");
        }
        RedisSortedSet zset = new RedisSortedSet();
        ListpackLimits byCount = new ListpackLimits(limits.zsetMaxListpackEntries(), Long.MAX_VALUE);
        for (int i = 0; i < pairs.size(); i += 2) {
            byte[] member = pairs.get(i);
            byte[] text = pairs.get(i + 1);
            double score = compactScore(text);
            if (Double.isNaN(score)) {
                throw in.corrupt(at, "sorted set member with a NaN score");
            }
            if (zset.find(member) != null) {
                throw in.corrupt(at, "duplicate sorted set member in a compact encoding");
            }
            zset.add(member, score, byCount);
        }
        return zset.size() == 0 ? null : zset;
    }

    /** Redis reads a score in a listpack or ziplist with strtod, unchecked: the longest number it begins with. */
    private static final int MAX_SCORE_TEXT = 128;

    private static double compactScore(byte[] text) {
        for (int end = Math.min(text.length, MAX_SCORE_TEXT); end > 0; end--) {
            try {
                return Numbers.parseStrtod(text, 0, end);
            } catch (Numbers.NotANumber e) {
                // shorter, until something parses
            }
        }
        return 0;
    }

    // ---- compact encodings --------------------------------------------------------------------------------------

    private static List<byte[]> listpack(RdbInput in, String what) throws IOException {
        long at = in.offset();
        byte[] blob = in.readString(what);
        try {
            ListpackParser parser = new ListpackParser(blob);
            List<byte[]> out = new java.util.ArrayList<>(Math.max(0, Math.min(parser.declaredCount(), blob.length)));
            while (parser.hasNext()) {
                out.add(parser.next());
            }
            return out;
        } catch (CorruptBlobException e) {
            throw in.corrupt(at, "corrupt " + what + ": " + e.getMessage());
        }
    }

    private static List<byte[]> ziplist(RdbInput in, String what) throws IOException {
        long at = in.offset();
        byte[] blob = in.readString(what);
        try {
            ZiplistParser parser = new ZiplistParser(blob);
            List<byte[]> out = new java.util.ArrayList<>();
            while (parser.hasNext()) {
                out.add(parser.next());
            }
            return out;
        } catch (CorruptBlobException e) {
            throw in.corrupt(at, "corrupt " + what + ": " + e.getMessage());
        }
    }

    private static List<byte[]> zipmap(RdbInput in) throws IOException {
        long at = in.offset();
        byte[] blob = in.readString("a hash zipmap");
        try {
            return ZipmapParser.parse(blob);
        } catch (CorruptBlobException e) {
            throw in.corrupt(at, "corrupt hash zipmap: " + e.getMessage());
        }
    }
}
