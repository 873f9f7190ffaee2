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
 * @param orders         the order queue's stream length and worker
 */
@ConfigurationProperties("sample")
public record SampleProperties(
        @DefaultValue("500ms") Duration catalogLatency,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Feed feed,
        @DefaultValue Orders orders) {

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

    /**
     * @param history        orders kept in the stream (XADD's {@code MAXLEN ~}: Redis trims whole nodes, so about)
     * @param worker         this instance's consumer name in the group
     * @param processingTime how long the worker takes over an order before acknowledging it
     * @param pollTimeout    XREADGROUP's BLOCK: how long one read waits for new orders
     */
    public record Orders(
            @DefaultValue("1000") long history,
            @DefaultValue("worker-1") String worker,
            @DefaultValue("2s") Duration processingTime,
            @DefaultValue("1s") Duration pollTimeout) {}
}
