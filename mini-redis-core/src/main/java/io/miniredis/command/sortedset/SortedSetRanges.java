package io.miniredis.command.sortedset;

import io.miniredis.command.Args;
import io.miniredis.protocol.Numbers;
import io.miniredis.protocol.RedisError;
import io.miniredis.store.LexRange;
import io.miniredis.store.ScoreRange;
import java.util.Arrays;

/**
 * Parses the range arguments of the sorted-set commands the way Redis does: score ends with C's strtod (so leading
 * spaces, {@code inf}, hex floats and an empty text are accepted; the argument ends at a NUL byte, as a C string
 * does), {@code (} for an exclusive end; lexicographic ends as {@code [member}, {@code (member}, {@code -} or
 * {@code +}.
 */
final class SortedSetRanges {

    static final RedisError NOT_FLOAT = new RedisError("ERR min or max is not a float");
    static final RedisError NOT_LEX = new RedisError("ERR min or max not valid string range item");

    private SortedSetRanges() {}

    /** The next two arguments, min then max, as a score range (ZCOUNT, ZREMRANGEBYSCORE). */
    static ScoreRange score(Args args) {
        byte[] min = args.next();
        byte[] max = args.next();
        return score(min, max);
    }

    static ScoreRange score(byte[] min, byte[] max) {
        boolean minExclusive = min.length > 0 && min[0] == '(';
        boolean maxExclusive = max.length > 0 && max[0] == '(';
        return new ScoreRange(
                bound(min, minExclusive ? 1 : 0), minExclusive, bound(max, maxExclusive ? 1 : 0), maxExclusive);
    }

    private static double bound(byte[] text, int from) {
        int end = from;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        try {
            return Numbers.parseStrtod(text, from, end);
        } catch (Numbers.NotANumber e) {
            throw NOT_FLOAT;
        }
    }

    /** The next two arguments, min then max, as a lexicographic range (ZLEXCOUNT, ZREMRANGEBYLEX). */
    static LexRange lex(Args args) {
        byte[] min = args.next();
        byte[] max = args.next();
        return lex(min, max);
    }

    static LexRange lex(byte[] min, byte[] max) {
        // '(' is exclusive, '[' inclusive; Redis marks '-' and '+' exclusive too (the empty text fails in lexEnd)
        return new LexRange(
                lexEnd(min), min.length == 0 || min[0] != '[', lexEnd(max), max.length == 0 || max[0] != '[');
    }

    /** One end; the exclusive flag is derived by the caller ({@code -} and {@code +} count as exclusive). */
    private static byte[] lexEnd(byte[] text) {
        if (text.length == 0) {
            throw NOT_LEX;
        }
        switch (text[0]) {
            case '+':
                if (text.length > 1 && text[1] != 0) {
                    throw NOT_LEX;
                }
                return LexRange.PLUS_INFINITY;
            case '-':
                if (text.length > 1 && text[1] != 0) {
                    throw NOT_LEX;
                }
                return LexRange.MINUS_INFINITY;
            case '(':
            case '[':
                return Arrays.copyOfRange(text, 1, text.length);
            default:
                throw NOT_LEX;
        }
    }
}
