package io.kagami.bench.phold;

import java.util.SplittableRandom;
import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;

/**
 * The PHOLD of {@link PholdHops} on SSJ's event-list simulator ({@code umontreal.ssj.simevents}):
 * its own {@link Simulator} per run with SSJ's default event list (a splay tree), one SSJ
 * {@link Event} per token, rescheduled by its own {@code actions()} on every arrival as SSJ's
 * examples do, and one stop event half a nanosecond after the last virtual time of the run (so
 * after every arrival at that time, and before any at the next nanosecond). Virtual time is in
 * nanoseconds, like Kagami's: SSJ's {@code double} time holds every integer nanosecond exactly up
 * to 2^53 ns (104 days), so the times, and the trajectory, are the same as on the other engines.
 *
 * <p>It uses the same {@code SplittableRandom} streams as the other engines, not SSJ's own
 * generators, so that the comparison is of the event engines and not of the random numbers. Left
 * out, as in the bare loop: start events, partitions, anything SSJ offers beyond its event list
 * (processes, statistics collectors, continuous variables).
 */
public final class SsjPhold {
    private final PholdHops hops;

    public SsjPhold(PholdHops hops) {
        this.hops = hops;
    }

    /** Runs until virtual time {@code until} (ns, inclusive) and returns the token arrivals handled. */
    public long run(long until, long seed) {
        Simulator sim = new Simulator();
        sim.init();
        Run run = new Run(hops.streams(seed));
        for (int i = 0; i < run.streams.length; i++) {
            for (int t = 0; t < hops.phold().tokensEach(); t++) {
                new Token(sim, run).hopFrom(i);
            }
        }
        new Event(sim) {
            @Override
            public void actions() {
                simulator().stop();
            }
        }.schedule(until + 0.5);
        sim.start();
        return run.arrivals;
    }

    /** What the tokens of one run share. */
    private static final class Run {
        final SplittableRandom[] streams;
        long arrivals;

        Run(SplittableRandom[] streams) {
            this.streams = streams;
        }
    }

    /** A token: an SSJ event that, when it fires, is an arrival at {@code at} and hops on. */
    private final class Token extends Event {
        private final Run run;
        private int at;

        Token(Simulator sim, Run run) {
            super(sim);
            this.run = run;
        }

        void hopFrom(int from) {
            SplittableRandom r = run.streams[from];
            at = hops.destination(from, r);
            schedule(hops.delay(r));
        }

        @Override
        public void actions() {
            run.arrivals++;
            hopFrom(at);
        }
    }
}
