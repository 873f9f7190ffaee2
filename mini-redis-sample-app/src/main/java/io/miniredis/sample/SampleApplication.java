package io.miniredis.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The sample application: four everyday uses of Redis, each behind a JSON endpoint and shown by
 * {@code static/index.html}. By default it talks to the mini-redis server the starter embeds (Redis protocol on
 * 6379); with the {@code external} profile it connects to another Redis or mini-redis instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableCaching
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
