package io.miniredis.pubsub;

import java.util.Arrays;

/**
 * A channel name, pattern or shard channel as a map key: the client's bytes, compared by content, with the hash
 * computed once. Channels are binary like keys, so they are never turned into Strings.
 */
final class ChannelName {

    private final byte[] bytes;
    private final int hash;

    ChannelName(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelName that && hash == that.hash && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
