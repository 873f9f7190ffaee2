/**
 * Redis 7.0's RDB format: {@link io.miniredis.persistence.RdbWriter} and {@link io.miniredis.persistence.RdbReader}
 * for whole files (snapshots, and later replication and AOF preambles), {@link io.miniredis.persistence.DumpPayload}
 * for one value (DUMP, RESTORE, MIGRATE), and the encodings under them: listpacks, ziplists, intsets, zipmaps, LZF
 * and the CRC-64 that protects it all. Written from the format's documentation and from what real Redis writes.
 */
package io.miniredis.persistence;
