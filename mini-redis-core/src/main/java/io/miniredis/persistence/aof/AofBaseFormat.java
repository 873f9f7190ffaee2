package io.miniredis.persistence.aof;

import io.miniredis.persistence.SnapshotFormat;
import io.miniredis.protocol.Numbers;
import io.miniredis.store.FieldTable;
import io.miniredis.store.RedisHash;
import io.miniredis.store.RedisList;
import io.miniredis.store.RedisSet;
import io.miniredis.store.RedisSortedSet;
import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamConsumer;
import io.miniredis.store.StreamGroup;
import io.miniredis.store.StreamId;
import io.miniredis.store.StreamNack;
import io.miniredis.store.Values;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An AOF base written as commands ({@code aof-use-rdb-preamble no}), in Redis 7.0's rewrite form: an optional
 * {@code #TS:} annotation, {@code FUNCTION LOAD} for each library, {@code SELECT} before each database's keys, then
 * per key {@code SET}, or {@code RPUSH} / {@code SADD} / {@code ZADD} / {@code HMSET} carrying at most 64 elements each
 * (Redis's AOF_REWRITE_ITEMS_PER_CMD; scores as {@code %.17g}), a stream as {@code XADD} per entry then {@code XSETID},
 * {@code XGROUP CREATE}, {@code XCLAIM ... JUSTID FORCE} per pending entry and {@code XGROUP CREATECONSUMER} for a
 * consumer without any, and {@code PEXPIREAT} when it expires. Replayed by
 * our loader and by Redis's; {@code redis-check-aof} accepts it.
 */
public final class AofBaseFormat implements SnapshotFormat {

    /** Redis's AOF_REWRITE_ITEMS_PER_CMD: elements (pairs for a hash or a sorted set) per command. */
    static final int ITEMS_PER_COMMAND = 64;

    private static final int FLUSH_AT = 64 * 1024;

    private final OutputStream out;
    private final byte[] buffer = new byte[FLUSH_AT + 1024];
    private int buffered;
    private long written;

    /**
     * Writes the prologue at once: the timestamp annotation ({@code timestampSeconds} -1: none) and the function
     * libraries.
     */
    public AofBaseFormat(OutputStream out, List<byte[]> functions, long timestampSeconds) throws IOException {
        this.out = out;
        if (timestampSeconds >= 0) {
            raw(("#TS:" + timestampSeconds + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        for (byte[] code : functions) {
            command(List.of(ascii("FUNCTION"), ascii("LOAD"), code));
        }
    }

    @Override
    public void database(int index, long keys, long expiring) throws IOException {
        selectDb(index);
    }

    @Override
    public void selectDb(int index) throws IOException {
        command(List.of(ascii("SELECT"), ascii(Integer.toString(index))));
    }

    @Override
    public void key(byte[] key, Object value, long expireAt, long idleSeconds, int frequency) throws IOException {
        if (Values.isString(value)) {
            command(List.of(ascii("SET"), key, Values.stringBytes(value)));
        } else if (value instanceof RedisList list) {
            List<byte[]> items = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                items.add(list.get(i));
            }
            batched("RPUSH", key, items, 1);
        } else if (value instanceof RedisSet set) {
            List<byte[]> items = new ArrayList<>(set.size());
            for (int position = 0; position < set.limit(); position++) {
                if (set.isMember(position)) {
                    items.add(set.member(position));
                }
            }
            batched("SADD", key, items, 1);
        } else if (value instanceof RedisSortedSet zset) {
            List<byte[]> items = new ArrayList<>(zset.size() * 2);
            for (RedisSortedSet.Node node = zset.first(); node != null; node = node.next()) {
                items.add(ascii(Numbers.formatDouble(node.score())));
                items.add(node.member());
            }
            batched("ZADD", key, items, 2);
        } else if (value instanceof RedisHash hash) {
            FieldTable table = hash.table();
            List<byte[]> items = new ArrayList<>(table.size() * 2);
            for (int slot = 0; slot < table.limit(); slot++) {
                byte[] field = table.key(slot);
                if (field != null) {
                    items.add(field);
                    items.add(table.value(slot));
                }
            }
            batched("HMSET", key, items, 2);
        } else if (value instanceof RedisStream stream) {
            stream(key, stream);
        } else {
            throw new IOException("no AOF rewrite form for a value of type "
                    + Values.type(value).wireName());
        }
        if (expireAt != -1) {
            command(List.of(ascii("PEXPIREAT"), key, ascii(Long.toString(expireAt))));
        }
    }

    /**
     * A stream as Redis 7.0 rewrites one: its entries, then its metadata (the last ID and counters XDEL and trims
     * leave behind), then each group with its pending entries, owned by their consumers.
     */
    private void stream(byte[] key, RedisStream stream) throws IOException {
        if (stream.length() > 0) {
            IOException[] failure = {null};
            stream.range(StreamId.MIN, StreamId.MAX, 0, false, (id, fieldValues) -> {
                List<byte[]> argv = new ArrayList<>(fieldValues.length + 3);
                argv.add(ascii("XADD"));
                argv.add(key);
                argv.add(id.toBytes());
                argv.addAll(List.of(fieldValues));
                try {
                    command(argv);
                    return true;
                } catch (IOException e) {
                    failure[0] = e;
                    return false;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        } else {
            // an empty stream still exists: made by an entry trimmed away at once, as Redis does
            command(List.of(
                    ascii("XADD"),
                    key,
                    ascii("MAXLEN"),
                    ascii("0"),
                    new StreamId(0, 1).toBytes(),
                    ascii("x"),
                    ascii("y")));
        }
        command(List.of(
                ascii("XSETID"),
                key,
                stream.lastId().toBytes(),
                ascii("ENTRIESADDED"),
                ascii(Long.toString(stream.entriesAdded())),
                ascii("MAXDELETEDID"),
                stream.maxDeletedId().toBytes()));
        for (StreamGroup group : stream.groups()) {
            command(List.of(
                    ascii("XGROUP"),
                    ascii("CREATE"),
                    key,
                    group.name(),
                    group.lastId().toBytes(),
                    ascii("ENTRIESREAD"),
                    ascii(Long.toString(group.entriesRead()))));
            for (StreamConsumer consumer : group.consumers()) {
                if (consumer.pendingCount() == 0) {
                    command(List.of(ascii("XGROUP"), ascii("CREATECONSUMER"), key, group.name(), consumer.name()));
                    continue;
                }
                for (var pending : consumer.pending().entrySet()) {
                    StreamNack nack = pending.getValue();
                    command(List.of(
                            ascii("XCLAIM"),
                            key,
                            group.name(),
                            consumer.name(),
                            ascii("0"),
                            pending.getKey().toBytes(),
                            ascii("TIME"),
                            ascii(Long.toString(nack.deliveryTime())),
                            ascii("RETRYCOUNT"),
                            ascii(Long.toString(nack.deliveryCount())),
                            ascii("JUSTID"),
                            ascii("FORCE")));
                }
            }
        }
    }

    /** {@code name key item...}, at most 64 items ({@code width} arguments each) per command, as Redis writes them. */
    private void batched(String name, byte[] key, List<byte[]> arguments, int width) throws IOException {
        int perCommand = ITEMS_PER_COMMAND * width;
        for (int from = 0; from < arguments.size(); from += perCommand) {
            int to = Math.min(arguments.size(), from + perCommand);
            List<byte[]> argv = new ArrayList<>(to - from + 2);
            argv.add(ascii(name));
            argv.add(key);
            argv.addAll(arguments.subList(from, to));
            command(argv);
        }
    }

    private void command(List<byte[]> argv) throws IOException {
        raw(ascii("*" + argv.size() + "\r\n"));
        for (byte[] arg : argv) {
            raw(ascii("$" + arg.length + "\r\n"));
            raw(arg);
            raw(CRLF);
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private void raw(byte[] bytes) throws IOException {
        if (buffered + bytes.length > buffer.length) {
            flush();
            if (bytes.length > buffer.length) {
                out.write(bytes);
                written += bytes.length;
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
        buffered += bytes.length;
        written += bytes.length;
        if (buffered >= FLUSH_AT) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (buffered > 0) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public long finish() throws IOException {
        flush();
        out.flush();
        return written;
    }
}
