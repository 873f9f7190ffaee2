/**
 * The bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO): bit operations on string
 * values, in place on the string's bytes.
 */
package io.miniredis.command.bitmap;
