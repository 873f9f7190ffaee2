package io.miniredis.sample.catalog;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/products/{id}}: the product, whether the cache answered, and how long it took, so the difference
 * shows. {@code DELETE /api/products/{id}/cache} evicts the entry.
 */
@RestController
@RequestMapping("/api/products")
class CatalogController {

    private final ProductCatalog catalog;

    CatalogController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    Map<String, Object> ids() {
        return Map.of("ids", catalog.ids(), "backendCalls", catalog.backendCalls());
    }

    @GetMapping("/{id}")
    LookupResponse find(@PathVariable String id) {
        long start = System.nanoTime();
        ProductCatalog.Lookup lookup = ProductCatalog.track(() -> catalog.find(id));
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new LookupResponse(lookup.product(), lookup.cached(), millis);
    }

    @DeleteMapping("/{id}/cache")
    ResponseEntity<Void> evict(@PathVariable String id) {
        catalog.evict(id);
        return ResponseEntity.noContent().build();
    }

    record LookupResponse(Product product, boolean cached, long millis) {}
}
