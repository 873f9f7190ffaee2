/**
 * Server commands: INFO, CONFIG, DEBUG, MEMORY, COMMAND and the rest of Redis's server group.
 */
package io.miniredis.command.server;
