package io.miniredis.persistence.aof;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helper: an AOF file as a list of commands, each one line of its arguments. */
final class AofFiles {

    private AofFiles() {}

    static List<String> commands(Path file) throws IOException {
        List<String> commands = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
                AofCommandReader reader = new AofCommandReader(in)) {
            byte[][] argv;
            while ((argv = reader.next()) != null) {
                commands.add(String.join(
                        " ",
                        Arrays.stream(argv)
                                .map(a -> new String(a, StandardCharsets.ISO_8859_1))
                                .toList()));
            }
        }
        return commands;
    }

    /**
     * The absolute times two servers compute from the same relative expiry differ by the time between them: each
     * time after PXAT and PEXPIREAT's is replaced by {@code <T>} when it is within a day of {@code now} (a time
     * given absolute by the test, far from now, is kept).
     */
    static List<String> withoutClockTimes(List<String> commands, long now) {
        List<String> result = new ArrayList<>();
        for (String command : commands) {
            String[] words = command.split(" ", -1);
            for (int i = 1; i < words.length; i++) {
                boolean time =
                        words[i - 1].equalsIgnoreCase("PXAT") || (i == 2 && words[0].equalsIgnoreCase("PEXPIREAT"));
                if (time && isNearNow(words[i], now)) {
                    words[i] = "<T>";
                }
                // a stream delivery's time (XCLAIM ... TIME t), and IDs an XADD * made from the clock
                if (words[i - 1].equalsIgnoreCase("TIME") && isNearNow(words[i], now)) {
                    words[i] = "<T>";
                }
                int dash = words[i].indexOf('-');
                if (dash > 0 && isNearNow(words[i].substring(0, dash), now)) {
                    words[i] = "<T>" + words[i].substring(dash);
                }
            }
            result.add(String.join(" ", words));
        }
        return result;
    }

    private static boolean isNearNow(String word, long now) {
        try {
            long value = Long.parseLong(word);
            return Math.abs(value - now) < 86_400_000L; // a relative expiry of the test (under a day)
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
