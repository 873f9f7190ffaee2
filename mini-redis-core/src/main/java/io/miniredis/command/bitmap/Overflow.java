package io.miniredis.command.bitmap;

/**
 * BITFIELD's OVERFLOW modes: what SET and INCRBY store when the result does not fit the field. The checks are done
 * in 64-bit arithmetic that wraps, as Redis's are, so the edge cases (a SET of a value far outside an i8, say)
 * decide up or down exactly as Redis decides them.
 */
enum Overflow {
    WRAP,
    SAT,
    FAIL;

    /** The value to store. */
    record Result(long value) {}

    /**
     * The value a field of {@code width} bits gets from {@code value + increment} (SET passes the new value and 0),
     * or null when the mode is FAIL and it overflows.
     */
    Result apply(boolean signed, int width, long value, long increment) {
        return signed ? signedResult(width, value, increment) : unsignedResult(width, value, increment);
    }

    private Result signedResult(int width, long value, long increment) {
        long max = width == 64 ? Long.MAX_VALUE : (1L << (width - 1)) - 1;
        long min = -max - 1;
        long roomUp = max - value; // may wrap: only read where value's range makes it meaningful, as in Redis
        long roomDown = min - value;
        boolean up = value > max
                || (width != 64 && increment > roomUp)
                || (value >= 0 && increment > 0 && increment > roomUp);
        boolean down = !up
                && (value < min
                        || (width != 64 && increment < roomDown)
                        || (value < 0 && increment < 0 && increment < roomDown));
        if (!up && !down) {
            return new Result(value + increment);
        }
        return switch (this) {
            case WRAP -> {
                long sum = value + increment;
                if (width < 64) {
                    long high = -1L << width;
                    sum = (sum & (1L << (width - 1))) != 0 ? sum | high : sum & ~high;
                }
                yield new Result(sum);
            }
            case SAT -> new Result(up ? max : min);
            case FAIL -> null;
        };
    }

    private Result unsignedResult(int width, long value, long increment) {
        long max = (1L << width) - 1; // width is at most 63
        long roomUp = max - value;
        long roomDown = -value;
        boolean up = Long.compareUnsigned(value, max) > 0 || (increment > 0 && increment > roomUp);
        boolean down = !up && increment < 0 && increment < roomDown;
        if (!up && !down) {
            return new Result(value + increment);
        }
        return switch (this) {
            case WRAP -> new Result((value + increment) & max);
            case SAT -> new Result(up ? max : 0);
            case FAIL -> null;
        };
    }
}
