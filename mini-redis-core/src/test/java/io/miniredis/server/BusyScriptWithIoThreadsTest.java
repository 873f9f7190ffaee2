package io.miniredis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import org.junit.jupiter.api.Test;

/**
 * With {@code --io-threads 2} the keyspace thread is not an event loop: a busy script must still get BUSY answers
 * to other clients and be stopped by SCRIPT KILL, and the server must be usable after.
 */
class BusyScriptWithIoThreadsTest {

    @Test
    void busyScriptGetsBusyRepliesAndIsKilled() throws Exception {
        try (MiniRedisServer server = MiniRedisServer.builder()
                        .port(0)
                        .bind("127.0.0.1")
                        .config("io-threads", "2")
                        .build()
                        .start();
                RespClient admin = new RespClient(server.port());
                RespClient looping = new RespClient(server.port())) {
            admin.call("CONFIG", "SET", "busy-reply-threshold", "100");
            admin.call("SET", "k", "v");
            looping.send("*3\r\n$4\r\nEVAL\r\n$17\r\nwhile true do end\r\n$1\r\n0\r\n");
            Thread.sleep(300);
            assertThat(admin.call("GET", "k").text()).startsWith("BUSY Redis is busy running a script.");
            assertThat(admin.call("SCRIPT", "KILL").line()).isEqualTo("OK");
            assertThat(looping.read().text()).startsWith("ERR Script killed by user with SCRIPT KILL");
            assertThat(admin.call("GET", "k").text()).isEqualTo("v");
            assertThat(looping.call("PING").line()).isEqualTo("PONG");
            assertThat(admin.call("SCRIPT", "KILL").text()).startsWith("NOTBUSY");
        }
    }
}
