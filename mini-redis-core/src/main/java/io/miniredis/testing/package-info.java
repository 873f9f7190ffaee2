/**
 * Test support on the embedded server, reached only through Java API on {@code MiniRedisServer}, never through a
 * command a client can send: {@link io.miniredis.testing.ServerClock}, the server's time, which a test can fix and
 * advance; fixtures ({@link io.miniredis.testing.Fixtures}: datasets loaded from command text, JSON or RDB,
 * snapshotted in memory and restored between tests).
 */
package io.miniredis.testing;
