/**
 * Test support on the embedded server, reached only through Java API on {@code MiniRedisServer}, never through a
 * command a client can send: {@link io.miniredis.testing.ServerClock}, the server's time, which a test can fix and
 * advance.
 */
package io.miniredis.testing;
