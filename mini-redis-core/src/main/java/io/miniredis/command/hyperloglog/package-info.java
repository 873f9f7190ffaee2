/**
 * The HyperLogLog commands (PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST) on string values holding Redis's own HLL
 * representation ({@link io.miniredis.command.hyperloglog.HyperLogLog}), so the bytes move between servers.
 */
package io.miniredis.command.hyperloglog;
