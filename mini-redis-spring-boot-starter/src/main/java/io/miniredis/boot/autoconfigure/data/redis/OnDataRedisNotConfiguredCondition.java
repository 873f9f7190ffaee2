package io.miniredis.boot.autoconfigure.data.redis;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless the application says where its Redis is: one of {@code spring.data.redis.url}, {@code .host},
 * {@code .port}, {@code .sentinel.master}, {@code .sentinel.nodes}, {@code .cluster.nodes} or
 * {@code .masterreplica.nodes} is set, in any property source (so also {@code SPRING_DATA_REDIS_HOST} and the
 * like). The other {@code spring.data.redis} properties (database, timeouts, client name, pool...) do not name a
 * server, and apply to the embedded one.
 */
class OnDataRedisNotConfiguredCondition extends SpringBootCondition {

    private static final List<String> SERVER_PROPERTIES = List.of(
            "spring.data.redis.url",
            "spring.data.redis.host",
            "spring.data.redis.port",
            "spring.data.redis.sentinel.master");
    private static final List<String> NODE_LISTS = List.of(
            "spring.data.redis.sentinel.nodes",
            "spring.data.redis.cluster.nodes",
            "spring.data.redis.masterreplica.nodes");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        for (String property : SERVER_PROPERTIES) {
            if (binder.bind(property, Bindable.of(String.class)).isBound()) {
                return ConditionOutcome.noMatch(property + " is set: Spring Data Redis connects to that server");
            }
        }
        for (String property : NODE_LISTS) {
            if (binder.bind(property, Bindable.listOf(String.class))
                    .map(nodes -> !nodes.isEmpty())
                    .orElse(false)) {
                return ConditionOutcome.noMatch(property + " is set: Spring Data Redis connects to those servers");
            }
        }
        return ConditionOutcome.match("spring.data.redis names no server: connecting Spring Data Redis to mini-redis");
    }
}
