/**
 * The list commands, blocking pops and moves included.
 */
package io.miniredis.command.list;
