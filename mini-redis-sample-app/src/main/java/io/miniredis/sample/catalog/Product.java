package io.miniredis.sample.catalog;

import java.math.BigDecimal;

/** What the slow lookup returns, and what the cache keeps (as JSON) in Redis. */
public record Product(String id, String name, BigDecimal price, String description) {}
