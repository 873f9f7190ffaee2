package io.miniredis.store;

import java.util.Arrays;

/**
 * A list value: a growable circular array of elements, so pushing and popping at either end is O(1) (amortised)
 * and reaching an index is O(1) too. Inserting or removing in the middle shifts the shorter side, O(n) as in Redis.
 *
 * <p>A small list (at most {@value #PACKED_MAX_SIZE} elements of at most {@value #PACKED_MAX_LENGTH} bytes) is
 * <em>packed</em> instead: every element in one array ({@link PackedElements}), as a Redis quicklist node holds a
 * listpack, so it costs its elements' bytes and two per element rather than an array per element and a slot. A
 * change copies that array (O(n), n bounded as above) and {@link #get} returns a copy; a list that outgrows the
 * bounds is unpacked into the circular array, and LREM or LTRIM pack it again once it holds half as many.
 *
 * <p>Elements are the clients' {@code byte[]} themselves, never copied: values are immutable once stored. Redis
 * 7.0 keeps every list in a quicklist (the listpack encoding for small lists came in 7.2), so that is the encoding
 * OBJECT ENCODING reports whatever the size.
 */
public final class RedisList implements RedisValue {

    private static final int MIN_CAPACITY = 8;
    static final int PACKED_MAX_SIZE = 128;
    static final int PACKED_MAX_LENGTH = 64;
    private static final byte[][] EMPTY = new byte[0][];
    private static final int SHELL = MemoryEstimates.object(2, 4 + 4 + 8 + 4 + 4);

    /** The elements while packed, else null (and {@link #elements} holds them). */
    private byte[] packed = PackedElements.EMPTY;
    /** While packed: the last index located and its offset, so a walk from the head is O(n) in all. */
    private int cachedIndex;

    private int cachedOffset;

    /** Capacity is zero or a power of two; element {@code i} lives at {@code (head + i) & (capacity - 1)}. */
    private byte[][] elements = EMPTY;

    private int head;
    private int size;
    /** The elements' own arrays, summed as they come and go (for {@link #estimatedBytes}). */
    private long elementBytes;

    public RedisList() {}

    private RedisList(RedisList other) {
        this.packed = other.packed == null ? null : other.packed.clone();
        this.elements = other.elements.length == 0 ? EMPTY : other.elements.clone();
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
        if (packed != null) {
            return SHELL + MemoryEstimates.bytes(packed);
        }
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
        if (packed != null) {
            return PackedElements.element(packed, offsetOf(index));
        }
        return elements[slot(index)];
    }

    public void set(int index, byte[] element) {
        if (packed != null) {
            if (element.length <= PACKED_MAX_LENGTH) {
                int at = offsetOf(index);
                changed(PackedElements.insert(
                        PackedElements.cut(packed, at, PackedElements.next(packed, at)), at, element));
                return;
            }
            unpack();
        }
        int slot = slot(index);
        elementBytes += MemoryEstimates.bytes(element) - MemoryEstimates.bytes(elements[slot]);
        elements[slot] = element;
    }

    public void pushFirst(byte[] element) {
        if (packed != null) {
            if (fitsPacked(element)) {
                changed(PackedElements.insert(packed, 0, element));
                size++;
                return;
            }
            unpack();
        }
        ensureRoomForOneMore();
        head = (head - 1) & (elements.length - 1);
        elements[head] = element;
        elementBytes += MemoryEstimates.bytes(element);
        size++;
    }

    public void pushLast(byte[] element) {
        if (packed != null) {
            if (fitsPacked(element)) {
                changed(PackedElements.insert(packed, packed.length, element));
                size++;
                return;
            }
            unpack();
        }
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
        if (packed != null) {
            byte[] first = PackedElements.element(packed, 0);
            changed(PackedElements.cut(packed, 0, PackedElements.next(packed, 0)));
            size--;
            return first;
        }
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
        if (packed != null) {
            int at = offsetOf(size - 1);
            byte[] last = PackedElements.element(packed, at);
            changed(PackedElements.cut(packed, at, packed.length));
            size--;
            return last;
        }
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
        if (packed != null) {
            if (fitsPacked(element)) {
                changed(PackedElements.insert(packed, index == size ? packed.length : offsetOf(index), element));
                size++;
                return;
            }
            unpack();
        }
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
        if (packed != null) {
            int at = 0;
            for (int i = 0; i < size; i++) {
                if (PackedElements.equals(packed, at, value)) {
                    return i;
                }
                at = PackedElements.next(packed, at);
            }
            return -1;
        }
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
        unpack();
        int removed = removeAllUnpacked(value, limit, fromTail);
        packIfSmall();
        return removed;
    }

    private int removeAllUnpacked(byte[] value, long limit, boolean fromTail) {
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
        unpack();
        retainUnpacked(start, end);
        packIfSmall();
    }

    private void retainUnpacked(int start, int end) {
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
        changed(PackedElements.EMPTY);
        elements = EMPTY;
        head = 0;
        size = 0;
        elementBytes = 0;
    }

    private boolean fitsPacked(byte[] element) {
        return size < PACKED_MAX_SIZE && element.length <= PACKED_MAX_LENGTH;
    }

    /** While packed: the offset of element {@code index}, walking on from the last one located when it is before. */
    private int offsetOf(int index) {
        int i = 0;
        int at = 0;
        if (index >= cachedIndex) {
            i = cachedIndex;
            at = cachedOffset;
        }
        for (; i < index; i++) {
            at = PackedElements.next(packed, at);
        }
        cachedIndex = index;
        cachedOffset = at;
        return at;
    }

    private void changed(byte[] fresh) {
        packed = fresh;
        cachedIndex = 0;
        cachedOffset = 0;
    }

    /** Into the circular array, with room for one more (a no-op when not packed). */
    private void unpack() {
        byte[] p = packed;
        if (p == null) {
            return;
        }
        byte[][] all = new byte[Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 2)][];
        long bytes = 0;
        int at = 0;
        for (int i = 0; i < size; i++) {
            all[i] = PackedElements.element(p, at);
            bytes += MemoryEstimates.bytes(all[i]);
            at = PackedElements.next(p, at);
        }
        packed = null;
        elements = all;
        head = 0;
        elementBytes = bytes;
    }

    /** After LREM or LTRIM: packed again when at most half the packed bound remains, all of it short enough. */
    private void packIfSmall() {
        if (packed != null || size > PACKED_MAX_SIZE / 2) {
            return;
        }
        int total = 0;
        for (int i = 0; i < size; i++) {
            byte[] element = elements[slot(i)];
            if (element.length > PACKED_MAX_LENGTH) {
                return;
            }
            total += PackedLength.size(element.length) + element.length;
        }
        byte[] p = new byte[total];
        int at = 0;
        for (int i = 0; i < size; i++) {
            byte[] element = elements[slot(i)];
            at = PackedLength.write(p, at, element.length);
            System.arraycopy(element, 0, p, at, element.length);
            at += element.length;
        }
        int n = size;
        clear();
        size = n;
        changed(p);
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
