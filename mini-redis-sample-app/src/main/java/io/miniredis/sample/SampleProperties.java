package io.miniredis.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings ({@code sample.*}).
 *
 * @param catalogLatency how long the pretend product lookup takes when the cache misses
 * @param rateLimit      requests allowed per client and window
 * @param feed           the live feed's history and heartbeat
 */
@ConfigurationProperties("sample")
public record SampleProperties(
        @DefaultValue("500ms") Duration catalogLatency,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Feed feed) {

    /**
     * @param requests requests a client may make per window
     * @param window   the window's length (whole seconds: it becomes the key's EXPIRE)
     */
    public record RateLimit(
            @DefaultValue("5") int requests,
            @DefaultValue("10s") Duration window) {}

    /**
     * @param history   events kept in Redis (LTRIM) and sent first to a new subscriber
     * @param heartbeat how often an idle stream gets a comment, so that proxies keep it open
     */
    public record Feed(
            @DefaultValue("100") int history,
            @DefaultValue("15s") Duration heartbeat) {}
}
