package io.miniredis.protocol;

/** The Redis version mini-redis implements and reports (INFO, HELLO, the Lua redis.REDIS_VERSION): 7.0.15. */
public final class RedisVersion {

    public static final String VERSION = "7.0.15";

    private RedisVersion() {}
}
