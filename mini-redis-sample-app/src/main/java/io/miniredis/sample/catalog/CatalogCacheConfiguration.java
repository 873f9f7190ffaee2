package io.miniredis.sample.catalog;

import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The {@code products} cache keeps its entries as JSON ({@code redis-cli get products::1} shows them) instead of
 * Java serialization; its TTL and key prefix are the defaults from {@code spring.cache.redis.*}.
 *
 * <p>Cache writes are immediate: Spring Data Redis 4 otherwise sends them asynchronously over Lettuce, and a lookup
 * (or an eviction) right after would race its own write; the page shows hit/miss, so it must read its writes.
 */
@Configuration(proxyBeanMethods = false)
class CatalogCacheConfiguration {

    @Bean
    RedisCacheManagerBuilderCustomizer productsCacheAsJson(RedisConnectionFactory connectionFactory) {
        return builder -> {
            builder.cacheWriter(RedisCacheWriter.create(connectionFactory, writer -> writer.immediateWrites()));
            RedisCacheConfiguration defaults = builder.cacheDefaults();
            builder.withCacheConfiguration(
                    ProductCatalog.CACHE,
                    defaults.serializeValuesWith(
                            SerializationPair.fromSerializer(new JacksonJsonRedisSerializer<>(Product.class))));
        };
    }
}
