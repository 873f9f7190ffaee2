package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.protocol.InlineSplitter;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.charset.StandardCharsets;

/**
 * One more client of each server, used in step: what it sends goes to real Redis and to mini-redis, and what it
 * receives must be the same bytes. For tests with several connections (blocking commands: one pair blocks, another
 * pushes), where the base class's single pair of connections is not enough.
 */
final class ClientPair implements AutoCloseable {

    /** How long a blocked client is watched for a reply that must not come. */
    static final int QUIET_MILLIS = 100;

    private final String name;
    final RespClient expected;
    final RespClient actual;

    ClientPair(String name, int redisPort, int miniPort) {
        this.name = name;
        this.expected = new RespClient(redisPort);
        this.actual = new RespClient(miniPort);
    }

    /** Sends a command (redis-cli syntax) to both servers without waiting for the replies. */
    void send(String line) {
        byte[] command = RespClient.encode(InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8)));
        expected.send(command);
        actual.send(command);
    }

    /** Reads one reply from each server; they must be identical. Returns Redis's. */
    RespReply read(String what) {
        RespReply want = expected.read();
        RespReply got = actual.read();
        assertThat(got).as("client %s: reply to %s", name, what).isEqualTo(want);
        return want;
    }

    /** Sends a command and compares the replies. */
    RespReply call(String line) {
        send(line);
        return read(line);
    }

    /** Neither server has answered this client within {@link #QUIET_MILLIS}: it is still blocked on both. */
    void assertNoReply(String what) {
        assertThat(expected.hasReplyWithin(QUIET_MILLIS))
                .as("client %s: Redis replied to %s", name, what)
                .isFalse();
        assertThat(actual.hasReplyWithin(QUIET_MILLIS))
                .as("client %s: mini-redis replied to %s", name, what)
                .isFalse();
    }

    /** Switches both connections to RESP3 (HELLO's reply carries the client id, so it is not compared). */
    void resp3() {
        expected.call("HELLO", "3");
        actual.call("HELLO", "3");
    }

    /** This client's id on each server: {expected, actual}. */
    long[] ids() {
        return new long[] {
            Long.parseLong(expected.call("CLIENT", "ID").line()),
            Long.parseLong(actual.call("CLIENT", "ID").line())
        };
    }

    @Override
    public void close() {
        expected.close();
        actual.close();
    }
}
