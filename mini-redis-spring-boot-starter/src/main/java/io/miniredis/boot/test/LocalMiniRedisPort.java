package io.miniredis.boot.test;

import io.miniredis.boot.MiniRedisServerLifecycle;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Value;

/**
 * In a Spring test, injects the port the application's embedded server listens on ({@value
 * MiniRedisServerLifecycle#PORT_PROPERTY}), like {@code @LocalServerPort} for the web server; handy with
 * {@code mini-redis.port=0}.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${" + MiniRedisServerLifecycle.PORT_PROPERTY + "}")
public @interface LocalMiniRedisPort {}
