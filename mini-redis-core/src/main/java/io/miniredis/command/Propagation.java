package io.miniredis.command;

import io.miniredis.propagation.Propagator;
import java.nio.charset.StandardCharsets;

/** The command names and helpers the handlers use to say how they propagate (see {@link CommandCall#propagateAs}). */
public final class Propagation {

    public static final byte[] PEXPIREAT = Propagator.bytes("PEXPIREAT");
    public static final byte[] PERSIST = Propagator.bytes("PERSIST");
    public static final byte[] SET = Propagator.bytes("SET");
    public static final byte[] PXAT = Propagator.bytes("PXAT");
    public static final byte[] KEEPTTL = Propagator.bytes("KEEPTTL");
    public static final byte[] SREM = Propagator.bytes("SREM");
    public static final byte[] DEL = Propagator.bytes("DEL");
    public static final byte[] UNLINK = Propagator.bytes("UNLINK");

    private Propagation() {}

    /**
     * How Redis propagates a key a command deleted by giving it a time in the past (EXPIRE, GETEX, SET's options):
     * DEL, or UNLINK when {@code lazyfree-lazy-expire} is on.
     */
    public static byte[] deletion(CommandCall c) {
        return c.server().config().getBool("lazyfree-lazy-expire") ? UNLINK : DEL;
    }

    public static byte[] number(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] bytes(String text) {
        return Propagator.bytes(text);
    }

    public static byte[] upper(String name) {
        return Propagator.bytes(name.toUpperCase(java.util.Locale.ROOT));
    }
}
