package io.miniredis.command.string;

import io.miniredis.command.Args;
import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS: the longest common subsequence of two strings by dynamic programming, and the matching ranges walked back
 * from the end of both strings, in the order and grouping Redis reports them.
 */
final class Lcs {

    private Lcs() {}

    record Options(boolean length, boolean indexes, boolean withMatchLength, long minMatchLength) {

        /** The options after the two keys, read once both keys were found to hold strings (or nothing). */
        static Options parse(Args args) {
            boolean length = false;
            boolean indexes = false;
            boolean withMatchLength = false;
            long minMatchLength = 0;
            while (args.hasNext()) {
                if (args.option("IDX")) {
                    indexes = true;
                } else if (args.option("LEN")) {
                    length = true;
                } else if (args.option("WITHMATCHLEN")) {
                    withMatchLength = true;
                } else if (args.option("MINMATCHLEN")) {
                    minMatchLength = Math.max(0, args.nextLong()); // a negative length is no minimum; none: syntax
                } else {
                    throw RedisError.SYNTAX;
                }
            }
            if (indexes && length) {
                throw new RedisError("ERR If you want both the length and indexes, please just use IDX.");
            }
            return new Options(length, indexes, withMatchLength, minMatchLength);
        }
    }

    private record Range(int aStart, int aEnd, int bStart, int bEnd) {
        int length() {
            return aEnd - aStart + 1;
        }
    }

    static void reply(Reply reply, byte[] a, byte[] b, Options options) {
        int rows = a.length + 1;
        int cols = b.length + 1;
        int[] table = new int[rows * cols];
        for (int i = 1; i < rows; i++) {
            for (int j = 1; j < cols; j++) {
                table[i * cols + j] = a[i - 1] == b[j - 1]
                        ? table[(i - 1) * cols + j - 1] + 1
                        : Math.max(table[(i - 1) * cols + j], table[i * cols + j - 1]);
            }
        }
        int total = table[a.length * cols + b.length];
        if (options.length()) {
            reply.integer(total);
            return;
        }
        byte[] common = new byte[total];
        List<Range> ranges = new ArrayList<>();
        int index = total;
        int i = a.length;
        int j = b.length;
        // No range open when aStart == a.length.
        int aStart = a.length;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                common[index - 1] = a[i - 1];
                if (aStart == a.length) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                index--;
                i--;
                j--;
            } else {
                int up = table[(i - 1) * cols + j];
                int left = table[i * cols + j - 1];
                if (up > left) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != a.length) {
                    emit = true;
                }
            }
            if (emit) {
                Range range = new Range(aStart, aEnd, bStart, bEnd);
                if (options.minMatchLength() == 0 || range.length() >= options.minMatchLength()) {
                    ranges.add(range);
                }
                aStart = a.length;
            }
        }
        if (!options.indexes()) {
            reply.bulk(common);
            return;
        }
        reply.map(2);
        reply.bulk("matches".getBytes(StandardCharsets.US_ASCII));
        reply.array(ranges.size());
        for (Range range : ranges) {
            reply.array(options.withMatchLength() ? 3 : 2);
            reply.array(2).integer(range.aStart()).integer(range.aEnd());
            reply.array(2).integer(range.bStart()).integer(range.bEnd());
            if (options.withMatchLength()) {
                reply.integer(range.length());
            }
        }
        reply.bulk("len".getBytes(StandardCharsets.US_ASCII));
        reply.integer(total);
    }
}
