package io.miniredis.command;

import io.miniredis.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A RESP3 value kept as data: what {@link CommandReference} reads from Redis's own COMMAND and COMMAND DOCS replies,
 * written back to a client in its protocol (a map or a set is a flat array in RESP2, as Redis writes them).
 */
public record RespData(char type, String text, long number, List<RespData> items) {

    /** A simple string, bulk string, integer, array, set or map (items: keys and values alternating). */
    public boolean isMap() {
        return type == '%';
    }

    /** Element {@code index} of an array or set. */
    public RespData item(int index) {
        return items.get(index);
    }

    /** The value of {@code key} in a map, or null. */
    public RespData get(String key) {
        for (int i = 0; i + 1 < items.size(); i += 2) {
            if (key.equals(items.get(i).text)) {
                return items.get(i + 1);
            }
        }
        return null;
    }

    /** Writes this value as it was, in the client's protocol. */
    public void write(Reply reply) {
        switch (type) {
            case '+' -> reply.status(text);
            case '$' -> reply.bulk(text.getBytes(StandardCharsets.ISO_8859_1));
            case ':' -> reply.integer(number);
            case '_' -> reply.nullBulk();
            case '*' -> reply.array(items.size());
            case '~' -> reply.set(items.size());
            case '%' -> reply.map(items.size() / 2);
            default -> throw new IllegalStateException("RESP type " + type + " in the command reference");
        }
        if (items != null) {
            for (RespData item : items) {
                item.write(reply);
            }
        }
    }

    /** Parses the RESP3 values in {@code bytes} from {@code position[0]} on, advancing it. */
    static RespData parse(byte[] bytes, int[] position) {
        char type = (char) bytes[position[0]++];
        String line = line(bytes, position);
        switch (type) {
            case '+', '-' -> {
                return new RespData(type == '+' ? '+' : '-', line, 0, null);
            }
            case ':' -> {
                return new RespData(':', line, Long.parseLong(line), null);
            }
            case '_' -> {
                return new RespData('_', null, 0, null);
            }
            case '$' -> {
                int length = Integer.parseInt(line);
                String text = new String(bytes, position[0], length, StandardCharsets.ISO_8859_1);
                position[0] += length + 2;
                return new RespData('$', text, 0, null);
            }
            case '*', '~', '%' -> {
                int count = Integer.parseInt(line) * (type == '%' ? 2 : 1);
                List<RespData> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(parse(bytes, position));
                }
                return new RespData(type, null, 0, Collections.unmodifiableList(items));
            }
            default -> throw new IllegalStateException("Unexpected RESP type " + type + " in the command reference");
        }
    }

    private static String line(byte[] bytes, int[] position) {
        int start = position[0];
        int end = start;
        while (bytes[end] != '\r') {
            end++;
        }
        position[0] = end + 2;
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
