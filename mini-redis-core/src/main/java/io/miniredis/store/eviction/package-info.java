/**
 * maxmemory: the eviction policies, the pool of candidates Redis keeps, and the LRU/LFU clocks.
 */
package io.miniredis.store.eviction;
