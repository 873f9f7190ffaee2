package io.miniredis.persistence;

import java.io.IOException;

/**
 * RDB input that is not what the format allows: truncated, corrupt, a checksum that does not match, a type this
 * reader does not load. The message says where ({@link #offset()}, counted from the start of the input) and what.
 */
public final class RdbFormatException extends IOException {

    private final long offset;
    private final String problem;

    /** {@code offset} -1 when not known where (a sink's refusal): the reader fills in the key's offset. */
    public RdbFormatException(long offset, String problem) {
        super(offset >= 0 ? "RDB offset " + offset + ": " + problem : problem);
        this.offset = offset;
        this.problem = problem;
    }

    /** Where in the input the problem was found (the start of the element that is wrong), or -1. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the offset. */
    public String problem() {
        return problem;
    }
}
