/**
 * The hash commands.
 */
package io.miniredis.command.hash;
