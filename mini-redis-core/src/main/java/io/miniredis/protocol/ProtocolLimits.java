package io.miniredis.protocol;

import java.util.function.BooleanSupplier;

/**
 * The hard limits the request decoder enforces before it allocates anything a client asked for.
 *
 * @param maxBulkLength      {@code proto-max-bulk-len}: the largest single argument
 * @param maxInlineLength    the longest inline request or header line without a newline (Redis: 64 KiB)
 * @param maxQueryBuffer     {@code client-query-buffer-limit}: bytes one client may have buffered and unparsed
 */
public record ProtocolLimits(long maxBulkLength, int maxInlineLength, long maxQueryBuffer) {

    /** Redis's limits for a client that has not authenticated yet while a password is required. */
    public static final int UNAUTHENTICATED_MAX_ARGS = 10;

    public static final int UNAUTHENTICATED_MAX_BULK = 16 * 1024;

    public static final ProtocolLimits DEFAULTS =
            new ProtocolLimits(512L * 1024 * 1024, 64 * 1024, 1024L * 1024 * 1024);

    /** Always-authenticated, for decoders that sit in front of no password. */
    public static final BooleanSupplier AUTHENTICATED = () -> true;
}
