/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 */
package io.miniredis.command.transaction;
