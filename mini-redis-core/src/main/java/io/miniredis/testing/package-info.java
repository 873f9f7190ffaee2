/**
 * Test support on the embedded server, reached only through Java API on {@code MiniRedisServer}, never through a
 * command a client can send: {@link io.miniredis.testing.ServerClock}, the server's time, which a test can fix and
 * advance; fixtures ({@link io.miniredis.testing.Fixtures}: datasets loaded from command text, JSON or RDB,
 * snapshotted in memory and restored between tests); {@link io.miniredis.testing.Faults} (delays, error replies,
 * dropped connections, stalls, per command and key pattern) and the {@link io.miniredis.testing.CommandRecorder} (what
 * the clients sent), both behind {@link io.miniredis.testing.TestHooks}, one flag the connection reads per command, so
 * that with neither in use a command costs what it did without them.
 */
package io.miniredis.testing;
