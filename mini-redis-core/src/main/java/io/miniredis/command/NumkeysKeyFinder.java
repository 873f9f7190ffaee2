package io.miniredis.command;

/**
 * The keys of a command that counts its keys in an argument (ZUNION 2 a b, ZUNIONSTORE dest 2 a b, ZMPOP 2 a b
 * MIN...), found the way Redis's getkeys procedure for them does: the count read with C's {@code atoi} (leading
 * spaces, a sign, digits up to the first other byte), no keys at all when the count is below 1 or more keys than
 * arguments follow; the destination key, if any, first.
 */
public final class NumkeysKeyFinder implements KeyFinder {

    private final int destinationIndex;
    private final int countIndex;

    /**
     * @param destinationIndex the argument index of a destination key, or 0 for none
     * @param countIndex       the argument index of the key count; the keys follow it
     */
    public NumkeysKeyFinder(int destinationIndex, int countIndex) {
        this.destinationIndex = destinationIndex;
        this.countIndex = countIndex;
    }

    @Override
    public int[] keyIndexes(byte[][] argv) {
        if (countIndex >= argv.length) {
            return new int[0];
        }
        int first = countIndex + 1;
        long count = atoi(argv[countIndex]);
        if (count < 1 || count > argv.length - first) {
            return new int[0];
        }
        int n = (int) count;
        int offset = destinationIndex > 0 ? 1 : 0;
        int[] keys = new int[n + offset];
        if (destinationIndex > 0) {
            keys[0] = destinationIndex;
        }
        for (int i = 0; i < n; i++) {
            keys[offset + i] = first + i;
        }
        return keys;
    }

    /** C's atoi as glibc has it: strtol clamped to a long, then narrowed to an int. */
    static int atoi(byte[] text) {
        int i = 0;
        while (i < text.length && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        long value = 0;
        boolean overflow = false;
        for (; i < text.length && text[i] >= '0' && text[i] <= '9'; i++) {
            int digit = text[i] - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                overflow = true;
                break;
            }
            value = value * 10 + digit;
        }
        if (overflow) {
            value = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        } else if (negative) {
            value = -value;
        }
        return (int) value;
    }
}
