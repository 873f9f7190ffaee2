/**
 * The command framework: one command as data ({@link io.miniredis.command.CommandSpec}), the table, the dispatcher
 * with its central checks and one refusal path, the argument parser ({@link io.miniredis.command.Args}), the one
 * blocking path, Redis's own command reference data, and helpers the families share.
 */
package io.miniredis.command;
