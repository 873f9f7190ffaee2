package io.miniredis.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON (RFC 8259) for fixture files, without a library in the core: objects (in file order, as {@link
 * LinkedHashMap}), arrays, strings, numbers (kept as their text, so that {@code 1.50} reaches Redis as written),
 * {@code true}, {@code false}, {@code null}. Every value remembers the line it starts on, for error messages.
 */
final class Json {

    /** A value and the line it starts on. {@code value} is a Map, List, String, {@link Number}, Boolean or null. */
    record Node(Object value, int line) {}

    /** A number, as written in the file. */
    record Number(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private final String text;
    private final String name;
    private int pos;
    private int line = 1;

    private Json(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /** Parses a whole document; {@code name} is the file's, for errors ({@code users.json:3: ...}). */
    static Node parse(String text, String name) {
        Json json = new Json(text, name);
        json.skipSpace();
        Node node = json.value();
        json.skipSpace();
        if (json.pos < text.length()) {
            throw json.error("unexpected '" + text.charAt(json.pos) + "' after the document");
        }
        return node;
    }

    private Node value() {
        if (pos >= text.length()) {
            throw error("unexpected end of the document");
        }
        int startLine = line;
        char c = text.charAt(pos);
        Object value = switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> word("true", Boolean.TRUE);
            case 'f' -> word("false", Boolean.FALSE);
            case 'n' -> word("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected '" + c + "'");
            }
        };
        return new Node(value, startLine);
    }

    private Map<String, Node> object() {
        Map<String, Node> members = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a member name in quotes");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (members.put(key, value()) != null) {
                throw error("duplicate member \"" + key + "\"");
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return members;
            }
        }
    }

    private List<Node> array() {
        List<Node> elements = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return elements;
        }
        while (true) {
            skipSpace();
            elements.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return elements;
            }
        }
    }

    private String string() {
        pos++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\n' || c < 0x20) {
                throw error("control character in a string (escape it)");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("bad \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException e) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + escaped);
            }
        }
    }

    private Number number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String number = text.substring(start, pos);
        if (!number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            throw error("bad number " + number);
        }
        return new Number(number);
    }

    private Object word(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error(
                    pos >= text.length()
                            ? "unexpected end of the document, expected '" + c + "'"
                            : "expected '" + c + "', found '" + text.charAt(pos) + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private FixtureException error(String message) {
        return new FixtureException(name + ":" + line + ": " + message);
    }
}
