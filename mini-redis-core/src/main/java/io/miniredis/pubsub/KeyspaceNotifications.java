package io.miniredis.pubsub;

import io.miniredis.config.NotifyKeyspaceEvents;
import io.miniredis.store.Database;
import io.miniredis.store.Keyspace;
import io.miniredis.store.KeyspaceListener;
import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications ({@code notify-keyspace-events}): for each event a command reports, a message on
 * {@code __keyspace@<db>__:<key>} carrying the event name and/or one on {@code __keyevent@<db>__:<event>} carrying
 * the key, as Redis 7.0 sends them.
 *
 * <p>The command families report their events with {@code CommandCall.notify(type, event, key)} at the point Redis
 * does (which decides whether a subscribed client sees the push before or after its own reply). Events the keyspace
 * itself causes come through the {@link KeyspaceListener}: {@code expired} (lazy and active expiry), {@code evicted},
 * {@code new} and {@code keymiss}. With notifications off, the default, a report costs one int test.
 */
public final class KeyspaceNotifications implements KeyspaceListener {

    private static final int CHANNEL_BITS = NotifyKeyspaceEvents.KEYSPACE | NotifyKeyspaceEvents.KEYEVENT;

    private final PubSubRegistry pubsub;
    private final Keyspace keyspace;
    /** The event classes that are sent; 0 when nothing is (no class, or neither K nor E). */
    private int enabled;

    private boolean keyspaceChannel;
    private boolean keyeventChannel;

    public KeyspaceNotifications(PubSubRegistry pubsub, Keyspace keyspace) {
        this.pubsub = pubsub;
        this.keyspace = keyspace;
    }

    /** Applies a value of {@code notify-keyspace-events}. */
    public void configure(String value) {
        int flags = NotifyKeyspaceEvents.flags(value);
        keyspaceChannel = (flags & NotifyKeyspaceEvents.KEYSPACE) != 0;
        keyeventChannel = (flags & NotifyKeyspaceEvents.KEYEVENT) != 0;
        enabled = keyspaceChannel || keyeventChannel ? flags & ~CHANNEL_BITS : 0;
        keyspace.keyEvents((enabled & NotifyType.NEW) != 0, (enabled & NotifyType.KEY_MISS) != 0);
    }

    /** Whether events of {@code type} are sent. */
    public boolean enabled(int type) {
        return (enabled & type) != 0;
    }

    /** Reports event {@code event} of class {@code type} on {@code key} in database {@code db}. */
    public void notify(int type, String event, byte[] key, int db) {
        if ((enabled & type) == 0) {
            return;
        }
        send(event, key, db);
    }

    private void send(String event, byte[] key, int db) {
        if (!pubsub.hasSubscribers()) {
            return; // nobody can receive it: skip building the channel names
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if (keyspaceChannel) {
            pubsub.publish(channel("__keyspace@", db, key), eventBytes);
        }
        if (keyeventChannel) {
            pubsub.publish(channel("__keyevent@", db, eventBytes), key);
        }
    }

    private static byte[] channel(String prefix, int db, byte[] suffix) {
        byte[] head = (prefix + db + "__:").getBytes(StandardCharsets.US_ASCII);
        byte[] name = new byte[head.length + suffix.length];
        System.arraycopy(head, 0, name, 0, head.length);
        System.arraycopy(suffix, 0, name, head.length, suffix.length);
        return name;
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        notify(NotifyType.EXPIRED, "expired", key, db.index());
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        notify(NotifyType.EVICTED, "evicted", key, db.index());
    }

    @Override
    public void keyCreated(Database db, byte[] key) {
        notify(NotifyType.NEW, "new", key, db.index());
    }

    @Override
    public void keyMissed(Database db, byte[] key) {
        notify(NotifyType.KEY_MISS, "keymiss", key, db.index());
    }
}
