/**
 * SUBSCRIBE, PUBLISH and PUBSUB, over the registry in {@code io.miniredis.pubsub}.
 */
package io.miniredis.command.pubsub;
