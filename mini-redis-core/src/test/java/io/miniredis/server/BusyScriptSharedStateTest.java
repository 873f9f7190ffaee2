package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.LocalServer;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A busy script lets other clients in from its hook: their replies and the script's pushes share the subscribers'
 * connections. A script that keeps publishing past the threshold while its subscriber keeps sending commands (which
 * get BUSY) delivers every message whole and in order, interleaved with the BUSY replies; WATCH, an allow_busy
 * command, runs meanwhile, as in Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusyScriptSharedStateTest {

    @RegisterExtension
    final LocalServer server = new LocalServer();

    @Test
    void messagesPublishedByABusyScriptReachSubscribersWholeAndInOrder() throws Exception {
        int messages = 2000;
        try (RespClient admin = new RespClient(server.port());
                RespClient subscriber = new RespClient(server.port());
                RespClient scripter = new RespClient(server.port())) {
            admin.call("CONFIG", "SET", "busy-reply-threshold", "50");
            subscriber.call("HELLO", "3");
            subscriber.call("SUBSCRIBE", "ticks");
            // publishes for at least 300 ms, well past the threshold, then stops at the count
            scripter.send(RespClient.encode(bytes("EVAL"), bytes("""
                    local start = redis.call('time')
                    local n = 0
                    while n < tonumber(ARGV[1]) do
                      n = n + 1
                      redis.call('publish', 'ticks', n)
                      if n == tonumber(ARGV[1]) then
                        local now = redis.call('time')
                        if (now[1] - start[1]) * 1000000 + (now[2] - start[2]) < 300000 then n = n - 1 end
                      end
                    end
                    return n"""), bytes("0"), bytes(Integer.toString(messages))));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!admin.call("PING").text().startsWith("BUSY")) { // the script is busy (a cold start can be slow)
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(5);
            }
            int busyReplies = 0;
            for (int i = 0; i < 20; i++) {
                subscriber.send("PING\r\n");
                Thread.sleep(5);
            }
            RespReply watch = admin.call("WATCH", "k");
            assertThat(scripter.read().line()).isEqualTo(Integer.toString(messages));

            int received = 0;
            int pongs = 0;
            long last = 0;
            while (received < messages || pongs + busyReplies < 20) {
                RespReply reply = subscriber.read();
                if (reply.isError()) {
                    assertThat(reply.text()).startsWith("BUSY");
                    busyReplies++;
                } else if (reply.type() == '>') {
                    assertThat(reply.elements().get(0).text()).isEqualTo("message");
                    long n = Long.parseLong(reply.elements().get(2).text());
                    if (n == messages && last == messages) {
                        continue; // the script published the last number again while waiting out its 300 ms
                    }
                    assertThat(n).isEqualTo(last + 1);
                    last = n;
                    received++;
                } else {
                    pongs++;
                }
            }
            assertThat(busyReplies).as("PINGs sent while the script was busy").isPositive();
            assertThat(watch.line()).as("WATCH is allow_busy, as in Redis").isEqualTo("OK");
            assertThat(admin.call("PING").line()).isEqualTo("PONG");
            assertThat(admin.call("CONFIG", "SET", "busy-reply-threshold", "5000")
                            .line())
                    .isEqualTo("OK");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
