/**
 * The keyspace: databases of keys to typed values, one lookup path that expires, touches and counts, Redis's SCAN
 * cursor, memory accounting, and one class per value type.
 */
package io.miniredis.store;
