/**
 * The stream commands: XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XSETID ({@code StreamCommands}); XREAD and
 * XREADGROUP, blocking included ({@code StreamReadCommands}); XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM
 * ({@code StreamGroupCommands}); XINFO ({@code StreamInfoCommands}). The storage is {@code store.RedisStream}.
 */
package io.miniredis.command.stream;
