/**
 * Counters and histograms the server keeps for INFO, the commands and the starter's metrics.
 */
package io.miniredis.stats;
