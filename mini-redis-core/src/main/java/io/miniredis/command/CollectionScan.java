package io.miniredis.command;

import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import io.miniredis.util.Glob;
import java.util.List;

/**
 * The options of a scan inside one value (HSCAN, SSCAN): {@code COUNT n} and {@code MATCH pattern}, any number of
 * times, the last one winning, parsed as Redis parses them for SCAN (without TYPE, which only SCAN takes).
 */
public final class CollectionScan {

    /** How many elements a call aims for. */
    public final long count;
    /** The MATCH pattern, or null when there is none or it is {@code *}. */
    public final byte[] pattern;

    /** SCAN's TYPE filter as given (compared case-insensitively later), or null. */
    public final String typeName;

    private CollectionScan(long count, byte[] pattern, String typeName) {
        this.count = count;
        this.pattern = pattern;
        this.typeName = typeName;
    }

    /** The options of HSCAN, SSCAN and ZSCAN: COUNT and MATCH. */
    /** COUNT and MATCH, from the cursor on (HSCAN, SSCAN, ZSCAN); anything else is a syntax error. */
    public static CollectionScan parse(Args args) {
        return parse(args, false);
    }

    /**
     * COUNT, MATCH and, for SCAN ({@code allowType}), TYPE, as option-value pairs from the cursor on; anything else,
     * or an option without its value, is a syntax error.
     */
    public static CollectionScan parse(Args args, boolean allowType) {
        long count = 10;
        byte[] pattern = null;
        String typeName = null;
        while (args.hasNext()) {
            if (args.option("COUNT", 1)) {
                count = args.nextLong();
                if (count < 1) {
                    throw RedisError.SYNTAX;
                }
            } else if (args.option("MATCH", 1)) {
                byte[] p = args.next();
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else if (allowType && args.option("TYPE", 1)) {
                // Redis compares with strcasecmp: case-insensitive, up to a NUL; an unknown type just matches nothing.
                typeName = CommandDispatcher.latin1(args.next());
            } else {
                throw RedisError.SYNTAX;
            }
        }
        return new CollectionScan(count, pattern, typeName);
    }

    public boolean matches(byte[] element) {
        return pattern == null || Glob.matches(pattern, element, false);
    }

    /**
     * The most buckets one call visits: ten per element asked for, so a sparse table cannot make one call walk all
     * of it (Redis's bound).
     */
    public long maxBuckets() {
        return count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
    }

    /** The reply: the next cursor, then the elements found. */
    public static void reply(Reply reply, long cursor, List<byte[]> elements) {
        reply.array(2);
        reply.bulk(ScanCursor.format(cursor));
        reply.array(elements.size());
        for (byte[] element : elements) {
            reply.bulk(element);
        }
    }

    /** The reply to a scan of a missing key: cursor 0, nothing. */
    public static void replyEmpty(Reply reply) {
        reply.array(2);
        reply.bulk(ScanCursor.format(0));
        reply.array(0);
    }
}
