package io.miniredis.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.miniredis.boot.test.LocalMiniRedisPort;
import io.miniredis.server.MiniRedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A whole application: web server, actuator over HTTP, Spring Data Redis over Lettuce, the Redis cache manager,
 * all connected to the embedded server by the starter with no Redis configuration at all.
 */
@SpringBootTest(
        classes = MiniRedisApplicationTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mini-redis.port=0",
            "management.endpoints.web.exposure.include=health,prometheus,miniredis",
            "management.endpoint.health.show-details=always",
            "management.endpoint.health.group.readiness.include=readinessState,miniRedis",
            "spring.cache.type=redis"
        })
class MiniRedisApplicationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int httpPort;

    @LocalMiniRedisPort
    int redisPort;

    @Autowired
    MiniRedisServer server;

    @Autowired
    StringRedisTemplate strings;

    @Autowired
    RedisTemplate<Object, Object> objects;

    @Autowired
    LettuceConnectionFactory connectionFactory;

    @Autowired
    CacheManager cacheManager;

    @Autowired
    Greeter greeter;

    @Test
    void redisTemplateOverLettuceUsesTheEmbeddedServer() {
        assertThat(redisPort).isEqualTo(server.port());
        assertThat(connectionFactory.getPort()).isEqualTo(redisPort);
        strings.opsForValue().set("greeting", "hello");
        assertThat(strings.opsForValue().get("greeting")).isEqualTo("hello");
        objects.opsForValue().set("numbers", List.of(1, 2, 3));
        assertThat(objects.opsForValue().get("numbers")).isEqualTo(List.of(1, 2, 3));
        assertThat(strings.delete("greeting")).isTrue();
    }

    @Test
    void cacheableMethodsAreCachedInTheEmbeddedServer() {
        assertThat(cacheManager).isInstanceOf(RedisCacheManager.class);
        int before = greeter.calls();
        assertThat(greeter.greet("ada")).isEqualTo("hello ada");
        assertThat(greeter.greet("ada")).isEqualTo("hello ada");
        assertThat(greeter.calls()).isEqualTo(before + 1);
        assertThat(strings.hasKey("greetings::ada")).isTrue();
    }

    @Test
    void everyCachedValueIsReadBackRightAfterItWasWritten() {
        int before = greeter.calls();
        for (int i = 0; i < 500; i++) {
            greeter.greet("caller-" + i);
            greeter.greet("caller-" + i);
        }
        assertThat(greeter.calls()).isEqualTo(before + 500);
    }

    @Test
    void healthShowsTheServerUpAndInTheReadinessGroup() throws Exception {
        String health = get("/actuator/health");
        assertThat((String) JsonPath.read(health, "$.components.miniRedis.status"))
                .isEqualTo("UP");
        assertThat((Integer) JsonPath.read(health, "$.components.miniRedis.details.port"))
                .isEqualTo(redisPort);
        String readiness = get("/actuator/health/readiness");
        assertThat((String) JsonPath.read(readiness, "$.status")).isEqualTo("UP");
        assertThat((String) JsonPath.read(readiness, "$.components.miniRedis.status"))
                .isEqualTo("UP");
    }

    @Test
    void prometheusShowsTheCommandCounterGrowing() throws Exception {
        String first = get("/actuator/prometheus");
        double before = sample(first, "miniredis_commands_seconds_count", "command=\"set\"");
        double memoryBefore = value(first, "miniredis_memory_used_bytes");
        strings.opsForValue().set("big", "x".repeat(100_000));
        for (int i = 0; i < 3; i++) {
            strings.opsForValue().set("counter-" + i, "x");
        }
        String after = get("/actuator/prometheus");
        assertThat(sample(after, "miniredis_commands_seconds_count", "command=\"set\""))
                .isEqualTo(before + 4);
        // the server's own accounting: the 100 kB value shows, whatever the JVM heap does
        assertThat(value(after, "miniredis_memory_used_bytes")).isGreaterThan(memoryBefore + 100_000);
        assertThat(sample(after, "miniredis_keys", "db=\"0\"")).isGreaterThanOrEqualTo(3);
        assertThat(after)
                .contains(
                        "miniredis_memory_used_bytes",
                        "miniredis_network_received_bytes_total",
                        "miniredis_keyspace_hits_total",
                        "miniredis_clients_connected");
    }

    @Test
    void endpointShowsInfo() throws Exception {
        strings.opsForValue().set("endpoint", "x");
        String info = get("/actuator/miniredis");
        assertThat((String) JsonPath.read(info, "$.server.redis_version")).isEqualTo("7.0.15");
        Map<String, Object> db0 = JsonPath.read(info, "$.keyspace.db0");
        assertThat(((Number) db0.get("keys")).intValue()).isPositive();
        String memory = get("/actuator/miniredis/memory");
        assertThat((Object) JsonPath.read(memory, "$.used_memory")).isInstanceOf(Number.class);
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    /** The value of a Prometheus sample that is alone under its name, labels or not. */
    private static double value(String exposition, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$")
                .matcher(exposition);
        assertThat(matcher.find()).as(name).isTrue();
        return Double.parseDouble(matcher.group(2));
    }

    /** The value of one Prometheus sample, found by its name and one of its labels. */
    private static double sample(String exposition, String name, String label) {
        Matcher matcher = Pattern.compile(
                        "(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} (\\S+)$")
                .matcher(exposition);
        assertThat(matcher.find()).as(name + "{" + label + "}").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @SpringBootApplication
    @EnableCaching
    static class App {

        @Bean
        Greeter greeter() {
            return new Greeter();
        }

        /**
         * Spring Data Redis 4 writes cache entries asynchronously over Lettuce by default: the cached method
         * returns before the SET is sent, so an immediate second call can miss. The test wants the write done
         * before it asserts, as it would be in a synchronous client.
         */
        @Bean
        RedisCacheManagerBuilderCustomizer immediateCacheWrites(LettuceConnectionFactory connectionFactory) {
            return builder ->
                    builder.cacheWriter(RedisCacheWriter.create(connectionFactory, writer -> writer.immediateWrites()));
        }
    }

    static class Greeter {

        private final AtomicInteger calls = new AtomicInteger();

        /** A method, not the field: the test talks to the caching proxy, whose own fields are unused. */
        public int calls() {
            return calls.get();
        }

        @Cacheable("greetings")
        public String greet(String name) {
            calls.incrementAndGet();
            return "hello " + name;
        }
    }
}
