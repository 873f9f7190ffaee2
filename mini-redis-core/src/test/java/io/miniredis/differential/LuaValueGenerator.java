package io.miniredis.differential;

import java.util.Random;

/**
 * Random Lua values written as Lua expressions (plain ASCII source), for the codec differential test: numbers at
 * every MessagePack size boundary and where doubles lose precision, exact floats, any double bit pattern, NaN and
 * infinities; strings of any bytes at the fixstr/str8/str16/str32 boundaries; tables as arrays, arrays with holes,
 * sparse arrays, maps with string, numeric-string, integer, negative and fractional keys, mixed, empty, deep chains
 * (past lua-cmsgpack's 16 levels) and self-references.
 *
 * <p>Table keys are never tables or functions (their hash order depends on addresses, which differ between two
 * servers), and key strings are shorter than 32 bytes: Redis's Lua hashes every byte of a string while the stock Lua
 * 5.1 we run samples longer ones, so a table with a longer key iterates in another order (see the report of this
 * test's commit); that is the Lua engine, not the codecs.
 */
final class LuaValueGenerator {

    private static final String[] BOUNDARIES = {
        "0",
        "1",
        "-1",
        "127",
        "128",
        "255",
        "256",
        "-32",
        "-33",
        "-128",
        "-129",
        "65535",
        "65536",
        "-32768",
        "-32769",
        "2^31-1",
        "2^31",
        "-2^31",
        "-2^31-1",
        "2^32-1",
        "2^32",
        "2^53",
        "2^53+2",
        "-2^53",
        "2^63",
        "-2^63",
        "2^64",
        "2^63-1024",
        "-0",
        "0.5",
        "0.1",
        "1/3",
        "1e300",
        "-1e300",
        "5e-324",
        "2^-149",
        "3.4028234663852886e38",
        "16777217",
        "1e15",
        "1e16",
        "123456789012345"
    };
    private static final int[] STRING_LENGTHS = {0, 1, 2, 5, 15, 30, 31, 32, 33, 100, 254, 255, 256, 257};

    private final Random random;

    LuaValueGenerator(Random random) {
        this.random = random;
    }

    /** One value: usually a table, nested a few levels. */
    String value() {
        int roll = random.nextInt(100);
        if (roll < 3) {
            return deepChain();
        }
        if (roll < 6) {
            return "(function() local t = " + table(1) + " t[" + key() + "] = t return t end)()";
        }
        if (roll < 20) {
            return scalar();
        }
        return table(0);
    }

    private String any(int depth) {
        int roll = random.nextInt(100);
        if (depth < 4 && roll < 25) {
            return table(depth + 1);
        }
        if (roll < 28) {
            return "cjson.null";
        }
        if (roll < 30) {
            return "function() end";
        }
        return scalar();
    }

    private String scalar() {
        int roll = random.nextInt(100);
        if (roll < 45) {
            return number();
        }
        if (roll < 90) {
            return string();
        }
        return random.nextBoolean() ? "true" : "false";
    }

    String number() {
        int roll = random.nextInt(100);
        if (roll < 30) {
            return "(" + BOUNDARIES[random.nextInt(BOUNDARIES.length)] + ")";
        }
        if (roll < 50) {
            long magnitude = random.nextLong() >>> random.nextInt(64);
            return literal(random.nextBoolean() ? (double) magnitude : -(double) magnitude);
        }
        if (roll < 65) {
            return literal(Float.intBitsToFloat(random.nextInt()));
        }
        if (roll < 80) {
            return literal(Double.longBitsToDouble(random.nextLong()));
        }
        if (roll < 95) {
            return literal((random.nextInt(2_000_001) - 1_000_000) / 100.0);
        }
        return switch (random.nextInt(4)) {
            case 0 -> "(1/0)";
            case 1 -> "(-1/0)";
            case 2 -> "(0/0)";
            default -> "(-(0/0))";
        };
    }

    private static String literal(double value) {
        if (Double.isNaN(value)) {
            return "(0/0)";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "(1/0)" : "(-1/0)";
        }
        // Java's shortest repr reads back exactly with strtod; the parentheses keep a minus sign a unary minus
        return "(" + value + ")";
    }

    private String string() {
        return string(false);
    }

    private String string(boolean key) {
        int roll = random.nextInt(100);
        int length;
        if (key) {
            length = random.nextInt(32);
        } else if (roll < 2) {
            length = random.nextBoolean() ? 65535 : 65536; // str16 / str32, made by string.rep
            return "(string.rep('ab', " + (length / 2) + ")" + (length % 2 == 1 ? " .. 'c'" : "") + ")";
        } else {
            length = roll < 60 ? STRING_LENGTHS[random.nextInt(STRING_LENGTHS.length)] : random.nextInt(40);
        }
        boolean anyByte = random.nextInt(4) == 0;
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < length; i++) {
            int b;
            if (anyByte) {
                b = random.nextInt(256);
            } else {
                String alphabet = "abcXYZ019 _-\"\\/\n\t{}[]:,.e+";
                b = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                s.append((char) b);
            } else {
                s.append('\\').append(String.format("%03d", b));
            }
        }
        return s.append('"').toString();
    }

    private String key() {
        int roll = random.nextInt(100);
        if (roll < 45) {
            return string(true);
        }
        if (roll < 55) {
            return "\"" + random.nextInt(20) + "\""; // a numeric string key
        }
        if (roll < 75) {
            return Integer.toString(random.nextInt(40) - 5);
        }
        if (roll < 80) {
            return random.nextBoolean() ? "true" : "false";
        }
        if (roll < 82) {
            return "cjson.null";
        }
        String n = number();
        return n.contains("0/0") ? "0.25" : n; // NaN is not a key
    }

    private String table(int depth) {
        int roll = random.nextInt(100);
        StringBuilder t = new StringBuilder("{");
        if (roll < 10) {
            return "{}";
        }
        if (roll < 35) { // an array, maybe past the 15 of a fixarray
            int n = random.nextInt(random.nextInt(10) == 0 ? 40 : 8) + 1;
            for (int i = 0; i < n; i++) {
                t.append(any(depth)).append(',');
            }
        } else if (roll < 45) { // an array with holes
            int n = random.nextInt(8) + 1;
            for (int i = 0; i < n; i++) {
                t.append(random.nextInt(4) == 0 ? "nil" : any(depth)).append(',');
            }
        } else if (roll < 55) { // integer keys, maybe sparse
            int n = random.nextInt(6) + 1;
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(3) == 0 ? random.nextInt(30) + 1 : i + 1;
                t.append('[').append(k).append("]=").append(any(depth)).append(',');
            }
        } else { // a map, maybe past the 15 of a fixmap, keys of any kind
            int n = random.nextInt(random.nextInt(10) == 0 ? 30 : 6) + 1;
            for (int i = 0; i < n; i++) {
                t.append('[').append(key()).append("]=").append(any(depth)).append(',');
            }
        }
        return t.append('}').toString();
    }

    /** A chain of one-element tables around 16 levels deep: lua-cmsgpack packs the table past its limit as nil. */
    private String deepChain() {
        int depth = 13 + random.nextInt(8);
        String inner = scalar();
        for (int i = 0; i < depth; i++) {
            inner = random.nextBoolean() ? "{" + inner + "}" : "{k=" + inner + "}";
        }
        return inner;
    }
}
