package io.kagami.core;

import akka.actor.typed.ActorRef;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The partitions of an unpaced run going from window to window by themselves, without a round trip
 * through the {@link Coordinator} for each: the same conservative windows (from the earliest pending
 * event, one cross-partition lookahead long), agreed at a barrier in shared memory. Messages to
 * another partition go straight into its inbox, which it drains after the barrier, before its next
 * window. The last partition to reach the barrier works out the next window, or that the loop is
 * over: the run's end is reached, or its handle asked for a pause or a stop; the partitions then
 * report to the coordinator, which carries on as after any window. Mail between partitions is
 * double-buffered by window: what is sent during a window is read after its barrier, while the
 * senders already fill the other buffer, so no lock or queue is needed.
 *
 * <p>A partition waiting at the barrier spins for a while (the others are usually a few
 * microseconds behind, and parking a thread on a virtual machine costs tens of microseconds), then
 * gives its thread back to the dispatcher: the partition that completes the barrier sends it a
 * {@link Partition.Continue}. So partitions of several runs can share fewer threads than they are.
 */
final class WindowLoop {

    /** What a partition does after arriving at the barrier. */
    enum Next { RUN, DONE, PARKED }

    // A partition that gives its thread back at the barrier of round r (the phase it saw on arrival)
    // marks itself r * 4 + PARKED; the partition completing round r takes it to r * 4 + RELEASED and
    // wakes it, unless the parked one saw the round complete first and took itself back (RUNNING).
    private static final int PARKED = 2;
    private static final int RELEASED = 3;
    private static final int RUNNING = 0;
    /** Longs apart that fields written by different partitions are kept, so that they share no cache line. */
    private static final int PAD = 8;
    /** Spins before a waiting partition gives its thread back (a few tens of microseconds). */
    private static final int SPINS = 20_000;

    private final int parties;
    private final long span;
    private final long limit;
    private final RunHandle handle;
    private final ActorRef<Partition.Command>[] partitions;
    /** [window parity][from][to]: what a partition sent to another in a window. */
    private final ArrayList<Event>[][][] mail;
    /** The windows each partition has started, its own count. */
    private final long[] started;
    /** Each partition's next event time, written before it arrives. */
    private final long[] next;
    /** The earliest event each partition sent to another one in this window, written by it alone. */
    private final long[] sentMin;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicIntegerArray state;
    private volatile int phase;
    private volatile boolean aborted;
    // written by the partition completing the barrier, read by the others after they see the phase change
    private long windowEnd;
    private long lastEnd;
    private boolean done;
    private long windows;

    @SuppressWarnings("unchecked")
    WindowLoop(long firstEnd, long span, long limit, RunHandle handle, ActorRef<Partition.Command>[] partitions) {
        this.parties = partitions.length;
        this.span = span;
        this.limit = limit;
        this.handle = handle;
        this.partitions = partitions;
        this.mail = new ArrayList[2][parties][parties];
        for (ArrayList<Event>[][] byParity : mail) {
            for (ArrayList<Event>[] from : byParity) {
                for (int to = 0; to < parties; to++) {
                    from[to] = new ArrayList<>();
                }
            }
        }
        this.started = new long[parties * PAD];
        this.next = new long[parties * PAD];
        this.sentMin = new long[parties * PAD];
        for (int p = 0; p < parties; p++) {
            sentMin[p * PAD] = VirtualTime.NEVER;
        }
        this.state = new AtomicIntegerArray(parties);
        this.windowEnd = firstEnd;
    }

    /** The end (exclusive) of the window to run now. */
    long windowEnd() {
        return windowEnd;
    }

    /** Hands {@code e} from partition {@code from} to partition {@code to}, for its next window. */
    void send(int from, int to, Event e) {
        mail[(int) (started[from * PAD] & 1)][from][to].add(e);
        sentMin[from * PAD] = Math.min(sentMin[from * PAD], e.time);
    }

    /**
     * Before each window, and once at the end: moves what the others sent to {@code p} during the
     * window before into its queue.
     */
    void drain(int p, EventQueue queue) {
        ArrayList<Event>[][] sent = mail[(int) (started[p * PAD] & 1)];
        for (ArrayList<Event>[] from : sent) {
            ArrayList<Event> box = from[p];
            for (int i = 0; i < box.size(); i++) {
                queue.add(box.get(i));
            }
            box.clear();
        }
        started[p * PAD]++;
    }

    /**
     * Partition {@code p}, whose earliest event is now at {@code nextTime}, is done with the window.
     * Returns once all are, with what to do next; or at once with PARKED if the others take long, in
     * which case a {@link Partition.Continue} follows when they are.
     */
    Next arrive(int p, long nextTime) {
        int seen = phase;
        next[p * PAD] = nextTime;
        if (arrived.incrementAndGet() == parties) {
            complete(p, seen);
            return done ? Next.DONE : Next.RUN;
        }
        for (int i = 0; i < SPINS; i++) {
            if (phase != seen || aborted) {
                return resumed();
            }
            Thread.onSpinWait();
        }
        state.set(p, seen * 4 + PARKED);
        if ((phase != seen || aborted) && state.compareAndSet(p, seen * 4 + PARKED, RUNNING)) {
            return resumed(); // the round completed while giving up, and nobody will wake us
        }
        return Next.PARKED;
    }

    /** What a partition that was parked or released does: the window the barrier decided. */
    Next resumed() {
        return done || aborted ? Next.DONE : Next.RUN;
    }

    private void complete(int self, int round) {
        long first = VirtualTime.NEVER;
        for (int q = 0; q < parties; q++) {
            first = Math.min(first, Math.min(next[q * PAD], sentMin[q * PAD]));
            sentMin[q * PAD] = VirtualTime.NEVER;
        }
        windows++;
        lastEnd = windowEnd;
        handle.horizon = lastEnd;
        if (first >= limit || handle.interruptRequested) {
            done = true;
        } else {
            windowEnd = Math.min(VirtualTime.plus(first, span), limit);
        }
        arrived.set(0);
        phase++;
        for (int q = 0; q < parties; q++) {
            if (q != self && state.compareAndSet(q, round * 4 + PARKED, round * 4 + RELEASED)) {
                partitions[q].tell(Partition.Continue.INSTANCE);
            }
        }
    }

    /** A partition failed: the others stop waiting, and the parked ones are woken to see it. */
    void abort() {
        aborted = true;
        for (int q = 0; q < parties; q++) {
            int st = state.get(q);
            if ((st & 3) == PARKED && state.compareAndSet(q, st, RUNNING)) {
                partitions[q].tell(Partition.Continue.INSTANCE);
            }
        }
    }

    boolean aborted() {
        return aborted;
    }

    /** Windows completed by this loop. */
    long windows() {
        return windows;
    }

    /** The end of the last window completed: every event before it is handled. */
    long horizon() {
        return lastEnd;
    }
}
