/**
 * Test support on the embedded server, Java API only (nothing a client can send reaches it): {@link
 * io.miniredis.testing.Faults} (delays, error replies, dropped connections, stalls, per command and key pattern) and
 * the {@link io.miniredis.testing.CommandRecorder} (what the clients sent). Both sit behind {@link
 * io.miniredis.testing.TestHooks}, one flag the connection reads per command, so that with neither in use a command
 * costs what it did without them.
 */
package io.miniredis.testing;
