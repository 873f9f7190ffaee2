package io.miniredis.sample.catalog;

import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The {@code products} cache keeps its entries as JSON ({@code redis-cli get products::1} shows them) instead of
 * Java serialization; its TTL and key prefix are the defaults from {@code spring.cache.redis.*}.
 */
@Configuration(proxyBeanMethods = false)
class CatalogCacheConfiguration {

    @Bean
    RedisCacheManagerBuilderCustomizer productsCacheAsJson() {
        return builder -> {
            RedisCacheConfiguration defaults = builder.cacheDefaults();
            builder.withCacheConfiguration(ProductCatalog.CACHE, defaults.serializeValuesWith(
                    SerializationPair.fromSerializer(new JacksonJsonRedisSerializer<>(Product.class))));
        };
    }
}
