package io.miniredis.config;

/**
 * {@code notify-keyspace-events}: which keyspace notifications are sent, as flag letters. The flag bits are public so
 * the notification code can test a value read with {@link #flags(String)}.
 * <pre>
 *   K keyspace channel   E keyevent channel   g generic   $ string   l list   s set   h hash   z sorted set
 *   x expired   e evicted   t stream   m key miss   d module   n new key   A alias for "g$lshzxetd"
 * </pre>
 * Redis reports the letters in its own order whatever order they were given in: {@code A} (when every class it
 * covers is set) or the class letters, then {@code K}, {@code E}, {@code m}. Quirk kept: {@code n} is printed
 * only when {@code A} is not.
 */
public final class NotifyKeyspaceEvents {

    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 12;
    public static final int NEW = 1 << 13;
    /** What {@code A} stands for. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** The class letters in the order Redis reports them, with their bits. */
    private static final String CLASS_LETTERS = "g$lshzxetdn";

    private static final int[] CLASS_BITS = {
        GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW
    };

    /**
     * Stored without loss (so the server acts on {@code n} even next to {@code A}), shown as Redis shows it: Redis
     * keeps the flags as bits and only its display drops {@code n}.
     */
    public static final ConfigType TYPE = new ConfigType() {
        @Override
        public String normalize(String value) {
            int flags = flags(value);
            String shown = format(flags);
            return (flags & ALL) == ALL && (flags & NEW) != 0 ? shown + "n" : shown;
        }

        @Override
        public String display(String canonical) {
            return format(flags(canonical));
        }
    };

    private NotifyKeyspaceEvents() {}

    /** The flag bits of a value such as {@code KEA}; case matters, as in Redis. */
    public static int flags(String value) {
        int flags = 0;
        for (int i = 0; i < value.length(); i++) {
            char letter = value.charAt(i);
            int index = CLASS_LETTERS.indexOf(letter);
            if (index >= 0) {
                flags |= CLASS_BITS[index];
                continue;
            }
            flags |= switch (letter) {
                case 'A' -> ALL;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 'm' -> KEY_MISS;
                default -> throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            };
        }
        return flags;
    }

    /** The canonical letters of {@code flags}, as CONFIG GET reports them. */
    public static String format(int flags) {
        StringBuilder out = new StringBuilder();
        if ((flags & ALL) == ALL) {
            out.append('A');
        } else {
            for (int i = 0; i < CLASS_BITS.length; i++) {
                if ((flags & CLASS_BITS[i]) != 0) {
                    out.append(CLASS_LETTERS.charAt(i));
                }
            }
        }
        if ((flags & KEYSPACE) != 0) {
            out.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            out.append('E');
        }
        if ((flags & KEY_MISS) != 0) {
            out.append('m');
        }
        return out.toString();
    }
}
