package io.kagami.core;

import java.util.Arrays;

/**
 * A partition's future: events in (time, rank, source, seq) order. Most events of a network model are
 * sent with zero delay (a frame crossing a patch port or a veth), so they are due at the time being
 * handled. Those go to a small heap of their own, and the large heap of later events (timers, frames
 * crossing the underlay) is only sifted for those. {@link #poll} takes the earlier of the two heads, so
 * the order is exactly that of one heap.
 */
final class EventQueue {
    /** Events due at {@link #now} or before, when added. */
    private final Heap current = new Heap();
    /** Events due later than {@link #now}, when added. */
    private final Heap later = new Heap();
    /** The time of the last event polled. */
    private long now = Long.MIN_VALUE;

    void add(Event e) {
        (e.time <= now ? current : later).add(e);
    }

    /** The time of the earliest event, or {@link VirtualTime#NEVER} when empty. */
    long peekTime() {
        return Math.min(current.peekTime(), later.peekTime());
    }

    Event poll() {
        Heap first = later.size == 0 || current.size != 0 && current.headBefore(later) ? current : later;
        Event e = first.poll();
        now = e.time;
        return e;
    }

    int size() {
        return current.size + later.size;
    }

    /**
     * A 4-ary min-heap of events: half the levels of a binary heap, and a node's four children side
     * by side in the arrays, so a sift touches fewer cache lines in a large queue. Each event's time and, packed in one long, its (rank, source, seq)
     * are kept beside it in arrays of their own, so that sifting reads contiguous arrays instead of
     * chasing a pointer to every event it passes. Ties in time are common (every keepalived of a
     * cloud started at once advertises at the same instants, and a flood reaches every node after the
     * same latency), so the tie-break needs to be as cheap as the time.
     */
    private static final class Heap {
        /** The packed tie-break of an event whose rank, source or seq is too large to pack. */
        private static final long UNPACKED = -1;

        private Event[] heap = new Event[64];
        private long[] times = new long[64];
        private long[] ties = new long[64];
        private int size;

        void add(Event e) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
                times = Arrays.copyOf(times, size * 2);
                ties = Arrays.copyOf(ties, size * 2);
            }
            long tie = tie(e);
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 2;
                if (!before(e.time, tie, e, parent)) {
                    break;
                }
                move(parent, i);
                i = parent;
            }
            put(i, e, tie);
        }

        long peekTime() {
            return size == 0 ? VirtualTime.NEVER : times[0];
        }

        /** Whether this non-empty heap's head comes before the non-empty {@code other}'s. */
        boolean headBefore(Heap other) {
            return before(times[0], ties[0], heap[0], other, 0);
        }

        Event poll() {
            Event top = heap[0];
            Event last = heap[--size];
            long lastTime = times[size];
            long lastTie = ties[size];
            heap[size] = null;
            if (size > 0) {
                int i = 0;
                while (true) {
                    int first = 4 * i + 1;
                    if (first >= size) {
                        break;
                    }
                    int child = first;
                    int end = Math.min(first + 4, size);
                    for (int c = first + 1; c < end; c++) {
                        if (before(times[c], ties[c], heap[c], this, child)) {
                            child = c;
                        }
                    }
                    if (!before(times[child], ties[child], heap[child], lastTime, lastTie, last)) {
                        break;
                    }
                    move(child, i);
                    i = child;
                }
                put(i, last, lastTime, lastTie);
            }
            return top;
        }

        private void move(int from, int to) {
            heap[to] = heap[from];
            times[to] = times[from];
            ties[to] = ties[from];
        }

        private void put(int i, Event e, long tie) {
            put(i, e, e.time, tie);
        }

        private void put(int i, Event e, long time, long tie) {
            heap[i] = e;
            times[i] = time;
            ties[i] = tie;
        }

        /** Whether event {@code e} comes before the event at heap index {@code j}. */
        private boolean before(long time, long tie, Event e, int j) {
            return before(time, tie, e, this, j);
        }

        private static boolean before(long time, long tie, Event e, Heap other, int j) {
            return before(time, tie, e, other.times[j], other.ties[j], other.heap[j]);
        }

        private static boolean before(long time, long tie, Event e, long otherTime, long otherTie, Event other) {
            if (time != otherTime) {
                return time < otherTime;
            }
            return tie != UNPACKED && otherTie != UNPACKED ? tie < otherTie : e.before(other);
        }

        /**
         * (rank, source, seq) in one long that orders as they do: 7 bits of rank, 24 of source + 1 (the
         * injector's -1 first) and 32 of seq, or {@link #UNPACKED} for an event beyond those bounds.
         */
        private static long tie(Event e) {
            long source = e.source + 1L;
            if (e.rank >= 1 << 7 || source >= 1 << 24 || e.seq >= 1L << 32) {
                return UNPACKED;
            }
            return (long) e.rank << 56 | source << 32 | e.seq;
        }
    }
}
