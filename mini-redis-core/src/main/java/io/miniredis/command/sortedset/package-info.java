/**
 * The sorted set commands: members and scores, ranges by rank, score and lex, pops (blocking too), and the algebra
 * (ZUNION, ZINTER, ZDIFF).
 */
package io.miniredis.command.sortedset;
