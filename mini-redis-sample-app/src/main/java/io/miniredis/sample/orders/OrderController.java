package io.miniredis.sample.orders;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/orders} with {@code {"item": "lamp", "quantity": 2}} queues an order; {@code GET
 * /api/orders?count=10} lists the newest with their status ({@code queued}, {@code processing} by a worker,
 * {@code done}) and the queue's figures.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private static final Pattern ITEM = Pattern.compile("[\\p{L}\\p{N} ._-]{1,40}");
    private static final int MAX_COUNT = 100;
    private static final long MAX_QUANTITY = 1000;

    private final OrderQueue queue;

    OrderController(OrderQueue queue) {
        this.queue = queue;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OrderQueue.Order place(@RequestBody NewOrder order) {
        String item = order.item() == null ? "" : order.item().strip();
        if (!ITEM.matcher(item).matches()) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "An item has 1 to 40 letters, digits, spaces, dots, dashes or underscores");
        }
        long quantity = order.quantity() == null ? 1 : order.quantity();
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "quantity must be between 1 and " + MAX_QUANTITY);
        }
        return queue.place(item, quantity);
    }

    @GetMapping
    OrderQueue.Queue recent(@RequestParam(defaultValue = "10") int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "count must be between 1 and " + MAX_COUNT);
        }
        return queue.recent(count);
    }

    record NewOrder(String item, Long quantity) {}
}
