package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.support.RespClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw bytes, well-formed and broken, sent to real Redis and to mini-redis on fresh connections: everything each
 * server writes back until it closes the connection (or goes quiet) must be the same.
 */
class ProtocolDifferentialTest extends DifferentialTestBase {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "PING\\r\\n",
                "PING\\n",
                "ECHO \"a b\"\\r\\nECHO 'c'\\r\\n",
                "\\r\\n\\r\\nPING\\r\\n",
                "*1\\r\\n$4\\r\\nPING\\r\\n*2\\r\\n$4\\r\\nECHO\\r\\n$2\\r\\nhi\\r\\n",
                "*0\\r\\n*-1\\r\\nPING\\r\\n",
                "*abc\\r\\n",
                "*3000000000\\r\\n",
                "*1\\r\\n$-1\\r\\n",
                "*1\\r\\n$abc\\r\\n",
                "*1\\r\\n$600000000\\r\\n",
                "*1\\r\\nx3\\r\\n",
                "*2\\r\\n$4\\r\\nECHO\\r\\n:1\\r\\n",
                "SET k \"abc\\r\\n",
                "SET k \"abc\"def\\r\\n",
                "SET k 'abc\\r\\n",
                "PING\\r\\n*1\\r\\n$x\\r\\nPING\\r\\n",
                "*1\\r\\n$4\\r\\nPINGxx*1\\r\\n$4\\r\\nPING\\r\\n",
                "FOO bar baz\\r\\n",
                "QUIT\\r\\nPING\\r\\n",
                "GET\\r\\n",
                "ping extra extra\\r\\n",
            })
    void sameBytesBackUntilClose(String input) throws IOException {
        byte[] bytes = input.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
        String want = exchange(redis.port(), bytes);
        String got = exchange(mini.port(), bytes);
        assertThat(got).as("response to %s", input).isEqualTo(want);
    }

    /** Writes the bytes, then reads until the server closes or stays quiet for a moment. */
    private static String exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.setSoTimeout(300);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    response.write(buffer, 0, n);
                }
                response.writeBytes("<closed>".getBytes(StandardCharsets.US_ASCII));
            } catch (SocketTimeoutException quiet) {
                response.writeBytes("<open>".getBytes(StandardCharsets.US_ASCII));
            }
            return response.toString(StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
        }
    }

    @org.junit.jupiter.api.Test
    void oneBrokenClientDoesNotDisturbAnother() {
        try (RespClient healthy = new RespClient(mini.port())) {
            healthy.call("SET", "k", "v");
            try (RespClient broken = new RespClient(mini.port())) {
                broken.send("*1\r\n$-5\r\n");
                assertThat(broken.read().line()).isEqualTo("ERR Protocol error: invalid bulk length");
                assertThat(broken.isClosedByServer()).isTrue();
            }
            assertThat(healthy.call("GET", "k").text()).isEqualTo("v");
        }
    }
}
