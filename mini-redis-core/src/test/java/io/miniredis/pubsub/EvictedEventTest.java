package io.miniredis.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.server.ServerContext;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code evicted} keyspace event: eviction tells the keyspace listeners through {@code keyEvicted}, and a
 * subscriber receives {@code evicted} on both channels when the {@code e} class is on (and nothing when it is off).
 */
class EvictedEventTest {

    @Test
    void evictionIsReportedToSubscribers() throws Exception {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient subscriber = new RespClient(server.port());
                RespClient admin = new RespClient(server.port())) {
            ServerContext context = server.context();
            subscriber.call("PSUBSCRIBE", "__key*@3__:*");
            evict(context, "off");
            admin.call("CONFIG", "SET", "notify-keyspace-events", "KEe");
            evict(context, "victim");
            assertThat(message(subscriber.read())).isEqualTo("__keyspace@3__:victim evicted");
            assertThat(message(subscriber.read())).isEqualTo("__keyevent@3__:evicted victim");
            assertThat(subscriber.hasReplyWithin(100)).isFalse();
        }
    }

    /** What eviction does for a key of database 3, on the keyspace thread. */
    private static void evict(ServerContext context, String key) throws Exception {
        context.keyspaceThread()
                .submit(() -> context.keyspace().db(3).delete(key.getBytes(StandardCharsets.UTF_8)))
                .get(5, TimeUnit.SECONDS);
        context.keyspaceThread()
                .submit(() -> context.notifications()
                        .keyEvicted(context.keyspace().db(3), key.getBytes(StandardCharsets.UTF_8)))
                .get(5, TimeUnit.SECONDS);
    }

    private static String message(RespReply push) {
        return push.elements().get(2).text() + " " + push.elements().get(3).text();
    }
}
