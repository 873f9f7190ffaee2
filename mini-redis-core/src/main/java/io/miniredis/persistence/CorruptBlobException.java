package io.miniredis.persistence;

/**
 * A compact encoding inside an RDB string (listpack, ziplist, intset, zipmap) that is not well formed: where in the
 * blob, and what. The reader turns it into an {@link RdbFormatException} naming the string's place in the input.
 */
final class CorruptBlobException extends Exception {

    CorruptBlobException(String encoding, int position, String problem) {
        super(encoding + " byte " + position + ": " + problem, null, false, false);
    }
}
