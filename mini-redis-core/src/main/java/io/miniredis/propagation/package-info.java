/**
 * Propagation: what each command changed, as Redis propagates it (its argv, or the deterministic rewrite Redis
 * makes of it), handed to listeners on the keyspace thread: the AOF now, replicas later.
 */
package io.miniredis.propagation;
