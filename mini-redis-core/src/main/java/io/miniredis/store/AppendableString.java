package io.miniredis.store;

import java.util.Arrays;

/**
 * A string value that APPEND or SETRANGE has modified: a byte buffer with spare capacity, so repeated appends are
 * amortized O(1) like Redis's sds strings. Redis reports such a string as {@code raw}, and so do we.
 */
public final class AppendableString {

    /** The longest string a Java array holds (a little under 2 GiB); longer ones are refused before they are made. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private byte[] buffer;
    private int length;

    public AppendableString(byte[] initial, int extraCapacity) {
        this.buffer = Arrays.copyOf(initial, initial.length + extraCapacity);
        this.length = initial.length;
    }

    public int length() {
        return length;
    }

    public byte[] buffer() {
        return buffer;
    }

    public void append(byte[] bytes) {
        ensureCapacity(length + bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    /** Writes {@code bytes} at {@code offset}, zero-padding any gap, as SETRANGE does. */
    public void write(int offset, byte[] bytes) {
        int end = offset + bytes.length;
        ensureCapacity(end);
        if (end > length) {
            Arrays.fill(buffer, length, offset > length ? offset : length, (byte) 0);
            length = end;
        }
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
    }

    /**
     * Grows the string to {@code newLength} bytes of zeros past its end (Redis's {@code sdsgrowzero}, for SETBIT and
     * BITFIELD); true when it grew.
     */
    public boolean growZeros(int newLength) {
        if (newLength <= length) {
            return false;
        }
        ensureCapacity(newLength);
        Arrays.fill(buffer, length, newLength, (byte) 0);
        length = newLength;
        return true;
    }

    /** Cuts the string to its first {@code newLength} bytes (a HyperLogLog's sparse form after a merge of runs). */
    public void truncate(int newLength) {
        if (newLength < length) {
            Arrays.fill(buffer, newLength, length, (byte) 0);
            length = newLength;
        }
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buffer, length);
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            // Like sds: double while small, then grow by 1 MiB steps.
            long grown = needed < 1024 * 1024 ? needed * 2L : needed + 1024L * 1024;
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, MAX_LENGTH));
        }
    }
}
