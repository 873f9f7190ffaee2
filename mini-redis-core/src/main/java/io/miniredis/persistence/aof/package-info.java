/**
 * The append-only file, Redis 7's multi-part layout: a manifest naming a base (an RDB image) and incremental files
 * of propagated commands; appending with the three fsync policies, loading at start, rewriting.
 */
package io.miniredis.persistence.aof;
