package io.miniredis.persistence;

/**
 * The numbers of the RDB format as Redis 7.0 writes and reads it (RDB version 10): object types, opcodes, the
 * length and string encodings. Shared by the writer and the reader.
 */
public final class RdbFormat {

    private RdbFormat() {}

    /** The version Redis 7.0 writes, in the header ({@code REDIS0010}) and in DUMP payloads. */
    public static final int VERSION = 10;
    /** The oldest version this reader takes (Redis 7.0 reads all from 1; files older than 6 are rare). */
    public static final int OLDEST_VERSION = 1;

    // ---- object types: the byte before a key --------------------------------------------------------------------
    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_MODULE_PRE_GA = 6;
    public static final int TYPE_MODULE_2 = 7;
    public static final int TYPE_HASH_ZIPMAP = 9;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;
    public static final int TYPE_SET_LISTPACK = 20;
    public static final int TYPE_STREAM_LISTPACKS_3 = 21;

    // ---- opcodes: bytes where a type could stand, which are not keys ------------------------------------------
    public static final int OPCODE_FUNCTION2 = 245;
    public static final int OPCODE_FUNCTION_PRE_GA = 246;
    public static final int OPCODE_MODULE_AUX = 247;
    public static final int OPCODE_IDLE = 248;
    public static final int OPCODE_FREQ = 249;
    public static final int OPCODE_AUX = 250;
    public static final int OPCODE_RESIZEDB = 251;
    public static final int OPCODE_EXPIRETIME_MS = 252;
    public static final int OPCODE_EXPIRETIME = 253;
    public static final int OPCODE_SELECTDB = 254;
    public static final int OPCODE_EOF = 255;

    // ---- lengths: the two top bits of the first byte -----------------------------------------------------------
    static final int LENGTH_6BIT = 0;
    static final int LENGTH_14BIT = 1;
    static final int LENGTH_32BIT = 0x80;
    static final int LENGTH_64BIT = 0x81;
    /** Top bits 11: not a length but a special string encoding in the low six bits. */
    static final int ENCODED = 3;

    static final int ENCODING_INT8 = 0;
    static final int ENCODING_INT16 = 1;
    static final int ENCODING_INT32 = 2;
    static final int ENCODING_LZF = 3;

    /** QUICKLIST_2 node containers. */
    static final int CONTAINER_PLAIN = 1;

    static final int CONTAINER_PACKED = 2;

    /** A name for an object type byte, for error messages. */
    public static String typeName(int type) {
        return switch (type) {
            case TYPE_STRING -> "string";
            case TYPE_LIST -> "list";
            case TYPE_SET -> "set";
            case TYPE_ZSET -> "zset";
            case TYPE_HASH -> "hash";
            case TYPE_ZSET_2 -> "zset (binary scores)";
            case TYPE_MODULE_PRE_GA -> "module value (pre-GA format)";
            case TYPE_MODULE_2 -> "module value";
            case TYPE_HASH_ZIPMAP -> "hash (zipmap)";
            case TYPE_LIST_ZIPLIST -> "list (ziplist)";
            case TYPE_SET_INTSET -> "set (intset)";
            case TYPE_ZSET_ZIPLIST -> "zset (ziplist)";
            case TYPE_HASH_ZIPLIST -> "hash (ziplist)";
            case TYPE_LIST_QUICKLIST -> "list (quicklist of ziplists)";
            case TYPE_STREAM_LISTPACKS -> "stream";
            case TYPE_HASH_LISTPACK -> "hash (listpack)";
            case TYPE_ZSET_LISTPACK -> "zset (listpack)";
            case TYPE_LIST_QUICKLIST_2 -> "list (quicklist of listpacks)";
            case TYPE_STREAM_LISTPACKS_2 -> "stream (version 2)";
            case TYPE_SET_LISTPACK -> "set (listpack, Redis 7.2)";
            case TYPE_STREAM_LISTPACKS_3 -> "stream (version 3, Redis 7.2)";
            default -> "unknown type " + type;
        };
    }
}
