/**
 * The live configuration behind CONFIG GET and SET: every Redis 7.0 parameter, typed and validated with Redis's
 * error texts, config files read and rewritten.
 */
package io.miniredis.config;
