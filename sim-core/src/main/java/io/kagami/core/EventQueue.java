package io.kagami.core;

import java.util.Arrays;

/**
 * A binary min-heap of events in (time, rank, source, seq) order: a partition's future. The events'
 * times are kept beside them in an array of their own, so that sifting, which mostly tells events
 * apart by time, reads one contiguous array instead of chasing a pointer to every event it passes.
 */
final class EventQueue {
    private Event[] heap = new Event[64];
    private long[] times = new long[64];
    private int size;

    void add(Event e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(e.time, e, parent)) {
                break;
            }
            heap[i] = heap[parent];
            times[i] = times[parent];
            i = parent;
        }
        heap[i] = e;
        times[i] = e.time;
    }

    /** The time of the earliest event, or {@link VirtualTime#NEVER} when empty. */
    long peekTime() {
        return size == 0 ? VirtualTime.NEVER : times[0];
    }

    Event poll() {
        Event top = heap[0];
        Event last = heap[--size];
        long lastTime = times[size];
        heap[size] = null;
        if (size > 0) {
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < size && before(times[right], heap[right], child)) {
                    child = right;
                }
                if (!before(times[child], heap[child], lastTime, last)) {
                    break;
                }
                heap[i] = heap[child];
                times[i] = times[child];
                i = child;
            }
            heap[i] = last;
            times[i] = lastTime;
        }
        return top;
    }

    int size() {
        return size;
    }

    /** Whether event {@code e} at {@code time} comes before the event at heap index {@code j}. */
    private boolean before(long time, Event e, int j) {
        return before(time, e, times[j], heap[j]);
    }

    private static boolean before(long time, Event e, long otherTime, Event other) {
        return time != otherTime ? time < otherTime : e.before(other);
    }
}
