package io.miniredis.cli;

import io.miniredis.protocol.InlineSplitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One redis.conf line split into words with Redis's quoting ({@code "..."} with C escapes, {@code '...'}). */
final class RedisConfLine {

    private RedisConfLine() {}

    /** The words of {@code line}, or null when its quotes are unbalanced. */
    static List<String> split(String line) {
        byte[][] words = InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8));
        if (words == null) {
            return null;
        }
        List<String> out = new ArrayList<>(words.length);
        for (byte[] word : words) {
            out.add(new String(word, StandardCharsets.UTF_8));
        }
        return out;
    }
}
