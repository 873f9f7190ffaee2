/**
 * The string commands: GET, SET and their variants, counters, ranges, LCS.
 */
package io.miniredis.command.string;
