/**
 * The generic key commands: DEL, EXISTS, EXPIRE and TTL families, RENAME, COPY, MOVE, SCAN, OBJECT, SORT and their
 * shared expiry options.
 */
package io.miniredis.command.key;
