package io.miniredis.persistence;

import java.io.IOException;

/**
 * RDB input that is not what the format allows: truncated, corrupt, a checksum that does not match, a type this
 * reader does not load. The message says where ({@link #offset()}, counted from the start of the input) and what.
 */
public final class RdbFormatException extends IOException {

    private final long offset;

    public RdbFormatException(long offset, String problem) {
        super("RDB offset " + offset + ": " + problem);
        this.offset = offset;
    }

    /** Where in the input the problem was found (the start of the element that is wrong). */
    public long offset() {
        return offset;
    }
}
