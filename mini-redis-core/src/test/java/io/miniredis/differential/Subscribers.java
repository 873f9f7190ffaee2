package io.miniredis.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.protocol.InlineSplitter;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reading what a subscriber receives, the same way from both servers. A subscriber's stream has no end of its own,
 * so the test publishes a marker message after the step it checks: everything the subscriber got before the marker
 * is what the step sent it (both servers deliver in publication order).
 */
final class Subscribers {

    static final String MARKER = "__test-marker__";

    private Subscribers() {}

    /** Subscribes both connections of {@code pair} to the marker channel (its confirmation is compared). */
    static void listenForMarker(ClientPair pair) {
        pair.call("SUBSCRIBE " + MARKER);
    }

    /**
     * Publishes the marker through {@code publishers} (on both servers) and asserts that {@code subscriber} received
     * the same messages before it on both; returns Redis's.
     */
    static List<RespReply> sameReceived(
            String what, ClientPair subscriber, RespClient redisPublisher, RespClient miniPublisher, boolean anyOrder) {
        redisPublisher.call("PUBLISH", MARKER, "m");
        miniPublisher.call("PUBLISH", MARKER, "m");
        List<RespReply> theirs = untilMarker(subscriber.expected);
        List<RespReply> ours = untilMarker(subscriber.actual);
        if (anyOrder) {
            theirs.sort(Comparator.comparing(RespReply::rawText));
            ours.sort(Comparator.comparing(RespReply::rawText));
        }
        assertThat(describe(ours)).as("messages after %s", what).isEqualTo(describe(theirs));
        return theirs;
    }

    private static List<RespReply> untilMarker(RespClient client) {
        List<RespReply> received = new ArrayList<>();
        while (true) {
            RespReply message = client.read();
            if (isMarker(message)) {
                return received;
            }
            received.add(message);
        }
    }

    private static boolean isMarker(RespReply message) {
        return message.elements() != null
                && message.elements().size() == 3
                && "message".equals(message.elements().get(0).text())
                && MARKER.equals(message.elements().get(1).text());
    }

    private static List<String> describe(List<RespReply> messages) {
        return messages.stream().map(RespReply::toString).toList();
    }

    /**
     * Sends {@code line} then PING on both connections of {@code pair} and returns what each received up to the PONG,
     * raw: the command's reply with the pushes around it (or inside it) where the server put them.
     */
    static String[] replyWithPushes(ClientPair pair, String line) {
        byte[] command = RespClient.encode(InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8)));
        byte[] ping = RespClient.encode("PING".getBytes(StandardCharsets.US_ASCII));
        pair.expected.send(command);
        pair.expected.send(ping);
        pair.actual.send(command);
        pair.actual.send(ping);
        return new String[] {untilPong(pair.expected), untilPong(pair.actual)};
    }

    /** Frames up to a top-level +PONG (a push inside an array reply may shift frame boundaries; bytes are bytes). */
    private static String untilPong(RespClient client) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            RespReply frame = client.read();
            if (frame.type() == '+' && "PONG".equals(frame.line())) {
                return raw.toString(StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
            }
            raw.writeBytes(frame.raw());
        }
    }
}
