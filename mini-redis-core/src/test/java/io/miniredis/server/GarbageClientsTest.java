package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Clients sending random bytes neither hurt the data nor other clients, and never make the server log a bug. */
class GarbageClientsTest {

    @Test
    void garbageFromManyClientsLeavesTheServerServing() throws Exception {
        List<LogRecord> problems = new ArrayList<>();
        Handler watcher = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()
                        && record.getLoggerName() != null
                        && record.getLoggerName().startsWith("io.miniredis")) {
                    synchronized (problems) {
                        problems.add(record);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(watcher);
        long seed = Long.getLong("mini-redis.seed", new Random().nextLong());
        Random random = new Random(seed);
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .build()
                        .start();
                RespClient healthy = new RespClient(server.port())) {
            healthy.call("SET", "precious", "data");
            for (int c = 0; c < 50; c++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    OutputStream out = socket.getOutputStream();
                    byte[] garbage = new byte[1 + random.nextInt(2000)];
                    random.nextBytes(garbage);
                    if (random.nextBoolean()) {
                        garbage[0] = '*';
                    }
                    out.write(garbage);
                    out.flush();
                } catch (java.io.IOException closedByServer) {
                    // a protocol error closes the connection, possibly while we still write
                }
                assertThat(healthy.call("GET", "precious").text())
                        .as("seed %d", seed)
                        .isEqualTo("data");
            }
        } finally {
            root.removeHandler(watcher);
        }
        assertThat(problems).as("warnings logged (seed %d)", seed).isEmpty();
    }
}
