package io.miniredis.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.miniredis.server.MiniRedisServer;
import io.miniredis.support.RealRedis;
import io.miniredis.support.RespClient;
import io.miniredis.support.RespReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol.Command;

/**
 * BGSAVE without fork is consistent: a save started while several clients write (every type, streams and their consumer groups
 * included, deletes, renames,
 * moves, FLUSHDB, SWAPDB, expirations) produces the keyspace of its instant. The writers are held at a gate (each
 * finishes the pipeline it sends) while the test records the instant (one transaction of DUMP and PEXPIRETIME of
 * every key that may exist, in every database, queued beforehand) and starts the save right after it, so no client
 * write slips between the two (a key that expires in between is allowed for by the comparison). Inside MULTI, BGSAVE
 * is only scheduled, as in Redis, so it cannot be part of the transaction. Then the writers go on while the save is
 * walked; the file is loaded by a fresh mini-redis and by a real redis-server, and compared key by key.
 */
class BackgroundSaveConsistencyTest {

    private static final int DATABASES = 3;
    private static final int KEYS = 5_000;
    private static final int WRITERS = 3;

    @TempDir
    Path dir;

    @Test
    void theFileIsTheKeyspaceOfTheInstantDespiteConcurrentWrites() throws Exception {
        MiniRedisServer server = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .databases(16)
                .config("dir", dir.toString())
                .build()
                .start();
        List<List<RespReply>> instant;
        AtomicLong writesDuringSave = new AtomicLong();
        try {
            populate(server.port());
            AtomicBoolean stop = new AtomicBoolean();
            java.util.concurrent.locks.ReentrantReadWriteLock gate =
                    new java.util.concurrent.locks.ReentrantReadWriteLock();
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long seed = 1000 + w;
                Thread writer = new Thread(() -> {
                    try {
                        write(server.port(), seed, stop, writesDuringSave, gate);
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            Thread.sleep(200); // the writers are going
            try (RespClient client = new RespClient(server.port()).timeout(120_000)) {
                long began = System.nanoTime();
                queueRecording(client); // while the writers go on: only EXEC runs the queued reads
                gate.writeLock().lock(); // every writer has finished its pipeline and waits
                try {
                    instant = recorded(client.call("EXEC"));
                    // nothing was written since EXEC (only expiry, which the comparison allows for)
                    assertThat(client.call("BGSAVE").text()).isEqualTo("Background saving started");
                } finally {
                    gate.writeLock().unlock();
                }
                System.out.println("instant recorded in " + (System.nanoTime() - began) / 1_000_000 + " ms");
                began = System.nanoTime();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (info(client, "rdb_bgsave_in_progress").equals("1")) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(5);
                }
                System.out.println("save ended " + (System.nanoTime() - began) / 1_000_000 + " ms after");
                stop.set(true);
                for (Thread writer : writers) {
                    writer.join(10_000);
                }
                assertThat(failures).isEmpty();
                assertThat(info(client, "rdb_last_bgsave_status")).isEqualTo("ok");
                // the pre-write hook had work to do: entries were written ahead of the cursor
                assertThat(Long.parseLong(info(client, "rdb_last_cow_size"))).isPositive();
            }
        } finally {
            server.close();
        }
        assertThat(writesDuringSave.get()).isPositive();
        Path file = dir.resolve("dump.rdb");
        assertThat(file).exists();

        // a fresh mini-redis loads it at start: every key as at the instant
        MiniRedisServer loaded = MiniRedisServer.builder()
                .port(0)
                .bind("127.0.0.1")
                .databases(16)
                .config("dir", dir.toString())
                .build()
                .start();
        try (RespClient client = new RespClient(loaded.port())) {
            compare(client, instant);
        } finally {
            loaded.close();
        }

        // and so does a real redis-server
        if (RealRedis.available()) {
            Process check = new ProcessBuilder("redis-check-rdb", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(output).isZero();
            Path redisDir = Files.createTempDirectory(dir, "redis");
            Files.copy(file, redisDir.resolve("dump.rdb"));
            try (RealRedis redis = RealRedis.startIn(redisDir);
                    RespClient client = new RespClient(redis.port())) {
                compare(client, instant);
            }
        }
    }

    private static String info(RespClient client, String field) {
        for (String line : client.call("INFO", "persistence").text().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError("no " + field);
    }

    private static List<String> universe() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add("k:" + i);
            keys.add("r:" + i);
        }
        return keys;
    }

    /** MULTI, then per database DUMP and PEXPIRETIME of every possible key, queued: EXEC will record the instant. */
    private static void queueRecording(RespClient client) {
        List<String> keys = universe();
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"MULTI"});
        for (int db = 0; db < DATABASES; db++) {
            commands.add(new String[] {"SELECT", Integer.toString(db)});
            commands.add(new String[] {"DBSIZE"});
            for (String key : keys) {
                commands.add(new String[] {"DUMP", key});
                commands.add(new String[] {"PEXPIRETIME", key});
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String[] command : commands) {
            byte[][] args = new byte[command.length][];
            for (int i = 0; i < command.length; i++) {
                args[i] = command[i].getBytes();
            }
            bytes.writeBytes(RespClient.encode(args));
        }
        // replies are read while the commands are sent: a client that only writes would be throttled by the
        // server (it stops reading from a client that does not read its replies)
        List<RespReply> replies = new ArrayList<>();
        Thread reader = new Thread(() -> {
            for (int i = 0; i < commands.size(); i++) {
                replies.add(client.read());
            }
        });
        reader.start();
        client.send(bytes.toByteArray());
        try {
            reader.join(120_000);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(replies).hasSize(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            assertThat(replies.get(i).isError()).as(replies.get(i).toString()).isFalse();
        }
    }

    /** The instant, per database: DBSIZE, then DUMP and PEXPIRETIME of each possible key. */
    private static List<List<RespReply>> recorded(RespReply exec) {
        List<String> keys = universe();
        List<List<RespReply>> perDb = new ArrayList<>();
        int at = 0;
        for (int db = 0; db < DATABASES; db++) {
            at++; // SELECT
            List<RespReply> ofDb = new ArrayList<>();
            for (int i = 0; i < 1 + 2 * keys.size(); i++) {
                ofDb.add(exec.elements().get(at++));
            }
            perDb.add(ofDb);
        }
        return perDb;
    }

    private static void compare(RespClient client, List<List<RespReply>> instant) {
        List<String> keys = universe();
        long now = System.currentTimeMillis();
        for (int db = 0; db < DATABASES; db++) {
            client.call("SELECT", Integer.toString(db));
            List<RespReply> expected = instant.get(db);
            int mismatches = 0;
            long missingByExpiry = 0;
            List<String> examples = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                RespReply dump = client.call("DUMP", keys.get(i));
                RespReply expireAt = client.call("PEXPIRETIME", keys.get(i));
                RespReply wantDump = expected.get(1 + 2 * i);
                RespReply wantExpireAt = expected.get(2 + 2 * i);
                long wantExpiry = Long.parseLong(wantExpireAt.text());
                if (dump.bulk() == null && wantDump.bulk() != null && wantExpiry > 0 && wantExpiry <= now + 1000) {
                    missingByExpiry++; // alive at the instant, expired by the time it was loaded
                    continue;
                }
                if (!dump.equals(wantDump) && wantDump.bulk() != null && dump.bulk() != null) {
                    // the same content may load in another encoding (a hash that grew into a table and shrank
                    // loads as a listpack): the server's own RESTORE of the instant's payload says what it loads as
                    client.call("SELECT", "15");
                    client.call(
                            "RESTORE".getBytes(),
                            "scratch".getBytes(),
                            "0".getBytes(),
                            wantDump.bulk(),
                            "REPLACE".getBytes());
                    wantDump = client.call("DUMP", "scratch");
                    client.call("DEL", "scratch");
                    client.call("SELECT", Integer.toString(db));
                }
                if (!dump.equals(wantDump) || !expireAt.equals(wantExpireAt)) {
                    mismatches++;
                    if (examples.size() < 5) {
                        examples.add("db " + db + " " + keys.get(i) + ": " + dump + " " + expireAt + " expected "
                                + wantDump + " " + wantExpireAt);
                    }
                }
            }
            assertThat(mismatches).as(String.join("\n", examples)).isZero();
            // DBSIZE at the instant counted keys past their expiry not yet removed: count the live ones (a DUMP)
            long alive = 0;
            for (int i = 0; i < keys.size(); i++) {
                if (expected.get(1 + 2 * i).bulk() != null) {
                    alive++;
                }
            }
            long size = Long.parseLong(client.call("DBSIZE").text());
            assertThat(size + missingByExpiry).isEqualTo(alive);
        }
    }

    private static void populate(int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            Random random = new Random(7);
            for (int db = 0; db < DATABASES; db++) {
                jedis.select(db);
                Pipeline p = jedis.pipelined();
                for (int i = 0; i < KEYS; i++) {
                    String key = "k:" + i;
                    switch (i % 7) {
                        case 0 -> p.set(key, "v" + random.nextInt(1000));
                        case 6 -> {
                            p.sendCommand(Command.XADD, key, "1-1", "f", "v" + i, "n", Integer.toString(i));
                            p.sendCommand(Command.XGROUP, "CREATE", key, "g", "0");
                        }
                        case 1 -> p.rpush(key, "a", "b", "c" + i);
                        case 2 -> p.hset(key, Map.of("f1", "1", "f2", "x".repeat(i % 100)));
                        case 3 -> p.sadd(key, "m1", "m2", Integer.toString(i));
                        case 4 -> p.zadd(key, Map.of("a", 1.0, "b", 2.5, "c" + i, (double) i));
                        default -> {
                            p.set(key, "ttl" + i);
                            p.pexpire(key, 3_600_000L + i);
                        }
                    }
                    if (i % 500 == 0) { // a few big ones, whose copy by the hook is large
                        for (int j = 0; j < 5000; j++) {
                            p.rpush("r:" + i, "element-" + j);
                        }
                    }
                }
                p.sync();
            }
            jedis.select(0);
        }
    }

    /** Random writes of every kind until told to stop; counts those done while a save runs. */
    private static void write(
            int port,
            long seed,
            AtomicBoolean stop,
            AtomicLong duringSave,
            java.util.concurrent.locks.ReadWriteLock gate) {
        Random random = new Random(seed);
        try (Jedis jedis = new Jedis("127.0.0.1", port, 60_000);
                Jedis probe = new Jedis("127.0.0.1", port, 60_000)) {
            while (!stop.get()) {
                gate.readLock().lock(); // a pipeline at a time, none while the test records the instant
                try {
                    writeBatch(jedis, probe, random, duringSave);
                } finally {
                    gate.readLock().unlock();
                }
            }
        }
    }

    private static void writeBatch(Jedis jedis, Jedis probe, Random random, AtomicLong duringSave) {
        boolean saving = probe.info("persistence").contains("rdb_bgsave_in_progress:1");
        int db = random.nextInt(DATABASES);
        jedis.select(db);
        Pipeline p = jedis.pipelined();
        for (int n = 0; n < 50; n++) {
            String key = "k:" + random.nextInt(KEYS);
            String other = (random.nextBoolean() ? "k:" : "r:") + random.nextInt(KEYS);
            switch (random.nextInt(26)) {
                // streams change in place: entries, trims, and the group's pending entries and consumers
                case 20 -> p.sendCommand(Command.XADD, key, "*", "f", "w" + random.nextInt(5));
                case 21 -> p.sendCommand(Command.XTRIM, key, "MAXLEN", "1");
                case 22 ->
                    p.sendCommand(
                            Command.XREADGROUP,
                            "GROUP",
                            "g",
                            "c" + random.nextInt(3),
                            "COUNT",
                            "2",
                            "STREAMS",
                            key,
                            ">");
                case 23 -> p.sendCommand(Command.XGROUP, "CREATE", key, "h" + random.nextInt(3), "$");
                case 24 -> p.sendCommand(Command.XACK, key, "g", "1-1");
                case 25 -> p.sendCommand(Command.XAUTOCLAIM, key, "g", "c" + random.nextInt(3), "0", "0", "COUNT", "2");
                case 0 -> p.set(key, "w" + random.nextInt());
                case 1 -> p.append(key, "+");
                case 2 -> p.lpush(key, "new");
                case 3 -> p.rpop(key);
                case 4 -> p.hset(key, "f" + random.nextInt(5), "w");
                case 5 -> p.hdel(key, "f1");
                case 6 -> p.sadd(key, "w" + random.nextInt(5));
                case 7 -> p.srem(key, "m1");
                case 8 -> p.zadd(key, random.nextDouble(), "w");
                case 9 -> p.zrem(key, "a");
                case 10 -> p.del(key);
                case 11 -> p.rename(key, other);
                case 12 -> p.pexpire(key, 1 + random.nextInt(5));
                case 13 -> p.persist(key);
                case 14 -> p.move(key, random.nextInt(DATABASES));
                case 15 -> p.incr(key);
                case 16 -> p.copy(key, other, true);
                case 17 -> p.expire(key, 100_000);
                case 18 -> {
                    if (random.nextInt(400) == 0) {
                        p.sendCommand(redis.clients.jedis.Protocol.Command.SWAPDB, "1", "2");
                    }
                }
                default -> {
                    if (random.nextInt(2000) == 0) {
                        p.sendCommand(redis.clients.jedis.Protocol.Command.FLUSHDB, new String[0]);
                    }
                }
            }
        }
        p.syncAndReturnAll(); // WRONGTYPE replies are fine: the writes are random
        if (saving) {
            duringSave.addAndGet(50);
        }
    }
}
