package io.miniredis.persistence.aof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of a Redis 7 multi-part AOF ({@code appendonly.aof.manifest}): one line per file, {@code file <name>
 * seq <n> type <b|h|i>}, the base first, then history, then the incremental files in replay order. Written as Redis
 * writes it; replaced atomically (a temporary file renamed over it).
 */
public record AofManifest(Entry base, List<Entry> history, List<Entry> incrs) {

    /** One file of the set: its name (in the AOF directory), its sequence number, its type. */
    public record Entry(String name, long seq, char type) {
        String line() {
            return "file " + name + " seq " + seq + " type " + type + "\n";
        }
    }

    public static final AofManifest EMPTY = new AofManifest(null, List.of(), List.of());

    public static String fileName(String appendFilename) {
        return appendFilename + ".manifest";
    }

    public long lastIncrSeq() {
        return incrs.isEmpty() ? 0 : incrs.get(incrs.size() - 1).seq();
    }

    public Entry lastIncr() {
        return incrs.isEmpty() ? null : incrs.get(incrs.size() - 1);
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        if (base != null) {
            text.append(base.line());
        }
        history.forEach(e -> text.append(e.line()));
        incrs.forEach(e -> text.append(e.line()));
        return text.toString();
    }

    /** Reads a manifest; a malformed one is refused, naming the file and the line. */
    public static AofManifest read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Entry base = null;
        List<Entry> history = new ArrayList<>();
        List<Entry> incrs = new ArrayList<>();
        int number = 0;
        for (String line : lines) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] words = trimmed.split(" +");
            String name = null;
            long seq = -1;
            char type = 0;
            try {
                for (int i = 0; i + 1 < words.length; i += 2) {
                    switch (words[i]) {
                        case "file" -> name = words[i + 1];
                        case "seq" -> seq = Long.parseLong(words[i + 1]);
                        case "type" -> type = words[i + 1].length() == 1 ? words[i + 1].charAt(0) : 0;
                        default -> {} // unknown keys are skipped, as Redis does, for newer versions' fields
                    }
                }
            } catch (NumberFormatException e) {
                seq = -1;
            }
            if (name == null || seq < 0 || (type != 'b' && type != 'h' && type != 'i') || name.contains("/")) {
                throw new IOException("Invalid AOF manifest file format: " + file + " line " + number);
            }
            Entry entry = new Entry(name, seq, type);
            switch (type) {
                case 'b' -> {
                    if (base != null) {
                        throw new IOException("Found duplicate base file information in " + file + " line " + number);
                    }
                    base = entry;
                }
                case 'h' -> history.add(entry);
                default -> {
                    if (!incrs.isEmpty() && incrs.get(incrs.size() - 1).seq() >= seq) {
                        throw new IOException("Found a non-monotonic sequence number in " + file + " line " + number);
                    }
                    incrs.add(entry);
                }
            }
        }
        return new AofManifest(base, List.copyOf(history), List.copyOf(incrs));
    }

    /** Writes the manifest atomically: a temporary file, fsynced, renamed over the old one. */
    public void write(Path file) throws IOException {
        Path temp = file.resolveSibling("temp-" + file.getFileName());
        Files.writeString(
                temp,
                text(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE,
                StandardOpenOption.SYNC);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
