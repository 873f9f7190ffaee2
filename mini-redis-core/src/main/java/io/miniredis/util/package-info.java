/**
 * Small helpers several layers use: Redis's glob matching.
 */
package io.miniredis.util;
