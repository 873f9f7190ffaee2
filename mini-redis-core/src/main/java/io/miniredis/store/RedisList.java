package io.miniredis.store;

import java.util.Arrays;

/**
 * A list value: a growable circular array of elements, so pushing and popping at either end is O(1) (amortised)
 * and reaching an index is O(1) too. Inserting or removing in the middle shifts the shorter side, O(n) as in Redis.
 *
 * <p>Elements are the clients' {@code byte[]} themselves, never copied: values are immutable once stored. Redis
 * 7.0 keeps every list in a quicklist (the listpack encoding for small lists came in 7.2), so that is the encoding
 * OBJECT ENCODING reports whatever the size.
 */
public final class RedisList implements RedisValue {

    private static final int MIN_CAPACITY = 8;
    private static final byte[][] EMPTY = new byte[0][];
    private static final int SHELL = MemoryEstimates.object(1, 4 + 4 + 8);

    /** Capacity is zero or a power of two; element {@code i} lives at {@code (head + i) & (capacity - 1)}. */
    private byte[][] elements = EMPTY;

    private int head;
    private int size;
    /** The elements' own arrays, summed as they come and go (for {@link #estimatedBytes}). */
    private long elementBytes;

    public RedisList() {}

    private RedisList(RedisList other) {
        this.elements = other.elements.clone();
        this.head = other.head;
        this.size = other.size;
        this.elementBytes = other.elementBytes;
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public long estimatedBytes() {
        return SHELL + MemoryEstimates.refArray(elements.length) + elementBytes;
    }

    @Override
    public RedisList copy() {
        return new RedisList(this);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The element at {@code index}, 0 the head; the caller checks {@code 0 <= index < size}. */
    public byte[] get(int index) {
        return elements[slot(index)];
    }

    public void set(int index, byte[] element) {
        int slot = slot(index);
        elementBytes += MemoryEstimates.bytes(element) - MemoryEstimates.bytes(elements[slot]);
        elements[slot] = element;
    }

    public void pushFirst(byte[] element) {
        ensureRoomForOneMore();
        head = (head - 1) & (elements.length - 1);
        elements[head] = element;
        elementBytes += MemoryEstimates.bytes(element);
        size++;
    }

    public void pushLast(byte[] element) {
        ensureRoomForOneMore();
        elements[(head + size) & (elements.length - 1)] = element;
        elementBytes += MemoryEstimates.bytes(element);
        size++;
    }

    public void push(byte[] element, boolean first) {
        if (first) {
            pushFirst(element);
        } else {
            pushLast(element);
        }
    }

    /** Removes and returns the head; the list must not be empty. */
    public byte[] popFirst() {
        byte[] element = elements[head];
        elements[head] = null;
        elementBytes -= MemoryEstimates.bytes(element);
        head = (head + 1) & (elements.length - 1);
        size--;
        shrinkIfSparse();
        return element;
    }

    /** Removes and returns the tail; the list must not be empty. */
    public byte[] popLast() {
        int tail = slot(size - 1);
        byte[] element = elements[tail];
        elements[tail] = null;
        elementBytes -= MemoryEstimates.bytes(element);
        size--;
        shrinkIfSparse();
        return element;
    }

    public byte[] pop(boolean first) {
        return first ? popFirst() : popLast();
    }

    /** Inserts before position {@code index} ({@code size} appends), shifting the shorter side by one. */
    public void insert(int index, byte[] element) {
        if (index == 0) {
            pushFirst(element);
            return;
        }
        if (index == size) {
            pushLast(element);
            return;
        }
        ensureRoomForOneMore();
        int mask = elements.length - 1;
        if (index < size / 2) {
            // move elements [0, index) one step towards the head
            head = (head - 1) & mask;
            for (int i = 0; i < index; i++) {
                elements[(head + i) & mask] = elements[(head + i + 1) & mask];
            }
        } else {
            // move elements [index, size) one step towards the tail
            for (int i = size; i > index; i--) {
                elements[(head + i) & mask] = elements[(head + i - 1) & mask];
            }
        }
        elements[(head + index) & mask] = element;
        elementBytes += MemoryEstimates.bytes(element);
        size++;
    }

    /** Index of the first element equal to {@code value}, or -1. */
    public int indexOf(byte[] value) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(elements[slot(i)], value)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * LREM: removes up to {@code limit} elements equal to {@code value} (0 = all), scanning from the head, or from
     * the tail when {@code fromTail}. Returns how many it removed. One compacting pass, O(n).
     */
    public int removeAll(byte[] value, long limit, boolean fromTail) {
        long max = limit <= 0 ? Long.MAX_VALUE : limit;
        // first mark which indexes go, respecting the scan direction, then compact once from the head
        boolean[] removed = null;
        int count = 0;
        for (int k = 0; k < size && count < max; k++) {
            int i = fromTail ? size - 1 - k : k;
            if (Arrays.equals(elements[slot(i)], value)) {
                elementBytes -= MemoryEstimates.bytes(elements[slot(i)]);
                if (removed == null) {
                    removed = new boolean[size];
                }
                removed[i] = true;
                count++;
            }
        }
        if (count == 0) {
            return 0;
        }
        int write = 0;
        for (int read = 0; read < size; read++) {
            if (!removed[read]) {
                if (write != read) {
                    elements[slot(write)] = elements[slot(read)];
                }
                write++;
            }
        }
        for (int i = write; i < size; i++) {
            elements[slot(i)] = null;
        }
        size = write;
        shrinkIfSparse();
        return count;
    }

    /** LTRIM: keeps elements {@code start..end} (inclusive, already clamped to the list), drops the rest. */
    public void retain(int start, int end) {
        if (start > end || start >= size) {
            clear();
            return;
        }
        int mask = elements.length - 1;
        for (int i = end + 1; i < size; i++) {
            elementBytes -= MemoryEstimates.bytes(elements[(head + i) & mask]);
            elements[(head + i) & mask] = null;
        }
        for (int i = 0; i < start; i++) {
            elementBytes -= MemoryEstimates.bytes(elements[(head + i) & mask]);
            elements[(head + i) & mask] = null;
        }
        head = (head + start) & mask;
        size = end - start + 1;
        shrinkIfSparse();
    }

    public void clear() {
        elements = EMPTY;
        head = 0;
        size = 0;
        elementBytes = 0;
    }

    private int slot(int index) {
        return (head + index) & (elements.length - 1);
    }

    private void ensureRoomForOneMore() {
        if (size == elements.length) {
            resize(Math.max(MIN_CAPACITY, elements.length * 2));
        }
    }

    /** Gives memory back when a list that was long is mostly popped: a quarter full halves the array. */
    private void shrinkIfSparse() {
        if (size == 0) {
            clear();
        } else if (elements.length > MIN_CAPACITY * 2 && size <= elements.length / 4) {
            resize(elements.length / 2);
        }
    }

    private void resize(int capacity) {
        byte[][] grown = new byte[capacity][];
        int mask = elements.length - 1;
        for (int i = 0; i < size; i++) {
            grown[i] = elements[(head + i) & mask];
        }
        elements = grown;
        head = 0;
    }
}
