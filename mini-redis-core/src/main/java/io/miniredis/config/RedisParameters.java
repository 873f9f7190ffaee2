package io.miniredis.config;

import java.util.ArrayList;
import java.util.List;

import static io.miniredis.config.ConfigParameter.immutable;
import static io.miniredis.config.ConfigParameter.mutable;
import static io.miniredis.config.ConfigTypes.BOOL;
import static io.miniredis.config.ConfigTypes.STRING;
import static io.miniredis.config.ConfigTypes.integer;
import static io.miniredis.config.ConfigTypes.memory;

/**
 * Every configuration parameter of Redis 7.0 with its default and its validation, so that redis.conf files and
 * tools that read or set parameters keep working. The server acts on some; the others are validated and reported
 * back as Redis would.
 */
public final class RedisParameters {

    private RedisParameters() {
    }

    public static List<ConfigParameter> all() {
        List<ConfigParameter> p = new ArrayList<>();
        p.add(mutable("port", integer(0, 65535), "6379"));
        p.add(mutable("bind", STRING, "* -::*"));
        p.add(mutable("requirepass", STRING, ""));
        p.add(immutable("databases", integer(1, Integer.MAX_VALUE), "16"));
        p.add(mutable("maxclients", integer(1, Integer.MAX_VALUE), "10000"));
        p.add(mutable("timeout", integer(0, Integer.MAX_VALUE), "0"));
        p.add(mutable("hz", integer(0, Integer.MAX_VALUE), "10"));
        p.add(mutable("proto-max-bulk-len", memory(1024 * 1024, Long.MAX_VALUE), "536870912"));
        p.add(mutable("client-query-buffer-limit", memory(1024 * 1024, Long.MAX_VALUE), "1073741824"));
        p.add(mutable("appendonly", BOOL, "no"));
        p.add(immutable("tcp-backlog", integer(0, Integer.MAX_VALUE), "511"));
        p.add(mutable("tcp-keepalive", integer(0, Integer.MAX_VALUE), "300"));
        p.add(immutable("enable-debug-command", ConfigTypes.oneOf("no", "yes", "local"), "no"));
        return p;
    }
}
