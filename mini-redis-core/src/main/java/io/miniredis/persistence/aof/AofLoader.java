package io.miniredis.persistence.aof;

import io.miniredis.persistence.KeyspaceLoader;
import io.miniredis.persistence.LoadProgress;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.persistence.RdbReader;
import io.miniredis.store.Keyspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads a multi-part AOF at start (and for DEBUG LOADAOF): the manifest, then the base (an RDB image, or commands
 * for a {@code .base.aof}), then each incremental file in manifest order, replaying its commands. A file torn in its
 * last command (a crash mid-write) is truncated at that command when {@code aof-load-truncated} is yes and it is the
 * last file, with Redis's log lines; otherwise, and for any malformed bytes, the load is refused with a message
 * naming the file and the offset, and nothing is written.
 */
public final class AofLoader {

    private static final System.Logger LOG = System.getLogger(AofLoader.class.getName());

    /** The AOF cannot be loaded; the message names the file and the offset. */
    public static final class AofLoadException extends IOException {
        public AofLoadException(String message) {
            super(message);
        }
    }

    /** What was loaded: the manifest (empty when there was none) and how many commands were replayed. */
    public record Result(AofManifest manifest, long commands, boolean truncated) {}

    private AofLoader() {}

    /**
     * Loads the AOF in {@code directory} into {@code keyspace} (expected empty), replaying commands through {@code
     * replayer}. Functions of an RDB base go to {@code functions}. Returns the empty manifest when there is none.
     */
    public static Result load(
            Path directory,
            String appendFilename,
            Keyspace keyspace,
            RdbLoadLimits limits,
            boolean loadTruncated,
            CommandReplayer replayer,
            Consumer<byte[]> functions,
            LoadProgress progress)
            throws IOException {
        Path manifestPath = directory.resolve(AofManifest.fileName(appendFilename));
        if (!Files.exists(manifestPath)) {
            return new Result(AofManifest.EMPTY, 0, false);
        }
        AofManifest manifest = AofManifest.read(manifestPath);
        long commands = 0;
        boolean truncated = false;
        List<AofManifest.Entry> incrs = manifest.incrs();
        progress.totalBytes(totalSize(directory, manifest));
        if (manifest.base() != null) {
            Path base = directory.resolve(manifest.base().name());
            if (!Files.exists(base)) {
                throw new AofLoadException("The AOF file " + base + " doesn't exist");
            }
            if (startsWithRdbMagic(base)) {
                KeyspaceLoader loader =
                        new KeyspaceLoader(keyspace, keyspace.clock().millis(), progress);
                try (InputStream in = LoadProgress.counting(Files.newInputStream(base), progress)) {
                    new RdbReader(limits).read(in, Files.size(base), loader);
                } catch (IOException e) {
                    throw new AofLoadException("Bad RDB preamble in the AOF base " + base + ": " + e.getMessage());
                }
                loader.functions().forEach(functions);
                LOG.log(System.Logger.Level.INFO, "Reading RDB base file on AOF loading...");
            } else {
                Replayed r = replay(base, replayer, loadTruncated && incrs.isEmpty(), progress);
                commands += r.commands;
                truncated |= r.truncated;
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "DB loaded from base file " + manifest.base().name());
        }
        for (int i = 0; i < incrs.size(); i++) {
            Path incr = directory.resolve(incrs.get(i).name());
            if (!Files.exists(incr)) {
                throw new AofLoadException("The AOF file " + incr + " doesn't exist");
            }
            Replayed r = replay(incr, replayer, loadTruncated && i == incrs.size() - 1, progress);
            commands += r.commands;
            truncated |= r.truncated;
            LOG.log(
                    System.Logger.Level.INFO,
                    "DB loaded from incr file " + incrs.get(i).name());
        }
        return new Result(manifest, commands, truncated);
    }

    private record Replayed(long commands, boolean truncated) {}

    /** The files the manifest names, together: what INFO's loading_total_bytes reports. */
    private static long totalSize(Path directory, AofManifest manifest) throws IOException {
        long total = 0;
        if (manifest.base() != null
                && Files.exists(directory.resolve(manifest.base().name()))) {
            total += Files.size(directory.resolve(manifest.base().name()));
        }
        for (AofManifest.Entry incr : manifest.incrs()) {
            if (Files.exists(directory.resolve(incr.name()))) {
                total += Files.size(directory.resolve(incr.name()));
            }
        }
        return total;
    }

    private static Replayed replay(Path file, CommandReplayer replayer, boolean mayTruncate, LoadProgress progress)
            throws IOException {
        long commands = 0;
        boolean inMulti = false;
        long multiStart = 0;
        try (InputStream in = LoadProgress.counting(Files.newInputStream(file), progress);
                AofCommandReader reader = new AofCommandReader(in)) {
            byte[][] argv;
            while (true) {
                try {
                    argv = reader.next();
                } catch (AofCommandReader.Torn torn) {
                    // a MULTI without its EXEC is torn as well: cut before the MULTI, as Redis does
                    long cut = inMulti ? multiStart : torn.offset;
                    if (!mayTruncate) {
                        throw new AofLoadException("Unexpected end of file reading the append only file " + file
                                + " at offset " + torn.offset
                                + ". You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix"
                                + " <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated'"
                                + " configuration option to yes and restart the server.");
                    }
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "!!! Warning: short read while loading the AOF file " + file.getFileName() + "!!!");
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "!!! Truncating the AOF " + file.getFileName() + " at offset " + cut + " !!!");
                    truncate(file, cut);
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "AOF " + file.getFileName() + " loaded anyway because aof-load-truncated is enabled");
                    if (inMulti) {
                        replayer.replay(new byte[][] {"DISCARD".getBytes(StandardCharsets.US_ASCII)});
                    }
                    return new Replayed(commands, true);
                } catch (AofCommandReader.Malformed bad) {
                    throw new AofLoadException("Bad file format reading the append only file " + file + " at offset "
                            + bad.offset + " (" + bad.getMessage() + "): make a backup of your AOF file, then use"
                            + " ./redis-check-aof --fix <filename.manifest>");
                }
                if (argv == null) {
                    break;
                }
                String name = new String(argv[0], StandardCharsets.US_ASCII);
                if (name.equalsIgnoreCase("multi")) {
                    inMulti = true;
                    multiStart = reader.commandStart();
                } else if (name.equalsIgnoreCase("exec")) {
                    inMulti = false;
                }
                String error = replayer.replay(argv);
                if (error != null) {
                    throw new AofLoadException("Error running the command '" + name + "' read from the AOF file " + file
                            + " at offset " + reader.commandStart() + ": " + error);
                }
                commands++;
                if (commands % LoadProgress.COMMANDS_PER_EVENTS == 0) {
                    progress.commandsRun();
                }
            }
        }
        if (inMulti) {
            // the file ends after a MULTI and its commands but no EXEC: Redis calls this a revert of the MULTI
            if (!mayTruncate) {
                throw new AofLoadException(
                        "Revert incomplete MULTI/EXEC transaction in AOF file " + file + " at offset " + multiStart);
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "!!! Warning: short read while loading the AOF file " + file.getFileName() + "!!!");
            LOG.log(
                    System.Logger.Level.WARNING,
                    "!!! Truncating the AOF " + file.getFileName() + " at offset " + multiStart + " !!!");
            truncate(file, multiStart);
            replayer.replay(new byte[][] {"DISCARD".getBytes(StandardCharsets.US_ASCII)});
            return new Replayed(commands, true);
        }
        return new Replayed(commands, false);
    }

    private static boolean startsWithRdbMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(5);
            return new String(magic, StandardCharsets.US_ASCII).equals("REDIS");
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        }
    }
}
