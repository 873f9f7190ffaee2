/**
 * RESP on the wire: the request decoder (RESP2 multibulk and inline, with Redis's limits and error texts), the
 * reply writer (RESP2 or RESP3 by the client's protocol), number formatting and parsing as Redis does them, and
 * {@link io.miniredis.protocol.RedisError}, an error reply as an exception.
 */
package io.miniredis.protocol;
