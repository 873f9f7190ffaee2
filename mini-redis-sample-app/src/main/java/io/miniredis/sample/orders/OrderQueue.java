package io.miniredis.sample.orders;

import io.miniredis.sample.SampleProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * A work queue of orders on one Redis stream, {@code orders}: placing an order is XADD (trimmed to about
 * {@code sample.orders.history} entries with {@code MAXLEN ~}), and the consumer group {@code fulfilment} hands each
 * order to one worker ({@link OrderWorker}: XREADGROUP {@code >}), which acknowledges it with XACK when done.
 *
 * <p>An order's status needs no key of its own; the group tells it: pending in the group (XPENDING) means a worker
 * has it, after the group's last delivered ID (XINFO GROUPS) means still queued, otherwise done.
 */
@Service
public class OrderQueue {

    public static final String STREAM = "orders";
    public static final String GROUP = "fulfilment";

    private final StringRedisTemplate redis;
    private final long history;

    public OrderQueue(StringRedisTemplate redis, SampleProperties properties) {
        this.redis = redis;
        this.history = properties.orders().history();
    }

    /** An order as the page shows it. */
    public record Order(String id, String item, long quantity, String status, String worker) {}

    /** The queue: the newest orders first, and the stream's and group's figures. */
    public record Queue(List<Order> orders, long length, long pending, Long lag) {}

    /** XADD orders MAXLEN ~ history * item ... quantity ... */
    public Order place(String item, long quantity) {
        MapRecord<String, String, String> record =
                StreamRecords.newRecord().in(STREAM).ofMap(Map.of("item", item, "quantity", Long.toString(quantity)));
        RecordId id = ops().add(
                        record,
                        org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions.maxlen(history)
                                .approximateTrimming(true));
        return new Order(id.getValue(), item, quantity, "queued", null);
    }

    /**
     * XREVRANGE orders + - COUNT n, with each order's status from XPENDING (a worker has it) and the group's last
     * delivered ID (queued after it, done before it).
     */
    public Queue recent(int count) {
        List<MapRecord<String, String, String>> records =
                ops().reverseRange(STREAM, Range.unbounded(), Limit.limit().count(count));
        StreamInfo.XInfoGroup group = group();
        Map<String, String> workers = new HashMap<>();
        long pendingTotal = 0;
        if (group != null) {
            var pending = ops().pending(STREAM, GROUP, Range.unbounded(), count);
            for (PendingMessage message : pending) {
                workers.put(message.getIdAsString(), message.getConsumerName());
            }
            pendingTotal = group.pendingCount();
        }
        RecordId delivered = group == null ? null : RecordId.of(group.lastDeliveredId());
        List<Order> orders = new ArrayList<>();
        for (MapRecord<String, String, String> record :
                records == null ? List.<MapRecord<String, String, String>>of() : records) {
            String id = record.getId().getValue();
            String worker = workers.get(id);
            String status = worker != null
                    ? "processing"
                    : delivered == null || compare(record.getId(), delivered) > 0 ? "queued" : "done";
            orders.add(new Order(
                    id, record.getValue().get("item"), parse(record.getValue().get("quantity")), status, worker));
        }
        Long length = ops().size(STREAM);
        return new Queue(orders, length == null ? 0 : length, pendingTotal, lag(group));
    }

    /** XGROUP CREATE orders fulfilment 0 MKSTREAM, unless the group is there already (BUSYGROUP). */
    public void ensureGroup() {
        try {
            ops().createGroup(STREAM, ReadOffset.from("0-0"), GROUP);
        } catch (RedisSystemException e) {
            if (!String.valueOf(rootMessage(e)).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** XACK orders fulfilment id. */
    public void acknowledge(RecordId id) {
        ops().acknowledge(STREAM, GROUP, id);
    }

    private StreamInfo.XInfoGroup group() {
        if (!Boolean.TRUE.equals(redis.hasKey(STREAM))) {
            return null;
        }
        for (StreamInfo.XInfoGroup group : ops().groups(STREAM)) {
            if (GROUP.equals(group.groupName())) {
                return group;
            }
        }
        return null;
    }

    /** XINFO GROUPS's lag (Redis 7): entries not yet delivered to the group, when Redis can tell. */
    private static Long lag(StreamInfo.XInfoGroup group) {
        if (group == null) {
            return null;
        }
        Object lag = group.getRaw().get("lag");
        return lag instanceof Number n ? n.longValue() : null;
    }

    private static int compare(RecordId a, RecordId b) {
        int byMs = Long.compareUnsigned(a.getTimestamp(), b.getTimestamp());
        return byMs != 0 ? byMs : Long.compareUnsigned(a.getSequence(), b.getSequence());
    }

    private static long parse(String quantity) {
        try {
            return quantity == null ? 0 : Long.parseLong(quantity);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private StreamOperations<String, String, String> ops() {
        return redis.opsForStream();
    }
}
