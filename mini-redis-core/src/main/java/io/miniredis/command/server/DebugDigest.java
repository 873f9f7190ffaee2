package io.miniredis.command.server;

import io.miniredis.protocol.Numbers;
import io.miniredis.store.AppendableString;
import io.miniredis.store.Database;
import io.miniredis.store.FieldTable;
import io.miniredis.store.KeyEntry;
import io.miniredis.store.Keyspace;
import io.miniredis.store.RedisHash;
import io.miniredis.store.RedisList;
import io.miniredis.store.RedisSet;
import io.miniredis.store.RedisSortedSet;
import io.miniredis.store.RedisStream;
import io.miniredis.store.StreamId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * DEBUG DIGEST and DIGEST-VALUE: Redis's SHA-1 signature of the data, the same 40 hex digits for the same data,
 * so that tests can compare a server with another (or with itself after a reload). Worked out from Redis's
 * documentation and its answers (DebugDigestDifferentialTest), with two operations on a 20-byte state:
 *
 * <ul>
 *   <li><em>add</em> bytes: XOR their SHA-1 into the state. Order does not matter: used for unordered things (set
 *       members, hash fields, the keys of a database, the expiry mark).
 *   <li><em>mix</em> bytes: add them, then replace the state by its own SHA-1. Order matters: used for sequences
 *       (a key then its value, list elements in order).
 * </ul>
 *
 * A value's digest mixes its type (Redis's type number, 4 bytes big-endian), then its contents: a string's bytes;
 * each list element in order; each set member added; for a hash field or a sorted-set member, a fresh state mixing
 * the field and value (the member and its score as {@code %.17g}), added; for a stream each live entry's ID
 * written {@code <ms>.<seq>}, then its fields and values, mixed in order (consumer groups do not count); and adds
 * {@code "!!expire!!"} when the key
 * has a time to live (whatever it is). A key's digest is a fresh state mixing the key's name then its value; the
 * server's digest, for each non-empty database in order, mixes the database number (4 bytes big-endian), then adds
 * each key's digest. An empty server is 20 zero bytes.
 */
final class DebugDigest {

    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha1;
    private final byte[] hash = new byte[20];

    DebugDigest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** DEBUG DIGEST: the whole keyspace, keys already expired but not yet removed included, as Redis walks them. */
    String keyspace(Keyspace keyspace) {
        byte[] state = new byte[20];
        for (int index = 0; index < keyspace.databaseCount(); index++) {
            Database db = keyspace.db(index);
            if (db.size() == 0) {
                continue;
            }
            mix(state, ByteBuffer.allocate(4).putInt(index).array());
            long cursor = 0;
            do {
                cursor = db.scanIncludingExpired(cursor, entry -> {
                    byte[] key = new byte[20];
                    mix(key, entry.key());
                    value(key, entry);
                    add(state, key);
                });
            } while (cursor != 0);
        }
        return HexFormat.of().formatHex(state);
    }

    /** DEBUG DIGEST-VALUE's digest of one key's value (and expiry); {@code entry} null gives zeros. */
    String value(KeyEntry entry) {
        byte[] state = new byte[20];
        if (entry != null) {
            value(state, entry);
        }
        return HexFormat.of().formatHex(state);
    }

    private void value(byte[] state, KeyEntry entry) {
        Object value = entry.value();
        if (value instanceof byte[] bytes) {
            mixType(state, 0);
            mix(state, bytes);
        } else if (value instanceof AppendableString string) {
            mixType(state, 0);
            mix(state, string.toBytes());
        } else if (value instanceof RedisList list) {
            mixType(state, 1);
            for (int i = 0; i < list.size(); i++) {
                mix(state, list.get(i));
            }
        } else if (value instanceof RedisSet set) {
            mixType(state, 2);
            for (int position = 0; position < set.limit(); position++) {
                if (set.isMember(position)) {
                    add(state, set.member(position));
                }
            }
        } else if (value instanceof RedisSortedSet zset) {
            mixType(state, 3);
            for (RedisSortedSet.Node node = zset.first(); node != null; node = node.next()) {
                double score = node.score();
                // a listpack keeps a whole score as an integer: -0 comes back as 0
                String text = zset.isListpack() && score == 0 ? "0" : Numbers.formatDouble(score);
                add(state, pair(node.member(), text.getBytes(StandardCharsets.US_ASCII)));
            }
        } else if (value instanceof RedisHash hash) {
            mixType(state, 4);
            FieldTable table = hash.table();
            for (int slot = 0; slot < table.limit(); slot++) {
                byte[] field = table.key(slot);
                if (field != null) {
                    add(state, pair(field, table.value(slot)));
                }
            }
        } else if (value instanceof RedisStream stream) {
            mixType(state, 6);
            // each live entry in order: its ID as <ms>.<seq>, then each field and value; groups do not count
            stream.range(StreamId.MIN, StreamId.MAX, 0, false, (id, fieldValues) -> {
                String text = Long.toUnsignedString(id.ms()) + "." + Long.toUnsignedString(id.seq());
                mix(state, text.getBytes(StandardCharsets.US_ASCII));
                for (byte[] element : fieldValues) {
                    mix(state, element);
                }
                return true;
            });
        } else {
            throw new IllegalStateException("no digest for " + value.getClass().getSimpleName());
        }
        if (entry.hasExpiry()) {
            add(state, EXPIRE_MARK);
        }
    }

    private byte[] pair(byte[] first, byte[] second) {
        byte[] element = new byte[20];
        mix(element, first);
        mix(element, second);
        return element;
    }

    private void mixType(byte[] state, int type) {
        mix(state, ByteBuffer.allocate(4).putInt(type).array());
    }

    /** XORs the SHA-1 of {@code bytes} into {@code state}. */
    private void add(byte[] state, byte[] bytes) {
        sha1.update(bytes);
        digestInto();
        for (int i = 0; i < 20; i++) {
            state[i] ^= hash[i];
        }
    }

    /** Adds {@code bytes}, then replaces the state by its SHA-1. */
    private void mix(byte[] state, byte[] bytes) {
        add(state, bytes);
        sha1.update(state);
        digestInto();
        System.arraycopy(hash, 0, state, 0, 20);
    }

    private void digestInto() {
        try {
            sha1.digest(hash, 0, 20);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
