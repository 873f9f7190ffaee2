package io.miniredis.scripting;

import io.miniredis.protocol.InlineSplitter;
import io.miniredis.protocol.RedisError;
import io.miniredis.scripting.FunctionLibraries.Flag;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The first line of a Redis 7 EVAL script that declares its flags: {@code #!lua} or {@code #!lua
 * flags=no-writes,allow-oom}. A script with such a line runs by the flags it declares, as a function does (no flag:
 * it may write, and may not start over {@code maxmemory}); a script without one keeps the pre-7.0 rules.
 *
 * <p>Parsed as Redis parses it (checked against redis-server 7.0.15): the line is split into words with the quoting
 * rules of the inline protocol, the first word must be exactly {@code #!lua}, every other word a {@code flags=} list
 * (several accumulate; an empty list is allowed, an empty item is not). Like Redis, the line ends at the first
 * newline before any NUL byte.
 */
final class ScriptShebang {

    private static final byte[] FLAGS = "flags=".getBytes(StandardCharsets.US_ASCII);

    private ScriptShebang() {}

    /** True when the script starts with {@code #!}: it declares flags, or is refused. */
    static boolean present(byte[] body) {
        return body.length >= 2 && body[0] == '#' && body[1] == '!';
    }

    /**
     * Where the code after the shebang line starts: at its newline, so that the line numbers in error messages stay
     * those of the script as sent ({@code user_script:2} for the line after the shebang), as in Redis.
     */
    static int codeStart(byte[] body) {
        return lineEnd(body);
    }

    /** The declared flags of a script that {@link #present has} a shebang line; Redis's error when it is invalid. */
    static Set<Flag> parse(byte[] body) {
        int end = lineEnd(body);
        if (end < 0) {
            throw new RedisError("ERR Invalid script shebang");
        }
        byte[][] words = InlineSplitter.split(java.util.Arrays.copyOf(body, end));
        if (words == null || words.length == 0) {
            throw new RedisError("ERR Invalid engine in script shebang");
        }
        if (!text(words[0]).equals("#!lua")) {
            throw new RedisError("ERR Unexpected engine in script shebang: " + text(words[0]));
        }
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (int i = 1; i < words.length; i++) {
            String word = text(words[i]);
            if (!startsWith(words[i], FLAGS)) {
                throw new RedisError("ERR Unknown lua shebang option: " + word);
            }
            String list = word.substring(FLAGS.length);
            if (list.isEmpty()) {
                continue; // "flags=" declares none; "flags=a," has an empty item, which is refused below
            }
            for (String item : list.split(",", -1)) {
                flags.add(flag(item));
            }
        }
        return flags;
    }

    private static Flag flag(String text) {
        for (Flag flag : Flag.values()) {
            if (flag.text.equals(text)) {
                return flag;
            }
        }
        throw new RedisError("ERR Unexpected flag in script shebang: " + text);
    }

    /** The index of the first newline, or -1 when there is none before the end or a NUL byte (C string rules). */
    private static int lineEnd(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                return i;
            }
            if (body[i] == 0) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] word, byte[] prefix) {
        if (word.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (word[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
