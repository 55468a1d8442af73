package io.kagami.core;

import java.util.Arrays;

/** A binary min-heap of events in (time, rank, source, seq) order: a partition's future. */
final class EventQueue {
    private Event[] heap = new Event[64];
    private int size;

    void add(Event e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Event p = heap[parent];
            if (!e.before(p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = e;
    }

    /** The time of the earliest event, or {@link VirtualTime#NEVER} when empty. */
    long peekTime() {
        return size == 0 ? VirtualTime.NEVER : heap[0].time;
    }

    Event poll() {
        Event top = heap[0];
        Event last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                Event c = heap[child];
                int right = child + 1;
                if (right < size && heap[right].before(c)) {
                    child = right;
                    c = heap[child];
                }
                if (!c.before(last)) {
                    break;
                }
                heap[i] = c;
                i = child;
            }
            heap[i] = last;
        }
        return top;
    }

    int size() {
        return size;
    }
}
