package io.miniredis.command.key;

import io.miniredis.command.Args;
import io.miniredis.protocol.RedisError;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of SORT and SORT_RO, read as Redis reads them: left to right, the last ASC/DESC, LIMIT, BY and STORE
 * winning, GETs in order; a keyword without enough arguments after it, or an unknown word, is a syntax error (STORE
 * is unknown to SORT_RO); LIMIT's numbers must be integers. Keywords are compared as C strings, so a NUL byte ends
 * them.
 */
final class SortOptions {

    boolean descending;
    boolean alpha;
    /** A BY pattern without '*' was given: keep the natural order. It sticks, even if a later BY has a '*'. */
    boolean dontSort;

    long limitStart;
    long limitCount = -1;
    /** The last BY pattern, or null. */
    SortPattern by;
    /** STORE's destination, or null. */
    byte[] store;

    final List<SortPattern> gets = new ArrayList<>();

    /** The options after the key, from the cursor to the end. */
    static SortOptions parse(Args args, boolean readOnly) {
        SortOptions options = new SortOptions();
        while (args.hasNext()) {
            byte[] option = args.next();
            int left = args.remaining();
            if (keyword(option, "ASC")) {
                options.descending = false;
            } else if (keyword(option, "DESC")) {
                options.descending = true;
            } else if (keyword(option, "ALPHA")) {
                options.alpha = true;
            } else if (keyword(option, "LIMIT") && left >= 2) {
                options.limitStart = args.nextLong();
                options.limitCount = args.nextLong();
            } else if (!readOnly && keyword(option, "STORE") && left >= 1) {
                options.store = args.next();
            } else if (keyword(option, "BY") && left >= 1) {
                byte[] pattern = args.next();
                options.by = SortPattern.of(pattern);
                if (!SortPattern.hasStar(pattern)) {
                    options.dontSort = true;
                }
            } else if (keyword(option, "GET") && left >= 1) {
                options.gets.add(SortPattern.of(args.next()));
            } else {
                throw RedisError.SYNTAX;
            }
        }
        return options;
    }

    /** strcasecmp: {@code argument} up to its first NUL equals {@code word}, ignoring case. */
    static boolean keyword(byte[] argument, String word) {
        int length = SortPattern.cLength(argument);
        if (length == argument.length) {
            return Args.is(argument, word);
        }
        return Args.is(java.util.Arrays.copyOf(argument, length), word);
    }

    /**
     * The keys of a SORT call as Redis's COMMAND GETKEYS finds them: the sorted key, then the argument after the
     * last STORE (skipping LIMIT's two arguments and BY's and GET's one, so a STORE there does not count).
     */
    static int[] keyIndexes(byte[][] argv) {
        int destination = storeIndex(argv);
        return destination < 0 ? new int[] {1} : new int[] {1, destination};
    }

    /** The STORE destination's argument index in a SORT call, or -1. */
    static int storeIndex(byte[][] argv) {
        int destination = -1;
        for (int i = 2; i < argv.length; i++) {
            if (keyword(argv[i], "LIMIT")) {
                i += 2;
            } else if (keyword(argv[i], "GET") || keyword(argv[i], "BY")) {
                i += 1;
            } else if (keyword(argv[i], "STORE") && i + 1 < argv.length) {
                destination = i + 1; // not skipped: "STORE STORE d" stores in d
            }
        }
        return destination;
    }

    static int[] storeKeyIndexes(byte[][] argv) {
        int destination = storeIndex(argv);
        return destination < 0 ? new int[0] : new int[] {destination};
    }
}
