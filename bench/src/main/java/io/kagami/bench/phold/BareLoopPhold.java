package io.kagami.bench.phold;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The floor of what a PHOLD event can cost: a single-threaded loop over a hand-written binary
 * min-heap of primitive events (arrival time, tie-break, target entity in parallel arrays, nothing
 * allocated per event), ordered by (time, insertion sequence). Each token arrival draws the next
 * hop from the receiving entity's stream ({@link PholdHops}) and pushes it.
 *
 * <p>It has none of what a simulator adds: no entity objects or behaviours, no message payloads,
 * no timers, no lookahead checks, no partitions, windows or pacing, no tracing. Every
 * {@link #run} starts from scratch.
 */
public final class BareLoopPhold {
    private final PholdHops hops;

    public BareLoopPhold(PholdHops hops) {
        this.hops = hops;
    }

    /** Runs until virtual time {@code until} (ns, inclusive) and returns the token arrivals handled. */
    public long run(long until, long seed) {
        SplittableRandom[] streams = hops.streams(seed);
        Heap heap = new Heap(streams.length * hops.phold().tokensEach());
        for (int i = 0; i < streams.length; i++) {
            for (int t = 0; t < hops.phold().tokensEach(); t++) {
                int to = hops.destination(i, streams[i]);
                heap.push(hops.delay(streams[i]), to);
            }
        }
        long arrivals = 0;
        while (heap.size > 0 && heap.time[0] <= until) {
            long now = heap.time[0];
            int at = heap.target[0];
            heap.pop();
            arrivals++;
            SplittableRandom r = streams[at];
            int to = hops.destination(at, r);
            heap.push(now + hops.delay(r), to);
        }
        return arrivals;
    }

    /** Binary min-heap on (time, seq) in parallel arrays. */
    private static final class Heap {
        long[] time;
        long[] seq;
        int[] target;
        int size;
        long nextSeq;

        Heap(int capacity) {
            int c = Math.max(capacity, 16);
            time = new long[c];
            seq = new long[c];
            target = new int[c];
        }

        void push(long t, int to) {
            if (size == time.length) {
                time = Arrays.copyOf(time, size * 2);
                seq = Arrays.copyOf(seq, size * 2);
                target = Arrays.copyOf(target, size * 2);
            }
            long s = nextSeq++;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!before(t, s, time[parent], seq[parent])) {
                    break;
                }
                move(parent, i);
                i = parent;
            }
            put(i, t, s, to);
        }

        void pop() {
            int last = --size;
            long t = time[last];
            long s = seq[last];
            int to = target[last];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < size && before(time[right], seq[right], time[child], seq[child])) {
                    child = right;
                }
                if (!before(time[child], seq[child], t, s)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            put(i, t, s, to);
        }

        private void put(int i, long t, long s, int to) {
            time[i] = t;
            seq[i] = s;
            target[i] = to;
        }

        private void move(int from, int to) {
            time[to] = time[from];
            seq[to] = seq[from];
            target[to] = target[from];
        }

        private static boolean before(long t1, long s1, long t2, long s2) {
            return t1 < t2 || (t1 == t2 && s1 < s2);
        }
    }
}
