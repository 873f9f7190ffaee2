/**
 * The connection commands (PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH) and CLIENT with its subcommands.
 */
package io.miniredis.command.connection;
