package io.miniredis.command;

/**
 * For commands whose keys are not at fixed positions (flag movablekeys): returns the argument indexes of the keys.
 * Used by COMMAND GETKEYS and, later, by hash-slot routing.
 */
@FunctionalInterface
public interface KeyFinder {

    int[] keyIndexes(byte[][] argv);
}
