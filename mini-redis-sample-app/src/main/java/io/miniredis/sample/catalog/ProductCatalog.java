package io.miniredis.sample.catalog;

import io.miniredis.sample.SampleProperties;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Stands for a slow backend (a remote service, a heavy query): every lookup takes {@code sample.catalog-latency}.
 * {@link #find} is {@link Cacheable}: the first lookup of a product pays the latency and its result is written to
 * Redis under {@code products::<id>}; later ones are served from Redis until the entry's TTL runs out (see
 * {@link CatalogCacheConfiguration}) or {@link #evict} removes it.
 */
@Service
public class ProductCatalog {

    public static final String CACHE = "products";

    /** Set on the calling thread when {@link #find} really ran, i.e. the cache missed. */
    private static final ThreadLocal<Boolean> LOADED = ThreadLocal.withInitial(() -> false);

    private final Map<String, Product> products = new LinkedHashMap<>();
    private final Duration latency;
    private final AtomicLong backendCalls = new AtomicLong();

    public ProductCatalog(SampleProperties properties) {
        this.latency = properties.catalogLatency();
        add("1", "Espresso cup", "12.50", "A thick-walled porcelain cup that keeps espresso hot.");
        add("2", "Pour-over kettle", "49.00", "A gooseneck kettle for a steady, thin stream.");
        add("3", "Burr grinder", "129.00", "Conical burrs, forty grind settings.");
        add("4", "Milk jug", "18.90", "Stainless steel, 350 ml, for latte art.");
        add("5", "Coffee scale", "34.00", "Weighs to 0.1 g and times the brew.");
    }

    private void add(String id, String name, String price, String description) {
        products.put(id, new Product(id, name, new BigDecimal(price), description));
    }

    @Cacheable(CACHE)
    public Product find(String id) {
        LOADED.set(true);
        backendCalls.incrementAndGet();
        sleep(latency);
        Product product = products.get(id);
        if (product == null) {
            throw new ProductNotFoundException(id);
        }
        return product;
    }

    @CacheEvict(CACHE)
    public void evict(String id) {}

    /** The ids a client can look up (not cached: it is cheap). */
    public List<String> ids() {
        return List.copyOf(products.keySet());
    }

    /** How many lookups reached the slow backend since start. */
    public long backendCalls() {
        return backendCalls.get();
    }

    /**
     * Runs a lookup through the caching proxy ({@code lookup} calls the bean, e.g. {@code () -> catalog.find(id)})
     * and tells whether the cache answered it: the backend did not run on this thread.
     */
    public static Lookup track(Supplier<Product> lookup) {
        LOADED.set(false);
        try {
            Product product = lookup.get();
            return new Lookup(product, !LOADED.get());
        } finally {
            LOADED.remove();
        }
    }

    /** The result of {@link #track}: the product, and whether it came from the cache. */
    public record Lookup(Product product, boolean cached) {}

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
