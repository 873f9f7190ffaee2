package io.miniredis.testing;

import io.miniredis.persistence.KeyspaceLoader;
import io.miniredis.persistence.RdbLoadLimits;
import io.miniredis.server.LocalCommands;
import io.miniredis.server.ServerContext;
import io.miniredis.store.Database;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Datasets for tests ({@code server.fixtures()}): loaded from a file of commands (redis-cli lines or RESP), a JSON
 * description, or an RDB file, and snapshotted in memory to be restored between tests much faster than loading.
 *
 * <pre>{@code
 * server.fixtures().load("classpath:users.redis");          // adds to what is there
 * DatasetSnapshot clean = server.fixtures().snapshot();
 * ... a test changes the data ...
 * server.fixtures().restore(clean);                          // exactly the snapshot's keys again
 * server.fixtures().reset("classpath:users.redis");          // flush + load, parsed once per JVM, then restored
 * }</pre>
 *
 * Locations: {@code classpath:path}, {@code file:path}, or a plain file path. The format is the name's: {@code
 * .json} JSON, {@code .rdb} RDB (any file starting with {@code REDIS} is read as one), anything else commands.
 * Every error is a {@link FixtureException} naming the file and the line (or offset). Everything that touches keys
 * runs on the keyspace thread; the calling thread waits.
 */
public final class Fixtures {

    /**
     * {@link #reset}'s snapshots by their list of locations, shared by every server of the JVM (a fixture is data,
     * not a server), the least recently used dropped past this many.
     */
    private static final int CACHED_DATASETS = 32;

    private static final Map<List<String>, DatasetSnapshot> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, DatasetSnapshot> eldest) {
            return size() > CACHED_DATASETS;
        }
    };

    private final ServerContext server;
    private final Supplier<LocalCommands> commands;

    /** For MiniRedisServer: {@code commands} makes the connection-less client the fixtures' commands run as. */
    public Fixtures(ServerContext server, Supplier<LocalCommands> commands) {
        this.server = server;
        this.commands = commands;
    }

    /** Loads a fixture on top of the current data (a key the fixture sets is overwritten). */
    public Fixtures load(String location) {
        return load(location, read(location));
    }

    /** Loads a fixture file on top of the current data. */
    public Fixtures load(Path file) {
        return load(file.toString(), readFile(file, file.toString()));
    }

    /** Loads {@code content}, whose format {@code name} tells (and which errors name), on top of the current data. */
    public Fixtures load(String name, byte[] content) {
        if (isRdb(name, content)) {
            loadRdb(name, content);
            return this;
        }
        List<FixtureCommand> parsed = name.toLowerCase(Locale.ROOT).endsWith(".json")
                ? JsonFixture.parse(content, name)
                : CommandText.parse(content, name);
        onKeyspaceThread(() -> {
            LocalCommands runner = commands.get();
            for (FixtureCommand command : parsed) {
                String error = runner.run(command.argv());
                if (error != null) {
                    throw new FixtureException(command.where() + ": " + error);
                }
            }
            return null;
        });
        return this;
    }

    /** Every key of every database now, in memory. */
    public DatasetSnapshot snapshot() {
        return onKeyspaceThread(() -> DatasetSnapshot.of(server.keyspace()));
    }

    /** Replaces all the data with {@code snapshot}'s (which stays as it is, to be restored again). */
    public void restore(DatasetSnapshot snapshot) {
        onKeyspaceThread(() -> {
            snapshot.restoreInto(server.keyspace());
            return null;
        });
    }

    /**
     * Replaces all the data with the fixtures at {@code locations}, loaded in order into an empty dataset. The
     * first time in this JVM the files are loaded and the result snapshotted; later calls restore the snapshot.
     */
    public void reset(String... locations) {
        List<String> key = List.of(locations);
        DatasetSnapshot cached;
        synchronized (CACHE) {
            cached = CACHE.get(key);
        }
        if (cached != null) {
            restore(cached);
            return;
        }
        onKeyspaceThread(() -> {
            server.keyspace().flushAll();
            return null;
        });
        for (String location : locations) {
            load(location);
        }
        DatasetSnapshot loaded = snapshot();
        synchronized (CACHE) {
            CACHE.put(key, loaded);
        }
    }

    /** Forgets {@link #reset}'s snapshots (after a fixture file changed, in a long-lived JVM). */
    public static void clearCache() {
        synchronized (CACHE) {
            CACHE.clear();
        }
    }

    // ---- formats ----

    private static boolean isRdb(String name, byte[] content) {
        return name.toLowerCase(Locale.ROOT).endsWith(".rdb")
                || (content.length >= 5 && new String(content, 0, 5, StandardCharsets.US_ASCII).equals("REDIS"));
    }

    /** Reads the file into a keyspace of its own first, so a corrupt file loads nothing; then adds its keys. */
    private void loadRdb(String name, byte[] content) {
        onKeyspaceThread(() -> {
            Keyspace keyspace = server.keyspace();
            KeyspaceLoader.Loaded loaded;
            try {
                loaded = KeyspaceLoader.load(
                        new ByteArrayInputStream(content),
                        content.length,
                        keyspace.databaseCount(),
                        keyspace.clock(),
                        RdbLoadLimits.from(server.config()));
            } catch (IOException | RuntimeException e) {
                throw new FixtureException(name + ": " + e.getMessage(), e);
            }
            for (byte[] code : loaded.functions()) {
                server.scripting().functions().load(code, true);
            }
            Keyspace source = loaded.keyspace();
            for (int i = 0; i < source.databaseCount(); i++) {
                Database target = keyspace.db(i);
                source.db(i).forEachLive(entry -> {
                    target.delete(entry.key());
                    target.putEntry(
                            entry.key(), entry.value(), entry.hasExpiry() ? entry.expireAt() : KeyEntry.NO_EXPIRY);
                });
            }
            return null;
        });
    }

    // ---- locations ----

    private static byte[] read(String location) {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            while (resource.startsWith("/")) {
                resource = resource.substring(1);
            }
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = Fixtures.class.getClassLoader();
            }
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new FixtureException(location + ": no such resource on the class path");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new FixtureException(location + ": " + e.getMessage(), e);
            }
        }
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return readFile(Path.of(path), location);
    }

    private static byte[] readFile(Path file, String name) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FixtureException(name + ": cannot read " + file + " (" + e + ")", e);
        }
    }

    private <T> T onKeyspaceThread(Callable<T> task) {
        try {
            if (server.keyspaceThread().inEventLoop()) {
                return task.call();
            }
            return server.keyspaceThread().submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new FixtureException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureException("interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new FixtureException(e.toString(), e);
        }
    }
}
