/**
 * The standalone launcher: redis.conf and command-line options, signals, logging, like redis-server.
 */
package io.miniredis.cli;
