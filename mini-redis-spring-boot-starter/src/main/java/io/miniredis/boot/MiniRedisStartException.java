package io.miniredis.boot;

/**
 * The embedded server could not start, typically because its port is taken or an address it must bind does not
 * exist; the {@code MiniRedisFailureAnalyzer} reports it without a stack trace.
 */
public class MiniRedisStartException extends RuntimeException {

    private final String bindAddress;
    private final int port;

    public MiniRedisStartException(String bindAddress, int port, Throwable cause) {
        super("mini-redis could not listen on '" + bindAddress + "' port " + port + ": " + cause.getMessage(), cause);
        this.bindAddress = bindAddress;
        this.port = port;
    }

    /** The configured addresses (redis.conf {@code bind} syntax). */
    public String getBindAddress() {
        return bindAddress;
    }

    /** The configured port (0 when any free port was asked for). */
    public int getPort() {
        return port;
    }
}
