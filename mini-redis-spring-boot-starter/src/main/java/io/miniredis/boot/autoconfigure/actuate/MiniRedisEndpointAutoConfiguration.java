package io.miniredis.boot.autoconfigure.actuate;

import io.miniredis.boot.actuate.MiniRedisEndpoint;
import io.miniredis.boot.autoconfigure.MiniRedisAutoConfiguration;
import io.miniredis.server.MiniRedisServer;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The read-only {@code miniredis} actuator endpoint (the server's INFO as JSON), when the actuator is present and
 * the endpoint is exposed ({@code management.endpoints.web.exposure.include=miniredis}, or over JMX).
 */
@AutoConfiguration(after = MiniRedisAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(MiniRedisServer.class)
@ConditionalOnAvailableEndpoint(MiniRedisEndpoint.class)
public class MiniRedisEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MiniRedisEndpoint miniRedisEndpoint(MiniRedisServer server) {
        return new MiniRedisEndpoint(server);
    }
}
