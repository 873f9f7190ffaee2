/**
 * Pub/sub: channels and patterns with their subscribers (keyed by their subscriptions, which point back to a
 * {@link io.miniredis.pubsub.Subscriber}), push delivery, and keyspace notifications.
 */
package io.miniredis.pubsub;
