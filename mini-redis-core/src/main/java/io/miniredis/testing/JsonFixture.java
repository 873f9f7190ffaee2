package io.miniredis.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a JSON fixture into the commands that build it (SET, HSET, RPUSH, SADD, ZADD, XADD, then PEXPIRE), so a
 * JSON fixture loads through the same path as a command fixture. The shape (docs/testing.md, "Fixtures"):
 *
 * <pre>{@code
 * {
 *   "greeting": "hello",                                            plain string (a number is its text)
 *   "session:1": {"type": "string", "value": "ada", "ttl": 60000},  ttl: milliseconds, optional
 *   "user:1": {"type": "hash", "value": {"name": "Ada", "age": 36}},
 *   "queue": {"type": "list", "value": ["a", "b"]},
 *   "tags": {"type": "set", "value": ["x", "y"]},
 *   "board": {"type": "zset", "value": {"ada": 10, "bob": 7.5}},
 *   "events": {"type": "stream", "value": [{"id": "1-1", "fields": {"kind": "login"}}]}
 * }
 * }</pre>
 *
 * The top level is database 0, unless its only member is {@code "databases"} holding an object of database numbers:
 * {@code {"databases": {"0": {...}, "3": {...}}}}. Every error names the file and the line.
 */
final class JsonFixture {

    private final String name;
    private final List<FixtureCommand> commands = new ArrayList<>();

    private JsonFixture(String name) {
        this.name = name;
    }

    static List<FixtureCommand> parse(byte[] content, String name) {
        Json.Node root = Json.parse(new String(content, StandardCharsets.UTF_8), name);
        JsonFixture fixture = new JsonFixture(name);
        Map<String, Json.Node> top = fixture.object(root, "the document");
        Json.Node databases = top.get("databases");
        if (top.size() == 1
                && databases != null
                && databases.value() instanceof Map<?, ?> map
                && !map.containsKey("type")) {
            fixture.object(databases, "\"databases\"").forEach((db, keys) -> {
                if (!db.matches("0|[1-9][0-9]{0,8}")) {
                    throw fixture.error(keys, "a database is a number, not \"" + db + "\"");
                }
                fixture.add(keys, "SELECT", db);
                fixture.keys(keys);
            });
            fixture.add(root, "SELECT", "0");
        } else {
            fixture.keys(root);
        }
        return fixture.commands;
    }

    private void keys(Json.Node database) {
        object(database, "a database").forEach(this::key);
    }

    private void key(String key, Json.Node node) {
        if (!(node.value() instanceof Map<?, ?>)) {
            add(node, "SET", key, scalar(node, "the value of \"" + key + "\""));
            return;
        }
        Map<String, Json.Node> spec = object(node, "a key");
        for (String member : spec.keySet()) {
            if (!List.of("type", "value", "ttl").contains(member)) {
                throw error(spec.get(member), "unknown member \"" + member + "\" (type, value, ttl)");
            }
        }
        Json.Node type = spec.get("type");
        Json.Node value = spec.get("value");
        if (type == null || !(type.value() instanceof String typeName)) {
            throw error(node, "\"" + key + "\" needs a \"type\": string, hash, list, set, zset or stream");
        }
        if (value == null) {
            throw error(node, "\"" + key + "\" needs a \"value\"");
        }
        switch (typeName) {
            case "string" -> add(value, "SET", key, scalar(value, "a string's value"));
            case "hash" -> {
                List<String> argv = new ArrayList<>(List.of("HSET", key));
                object(value, "a hash's value").forEach((field, v) -> {
                    argv.add(field);
                    argv.add(scalar(v, "field \"" + field + "\""));
                });
                add(nonEmpty(value, argv, 2), argv);
            }
            case "list", "set" -> {
                List<String> argv = new ArrayList<>(List.of(typeName.equals("list") ? "RPUSH" : "SADD", key));
                for (Json.Node element : array(value, "a " + typeName + "'s value")) {
                    argv.add(scalar(element, "an element"));
                }
                add(nonEmpty(value, argv, 2), argv);
            }
            case "zset" -> {
                List<String> argv = new ArrayList<>(List.of("ZADD", key));
                object(value, "a zset's value (member: score)").forEach((member, score) -> {
                    argv.add(scalar(score, "the score of \"" + member + "\""));
                    argv.add(member);
                });
                add(nonEmpty(value, argv, 2), argv);
            }
            case "stream" -> {
                List<Json.Node> entries = array(value, "a stream's value (entries)");
                nonEmpty(value, entries, 0);
                for (Json.Node entry : entries) {
                    Map<String, Json.Node> fields = object(entry, "a stream entry ({\"id\": ..., \"fields\": {...}})");
                    List<String> argv = new ArrayList<>(List.of("XADD", key));
                    Json.Node id = fields.get("id");
                    argv.add(id == null ? "*" : scalar(id, "an entry's id"));
                    Json.Node values = fields.get("fields");
                    if (values == null) {
                        throw error(entry, "a stream entry needs \"fields\"");
                    }
                    object(values, "an entry's fields").forEach((field, v) -> {
                        argv.add(field);
                        argv.add(scalar(v, "field \"" + field + "\""));
                    });
                    add(nonEmpty(values, argv, 3), argv);
                }
            }
            default -> throw error(type, "unknown type \"" + typeName + "\": string, hash, list, set, zset or stream");
        }
        Json.Node ttl = spec.get("ttl");
        if (ttl != null) {
            String millis = scalar(ttl, "ttl");
            if (!millis.matches("[1-9][0-9]{0,17}")) {
                throw error(ttl, "ttl is a positive number of milliseconds, not " + millis);
            }
            add(ttl, "PEXPIRE", key, millis);
        }
    }

    /** Redis has no empty collections: an empty one would load as no key, which a fixture surely did not mean. */
    private <T> Json.Node nonEmpty(Json.Node node, List<T> argv, int fixed) {
        if (argv.size() <= fixed) {
            throw error(node, "empty: Redis keeps no empty collection");
        }
        return node;
    }

    private String scalar(Json.Node node, String what) {
        Object value = node.value();
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Json.Number number) {
            return number.text();
        }
        throw error(node, what + " must be a string or a number");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Json.Node> object(Json.Node node, String what) {
        if (node.value() instanceof Map<?, ?> map) {
            return (Map<String, Json.Node>) map;
        }
        throw error(node, what + " must be an object");
    }

    @SuppressWarnings("unchecked")
    private List<Json.Node> array(Json.Node node, String what) {
        if (node.value() instanceof List<?> list) {
            return (List<Json.Node>) list;
        }
        throw error(node, what + " must be an array");
    }

    private void add(Json.Node at, String... argv) {
        add(at, List.of(argv));
    }

    private void add(Json.Node at, List<String> argv) {
        byte[][] bytes = new byte[argv.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = argv.get(i).getBytes(StandardCharsets.UTF_8);
        }
        commands.add(new FixtureCommand(bytes, name + ":" + at.line()));
    }

    private FixtureException error(Json.Node at, String message) {
        return new FixtureException(name + ":" + at.line() + ": " + message);
    }
}
