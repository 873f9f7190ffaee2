package io.miniredis.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.PendingMessagesSummary;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;
import org.springframework.data.redis.stream.Subscription;

/**
 * Spring Data Redis's {@code StreamMessageListenerContainer} on the embedded server: a consumer group read with
 * {@code >} by XREADGROUP with BLOCK (the container's poll), records acknowledged with XACK by the listener, and
 * what the server then says about the group (XPENDING, XINFO GROUPS / CONSUMERS) as Spring reads it.
 */
@SpringBootTest(classes = StreamListenerContainerTest.App.class, properties = "mini-redis.port=0")
class StreamListenerContainerTest {

    private static final String STREAM = "orders";
    private static final String GROUP = "fulfilment";

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    RedisConnectionFactory connectionFactory;

    private StreamMessageListenerContainer<String, MapRecord<String, String, String>> container;

    @BeforeEach
    void freshStreamAndContainer() {
        redis.delete(STREAM);
        // Spring's createGroup sends XGROUP CREATE ... MKSTREAM
        redis.opsForStream().createGroup(STREAM, ReadOffset.from("0-0"), GROUP);
        container = StreamMessageListenerContainer.create(
                connectionFactory,
                StreamMessageListenerContainerOptions.builder()
                        .pollTimeout(Duration.ofMillis(100))
                        .batchSize(2)
                        .build());
    }

    @AfterEach
    void stop() {
        container.stop();
    }

    @Test
    void consumesWithAGroupAndAcknowledges() throws Exception {
        BlockingQueue<MapRecord<String, String, String>> handled = new LinkedBlockingQueue<>();
        Subscription subscription = container.receive(
                Consumer.from(GROUP, "worker-1"), StreamOffset.create(STREAM, ReadOffset.lastConsumed()), record -> {
                    redis.opsForStream().acknowledge(GROUP, record);
                    handled.add(record);
                });
        container.start();
        assertThat(subscription.await(Duration.ofSeconds(5))).isTrue();

        List<RecordId> added = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            added.add(redis.opsForStream().add(STREAM, Map.of("item", "book-" + i, "quantity", Integer.toString(i))));
        }
        List<String> items = new ArrayList<>();
        List<RecordId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MapRecord<String, String, String> record = handled.poll(10, TimeUnit.SECONDS);
            assertThat(record).as("record %d", i + 1).isNotNull();
            items.add(record.getValue().get("item"));
            ids.add(record.getId());
        }
        assertThat(items).containsExactly("book-1", "book-2", "book-3", "book-4", "book-5");
        assertThat(ids).isEqualTo(added);

        // every record was acknowledged: nothing pending, the group has read all five
        PendingMessagesSummary summary = redis.opsForStream().pending(STREAM, GROUP);
        assertThat(summary.getTotalPendingMessages()).isZero();
        StreamInfo.XInfoGroup group = redis.opsForStream().groups(STREAM).get(0);
        assertThat(group.groupName()).isEqualTo(GROUP);
        assertThat(group.consumerCount()).isEqualTo(1L);
        assertThat(group.pendingCount()).isZero();
        assertThat(group.lastDeliveredId()).isEqualTo(added.get(4).getValue());
        StreamInfo.XInfoConsumer consumer =
                redis.opsForStream().consumers(STREAM, GROUP).get(0);
        assertThat(consumer.consumerName()).isEqualTo("worker-1");
        assertThat(consumer.pendingCount()).isZero();
        assertThat(redis.opsForStream().size(STREAM)).isEqualTo(5);
    }

    @Test
    void unacknowledgedRecordsStayPendingAndAnotherConsumerClaimsThem() throws Exception {
        BlockingQueue<MapRecord<String, String, String>> seen = new LinkedBlockingQueue<>();
        container.receive(
                Consumer.from(GROUP, "crashing"),
                StreamOffset.create(STREAM, ReadOffset.lastConsumed()),
                seen::add); // never acknowledges
        container.start();
        RecordId first = redis.opsForStream().add(STREAM, Map.of("item", "lamp"));
        RecordId second = redis.opsForStream().add(STREAM, Map.of("item", "desk"));
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isNotNull();
        container.stop();

        PendingMessages pending = redis.opsForStream().pending(STREAM, GROUP, Range.unbounded(), 10);
        assertThat(pending).hasSize(2);
        assertThat(pending.get(0).getIdAsString()).isEqualTo(first.getValue());
        assertThat(pending.get(0).getConsumerName()).isEqualTo("crashing");
        assertThat(pending.get(0).getTotalDeliveryCount()).isEqualTo(1);

        // a second consumer takes them over (XCLAIM) and acknowledges them
        List<MapRecord<String, String, String>> claimed =
                redis.<String, String>opsForStream().claim(STREAM, GROUP, "rescuer", Duration.ZERO, first, second);
        assertThat(claimed).extracting(r -> r.getValue().get("item")).containsExactly("lamp", "desk");
        assertThat(redis.opsForStream().pending(STREAM, Consumer.from(GROUP, "rescuer"), Range.unbounded(), 10))
                .hasSize(2);
        assertThat(redis.opsForStream().acknowledge(STREAM, GROUP, first, second))
                .isEqualTo(2);
        assertThat(redis.opsForStream().pending(STREAM, GROUP).getTotalPendingMessages())
                .isZero();
    }

    @SpringBootApplication
    static class App {}
}
