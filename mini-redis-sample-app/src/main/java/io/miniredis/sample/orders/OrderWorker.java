package io.miniredis.sample.orders;

import io.miniredis.sample.SampleProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamReadRequest;

/**
 * This instance's worker: Spring Data Redis's {@code StreamMessageListenerContainer} reading the {@code orders}
 * stream as consumer {@code sample.orders.worker} of the group {@code fulfilment} (XREADGROUP ... BLOCK, {@code >}:
 * each order goes to one worker of the group, however many instances share the Redis). It "fulfils" an order by
 * waiting {@code sample.orders.processing-time}, then acknowledges it (XACK). An order a worker took and never
 * acknowledged stays pending in the group, where XPENDING / XCLAIM find it.
 *
 * <p>The group is created at start (XGROUP CREATE ... MKSTREAM) and again when the read finds it gone (the stream
 * deleted, FLUSHALL): the read says NOGROUP, the error handler recreates it, and the subscription goes on.
 */
@Configuration(proxyBeanMethods = false)
class OrderWorker {

    /** How long the worker waits after a failed read other than NOGROUP (Redis unreachable), not to spin. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    @Bean
    StreamMessageListenerContainer<String, MapRecord<String, String, String>> orderWorkerContainer(
            RedisConnectionFactory connectionFactory, OrderQueue queue, SampleProperties properties) {
        SampleProperties.Orders settings = properties.orders();
        StreamMessageListenerContainer<String, MapRecord<String, String, String>> container =
                StreamMessageListenerContainer.create(
                        connectionFactory,
                        StreamMessageListenerContainerOptions.builder()
                                .pollTimeout(settings.pollTimeout())
                                .batchSize(10)
                                .build());
        try {
            queue.ensureGroup();
        } catch (RuntimeException e) {
            // Redis not reachable yet (external mode): the read's error handler creates the group later
        }
        StreamReadRequest<String> request = StreamReadRequest.builder(
                        StreamOffset.create(OrderQueue.STREAM, ReadOffset.lastConsumed()))
                .consumer(Consumer.from(OrderQueue.GROUP, settings.worker()))
                .autoAcknowledge(false)
                .cancelOnError(error -> false)
                .errorHandler(error -> recover(queue, error))
                .build();
        container.register(request, record -> {
            pause(settings.processingTime());
            queue.acknowledge(record.getId());
        });
        return container;
    }

    private static void recover(OrderQueue queue, Throwable error) {
        String message = String.valueOf(OrderQueue.rootMessage(error));
        if (message.startsWith("NOGROUP")) {
            try {
                try {
                    queue.ensureGroup();
                } catch (RuntimeException e) {
                    // Redis not reachable yet (external mode): the read's error handler creates the group later
                }
                return;
            } catch (RuntimeException e) {
                // Redis went away meanwhile: pause below
            }
        }
        pause(RETRY_PAUSE);
    }

    private static void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
