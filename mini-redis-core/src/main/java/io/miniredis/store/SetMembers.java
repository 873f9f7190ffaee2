package io.miniredis.store;

import java.util.function.Consumer;

/**
 * A plain set as the sorted-set algebra reads it: ZUNION, ZINTER, ZDIFF (and their STORE forms, ZINTERCARD) accept
 * sets as inputs, every member counting with score 1. The set type's value class implements this.
 */
public interface SetMembers {

    int size();

    boolean contains(byte[] member);

    void forEachMember(Consumer<byte[]> visitor);
}
