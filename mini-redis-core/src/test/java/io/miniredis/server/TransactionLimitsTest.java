package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.LocalServer;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the differential tests cannot show: the bound on a MULTI queue (mini-redis's own limit) and WATCH broken by
 * eviction, whose calls into the keyspace listener are simulated here as the eviction code makes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionLimitsTest {

    @RegisterExtension
    final LocalServer server = new LocalServer();

    @Test
    void aQueuePastTheQueryBufferLimitDoomsTheTransaction() {
        try (RespClient client = new RespClient(server.port())) {
            assertThat(client.call("CONFIG", "SET", "client-query-buffer-limit", "1mb")
                            .line())
                    .isEqualTo("OK");
            byte[] value = new byte[200_000];
            Arrays.fill(value, (byte) 'v');
            client.call("CLIENT", "SETNAME", "big-tx");
            client.call("MULTI");
            int queued = 0;
            RespReply reply;
            while ((reply = client.call("SET".getBytes(), "k".getBytes(), value)).type() == '+') {
                assertThat(reply.line()).isEqualTo("QUEUED");
                queued++;
            }
            assertThat(queued).isEqualTo(5); // 5 x 200 KB fit in 1 MiB, the 6th does not
            assertThat(reply.line()).isEqualTo("ERR Transaction queue exceeds 'client-query-buffer-limit'");
            assertThat(clientListLine("big-tx"))
                    .contains("flags=x ")
                    .contains(" multi=5 ")
                    .contains(" multi-mem=" + 5 * (200_000 + 1 + 3 + 3 * 8) + " ");
            // a doomed transaction keeps nothing more
            assertThat(client.call("SET".getBytes(), "k".getBytes(), value).line())
                    .isEqualTo("QUEUED");
            assertThat(client.call("PING").line()).isEqualTo("QUEUED");
            assertThat(client.call("EXEC").line())
                    .isEqualTo("EXECABORT Transaction discarded because of previous errors.");
            assertThat(client.call("EXISTS", "k").line()).isEqualTo("0");

            client.call("MULTI");
            client.call("SET".getBytes(), "k".getBytes(), value);
            assertThat(client.call("EXEC").elements()).hasSize(1);
            assertThat(client.call("STRLEN", "k").line()).isEqualTo("200000");
        } finally {
            try (RespClient client = new RespClient(server.port())) {
                client.call("CONFIG", "SET", "client-query-buffer-limit", "1gb");
                client.call("DEL", "k");
            }
        }
    }

    @Test
    void evictionBreaksAWatch() throws Exception {
        try (RespClient client = new RespClient(server.port())) {
            client.call("SET", "evicted", "v");
            client.call("SET", "kept", "v");
            client.call("WATCH", "kept");
            onKeyspaceThread(() -> evict("evicted"));
            client.call("MULTI");
            client.call("PING");
            assertThat(client.call("EXEC").elements()).hasSize(1);

            client.call("WATCH", "evicted2", "kept");
            onKeyspaceThread(() -> evict("kept"));
            assertThat(clientInfo(client)).contains("flags=d ");
            client.call("MULTI");
            client.call("PING");
            assertThat(client.call("EXEC").raw()).isEqualTo("*-1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(server.context().watchedKeys().watchedKeyCount()).isZero();
        }
    }

    /** What eviction does: the key leaves the database, and only {@code keyEvicted} is told. */
    private void evict(String key) {
        ServerContext context = server.context();
        context.watchedKeys().keyEvicted(context.keyspace().db(0), key.getBytes(StandardCharsets.UTF_8));
    }

    private void onKeyspaceThread(Runnable task) throws Exception {
        server.context().keyspaceThread().submit(task).get(5, TimeUnit.SECONDS);
    }

    private String clientListLine(String name) {
        try (RespClient observer = new RespClient(server.port())) {
            String list = new String(observer.call("CLIENT", "LIST").bulk(), StandardCharsets.UTF_8);
            return list.lines()
                    .filter(line -> line.contains(" name=" + name + " "))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static String clientInfo(RespClient client) {
        RespReply info = client.call("CLIENT", "INFO");
        return info.bulk() != null ? new String(info.bulk(), StandardCharsets.UTF_8) : info.line();
    }
}
