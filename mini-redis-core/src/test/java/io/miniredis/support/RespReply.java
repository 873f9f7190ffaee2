package io.miniredis.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One reply as it came over the wire: its type byte, its raw bytes, and for aggregates its elements. {@link
 * #toString()} shows the raw bytes with CR/LF escaped, so a failed comparison is readable.
 */
public record RespReply(char type, byte[] raw, String line, byte[] bulk, List<RespReply> elements) {

    static RespReply read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        raw.write(type);
        String line = readLine(in, raw);
        switch (type) {
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return new RespReply((char) type, raw.toByteArray(), line, null, null);
                }
                byte[] payload = in.readNBytes(length + 2);
                if (payload.length < length + 2) {
                    throw new EOFException("truncated bulk");
                }
                raw.write(payload);
                return new RespReply((char) type, raw.toByteArray(), line, Arrays.copyOf(payload, length), null);
            }
            case '*', '~', '>', '%', '|' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return new RespReply((char) type, raw.toByteArray(), line, null, null);
                }
                int elements = type == '%' || type == '|' ? count * 2 : count;
                List<RespReply> children = new ArrayList<>();
                for (int i = 0; i < elements; i++) {
                    RespReply child = read(in);
                    raw.write(child.raw);
                    children.add(child);
                }
                return new RespReply((char) type, raw.toByteArray(), line, null, children);
            }
            default -> {
                return new RespReply((char) type, raw.toByteArray(), line, null, null);
            }
        }
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in a reply line");
            }
            raw.write(b);
            if (b == '\r') {
                int lf = in.read();
                raw.write(lf);
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    public boolean isError() {
        return type == '-';
    }

    /** The bulk payload or the line, as text. */
    public String text() {
        return bulk != null ? new String(bulk, StandardCharsets.UTF_8) : line;
    }

    public String rawText() {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /**
     * The same reply with the elements of every aggregate sorted by their raw bytes (map entries as pairs), for
     * replies whose order Redis does not define (KEYS, SMEMBERS, CONFIG GET *).
     */
    public RespReply sorted() {
        if (elements == null) {
            return this;
        }
        List<List<RespReply>> groups = new ArrayList<>();
        int step = type == '%' || type == '|' ? 2 : 1;
        for (int i = 0; i < elements.size(); i += step) {
            List<RespReply> group = new ArrayList<>();
            for (int j = 0; j < step; j++) {
                group.add(elements.get(i + j).sorted());
            }
            groups.add(group);
        }
        groups.sort(Comparator.comparing(g -> new String(g.get(0).raw, StandardCharsets.ISO_8859_1)
                + (g.size() > 1 ? new String(g.get(1).raw, StandardCharsets.ISO_8859_1) : "")));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(type);
        raw.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        List<RespReply> children = new ArrayList<>();
        for (List<RespReply> group : groups) {
            for (RespReply child : group) {
                raw.writeBytes(child.raw);
                children.add(child);
            }
        }
        return new RespReply(type, raw.toByteArray(), line, null, children);
    }

    /** A HELLO reply with the value after the "id" key replaced by 0: client ids differ between servers. */
    public RespReply withoutClientId() {
        if (elements == null) {
            return this;
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(type);
        raw.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        List<RespReply> children = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            RespReply child = elements.get(i);
            if (i > 0 && "id".equals(elements.get(i - 1).text()) && child.type == ':') {
                child = new RespReply(':', ":0\r\n".getBytes(StandardCharsets.US_ASCII), "0", null, null);
            }
            raw.writeBytes(child.raw);
            children.add(child);
        }
        return new RespReply(type, raw.toByteArray(), line, null, children);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RespReply r && Arrays.equals(raw, r.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return rawText().replace("\r\n", "\\r\\n");
    }
}
