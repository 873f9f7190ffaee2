package io.miniredis.command.server;

import io.miniredis.protocol.RedisError;
import io.miniredis.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * DEBUG PROTOCOL: one fixed reply of each RESP type, for client libraries to test their parsers, with the RESP2
 * fall-backs Redis sends. The RESP3-only frames Reply has no writer for (bignum, attribute) are written raw.
 */
final class DebugProtocol {

    private static final String TYPES =
            "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false";

    private DebugProtocol() {}

    static void reply(Reply reply, byte[] typeArg) {
        String type = new String(typeArg, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        switch (type) {
            case "string" -> reply.bulk("Hello World");
            case "integer" -> reply.integer(12345);
            // Written as text rather than through doubleValue: Redis sends the short form "3.141".
            case "double" -> resp3OrBulk(reply, ",", "3.141");
            case "bignum" -> resp3OrBulk(reply, "(", "1234567999999999999999999999999999999");
            case "null" -> reply.nullBulk();
            case "array" -> counting(reply.array(3));
            case "set" -> counting(reply.set(3));
            case "map" -> {
                reply.map(3);
                for (int j = 0; j < 3; j++) {
                    reply.integer(j).bool(j == 1);
                }
            }
            case "attrib" -> {
                if (reply.resp3()) {
                    reply.raw(ascii("|1\r\n"));
                    reply.bulk("key-popularity").array(2).bulk("key:123").integer(90);
                }
                reply.bulk("Some real reply following the attribute");
            }
            case "push" -> {
                if (!reply.resp3()) {
                    throw new RedisError("ERR RESP2 is not supported by this command");
                }
                reply.push(2).bulk("server-cpu-usage").integer(42);
                reply.bulk("Some real reply following the push reply");
            }
            case "verbatim" -> reply.verbatim("This is a verbatim\nstring");
            case "true" -> reply.bool(true);
            case "false" -> reply.bool(false);
            default -> throw new RedisError("ERR Wrong protocol type name. Please use one of the following: " + TYPES);
        }
    }

    private static void counting(Reply reply) {
        for (int j = 0; j < 3; j++) {
            reply.integer(j);
        }
    }

    private static void resp3OrBulk(Reply reply, String resp3Prefix, String text) {
        if (reply.resp3()) {
            reply.raw(ascii(resp3Prefix + text + "\r\n"));
        } else {
            reply.bulk(text);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
