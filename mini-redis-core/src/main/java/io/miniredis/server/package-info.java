/**
 * Netty and clients: the server's start and stop, the keyspace thread and its event loop, connections, client
 * state, blocked clients, WATCH, transactions' queues, output buffer limits and client eviction.
 */
package io.miniredis.server;
