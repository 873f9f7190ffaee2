package io.miniredis.protocol;

/**
 * What the decoder emits, in order with the commands before it, when a request breaks the protocol. The
 * connection answers it with {@code -ERR Protocol error: ...} and then closes, after the replies to every
 * command decoded before it.
 */
public record ProtocolError(String message) {

    /** The query buffer outgrew {@code client-query-buffer-limit}: Redis closes such a client without a reply. */
    public static final ProtocolError QUERY_BUFFER_OVERFLOW = new ProtocolError(null);

    public boolean silent() {
        return message == null;
    }

    /** The error reply text without the leading {@code -}, e.g. {@code ERR Protocol error: invalid bulk length}. */
    public String replyText() {
        return "ERR Protocol error: " + message;
    }
}
