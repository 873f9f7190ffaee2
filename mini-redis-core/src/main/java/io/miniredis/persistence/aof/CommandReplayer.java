package io.miniredis.persistence.aof;

/** Runs one command of an AOF being loaded, as a client with no connection would (the server implements it). */
public interface CommandReplayer {

    /** Runs {@code argv}; returns the error reply's text when it failed, else null. */
    String replay(byte[][] argv);
}
