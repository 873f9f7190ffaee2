package io.miniredis.persistence;

import io.miniredis.config.ConfigRegistry;

/**
 * What decides how values are written, from the configuration Redis reads for the same choices.
 *
 * @param compression         {@code rdbcompression}: LZF-compress strings longer than 20 bytes when that saves space
 * @param checksum            {@code rdbchecksum}: end a file with its CRC-64, or with zeros (DUMP always has one)
 * @param listMaxListpackSize {@code list-max-listpack-size}: the fill of a list's nodes (negative: -1 to -5 for 4 to
 *                            64 KB a node; positive: elements a node)
 * @param listCompressDepth   {@code list-compress-depth}: nodes at each end left uncompressed (0: none compressed)
 * @param listPackedThreshold elements this long or longer get a node of their own, stored plain (Redis: 1 GB)
 */
public record RdbWriteOptions(
        boolean compression,
        boolean checksum,
        int listMaxListpackSize,
        int listCompressDepth,
        long listPackedThreshold) {

    /** Redis's packed threshold for list elements. */
    public static final long DEFAULT_PACKED_THRESHOLD = 1L << 30;

    /** Redis 7.0's defaults. */
    public static final RdbWriteOptions DEFAULTS = new RdbWriteOptions(true, true, -2, 0, DEFAULT_PACKED_THRESHOLD);

    /** DEBUG QUICKLIST-PACKED-THRESHOLD's value: process-wide, as the threshold is in Redis. */
    private static volatile long packedThreshold = DEFAULT_PACKED_THRESHOLD;

    /** Sets the packed threshold {@link #from} uses (DEBUG QUICKLIST-PACKED-THRESHOLD). */
    public static void packedThreshold(long bytes) {
        packedThreshold = bytes;
    }

    public static RdbWriteOptions from(ConfigRegistry config) {
        return new RdbWriteOptions(
                config.getBool("rdbcompression"),
                config.getBool("rdbchecksum"),
                config.getInt("list-max-listpack-size"),
                config.getInt("list-compress-depth"),
                packedThreshold);
    }

    public RdbWriteOptions withCompression(boolean on) {
        return new RdbWriteOptions(on, checksum, listMaxListpackSize, listCompressDepth, listPackedThreshold);
    }

    public RdbWriteOptions withChecksum(boolean on) {
        return new RdbWriteOptions(compression, on, listMaxListpackSize, listCompressDepth, listPackedThreshold);
    }

    public RdbWriteOptions withList(int maxListpackSize, int compressDepth, long packedThreshold) {
        return new RdbWriteOptions(compression, checksum, maxListpackSize, compressDepth, packedThreshold);
    }
}
