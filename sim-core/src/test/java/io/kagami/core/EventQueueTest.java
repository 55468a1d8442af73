package io.kagami.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    /**
     * Events are added the way a partition adds them: some due now (zero delay, a higher rank), some
     * later, between polls. Whichever of its two heaps an event waits in, the queue gives them in
     * the order one heap of (time, rank, source, seq) gives.
     */
    @Test
    void pollsInTheOrderOfOneHeap() {
        pollsInOrder(0);
    }

    /** Sequence numbers from 2^32 - 5000 up: the queue's packed tie-break gives way to the full one. */
    @Test
    void pollsInOrderBeyondThePackedTieBreak() {
        pollsInOrder((1L << 32) - 5_000);
    }

    private static void pollsInOrder(long firstSeq) {
        SplittableRandom random = new SplittableRandom(7);
        EventQueue queue = new EventQueue();
        PriorityQueue<Event> reference = new PriorityQueue<>((a, b) -> a.before(b) ? -1 : b.before(a) ? 1 : 0);
        long[] seq = new long[9];
        Arrays.fill(seq, firstSeq);
        List<Event> got = new ArrayList<>();
        List<Event> expected = new ArrayList<>();
        Event handled = Event.start(0);
        for (int step = 0; step < 20_000; step++) {
            int adds = random.nextInt(4);
            for (int i = 0; i < adds; i++) {
                int source = random.nextInt(seq.length) - 1; // -1: the injector
                int sender = source + 1;
                boolean zeroDelay = random.nextInt(3) > 0;
                long time = zeroDelay ? handled.time : handled.time + 1 + random.nextInt(5);
                int rank = zeroDelay ? handled.rank + 1 : 0;
                Event e = Event.message(time, rank, source, seq[sender]++, 0, "m");
                queue.add(e);
                reference.add(e);
            }
            if (reference.isEmpty()) {
                continue;
            }
            assertEquals(reference.peek().time, queue.peekTime());
            assertEquals(reference.size(), queue.size());
            handled = queue.poll();
            got.add(handled);
            expected.add(reference.poll());
        }
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertSame(expected.get(i), got.get(i), "event #" + i);
        }
    }

    @Test
    void anEmptyQueueIsDueNever() {
        EventQueue queue = new EventQueue();
        assertEquals(VirtualTime.NEVER, queue.peekTime());
        queue.add(Event.message(5, 0, 1, 0, 0, "m"));
        assertEquals(5L, queue.peekTime());
        queue.poll();
        assertEquals(VirtualTime.NEVER, queue.peekTime());
        assertEquals(0, queue.size());
    }
}
