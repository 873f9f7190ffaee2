package io.miniredis.sample.feed;

import java.time.Instant;

/**
 * One post in the live feed: the JSON kept in the history list and published on the feed's channel.
 *
 * @param id     increasing, from INCR: the SSE event id, so a reconnecting browser resumes after the last it saw
 */
public record FeedEvent(long id, String author, String text, Instant time) {}
