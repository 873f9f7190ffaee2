package io.miniredis.boot.actuate;

import io.miniredis.boot.MiniRedisProbe;
import io.miniredis.server.MiniRedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/miniredis}: the embedded server's INFO as JSON, every section ({@code INFO everything});
 * {@code /actuator/miniredis/{section}} one section, e.g. {@code memory} or {@code commandstats}. Read-only.
 * <p>
 * INFO is asked over a real connection, like {@code redis-cli INFO} would, so the figures are exactly what
 * clients see; that connection and that INFO call therefore show in the server's own statistics.
 */
@Endpoint(id = "miniredis")
public class MiniRedisEndpoint {

    private final MiniRedisServer server;
    private final MiniRedisProbe probe;

    public MiniRedisEndpoint(MiniRedisServer server) {
        this(server, Duration.ofSeconds(5));
    }

    public MiniRedisEndpoint(MiniRedisServer server, Duration timeout) {
        this.server = server;
        this.probe = new MiniRedisProbe(server, timeout);
    }

    @ReadOperation
    public Map<String, Map<String, Object>> info() {
        return InfoText.parse(info("everything"));
    }

    /** One section by its INFO name (any case); null, so 404, when the server has no such section. */
    @ReadOperation
    public Map<String, Object> section(@Selector String section) {
        return InfoText.parse(info(section)).get(section.toLowerCase(java.util.Locale.ROOT));
    }

    private String info(String section) {
        if (!server.isRunning()) {
            return "";
        }
        try {
            return (String) probe.command("INFO", section);
        } catch (IOException e) {
            throw new UncheckedIOException("mini-redis did not answer INFO", e);
        }
    }
}
