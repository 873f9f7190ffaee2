/**
 * The set commands, and the set algebra (SINTER, SUNION, SDIFF and their STORE forms, SINTERCARD).
 */
package io.miniredis.command.set;
