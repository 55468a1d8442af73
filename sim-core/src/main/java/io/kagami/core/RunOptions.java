package io.kagami.core;

/**
 * How to run a {@link Model}: none of these changes a result, only speed and interactivity.
 *
 * @param partitions how many partitions (Akka actors) share the groups, round robin in order of declaration
 * @param until      the last virtual time handled (inclusive); {@link VirtualTime#NEVER} runs until no events are left
 * @param seed       the seed every entity's random stream is split from
 * @param pacing     as fast as possible, or tied to the wall clock
 * @param maxWindow  the longest synchronisation window, so that pause and step stay responsive
 * @param digest     whether to compute the trace digest (costs a string per event)
 * @param tracer     called for every handled event, from partition threads; null for none
 */
public record RunOptions(int partitions, long until, long seed, Pacing pacing, long maxWindow, boolean digest,
                         EventTracer tracer) {

    public RunOptions {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (until < 0) {
            throw new IllegalArgumentException("until must be >= 0, got " + until);
        }
        if (maxWindow <= 0) {
            throw new IllegalArgumentException("maxWindow must be > 0, got " + maxWindow);
        }
    }

    public static RunOptions defaults() {
        return new RunOptions(1, VirtualTime.NEVER, 1L, Pacing.AS_FAST_AS_POSSIBLE, VirtualTime.SECOND, false, null);
    }

    public RunOptions withPartitions(int n) {
        return new RunOptions(n, until, seed, pacing, maxWindow, digest, tracer);
    }

    public RunOptions withUntil(long t) {
        return new RunOptions(partitions, t, seed, pacing, maxWindow, digest, tracer);
    }

    public RunOptions withSeed(long s) {
        return new RunOptions(partitions, until, s, pacing, maxWindow, digest, tracer);
    }

    public RunOptions withPacing(Pacing p) {
        return new RunOptions(partitions, until, seed, p, maxWindow, digest, tracer);
    }

    public RunOptions withMaxWindow(long w) {
        return new RunOptions(partitions, until, seed, pacing, w, digest, tracer);
    }

    public RunOptions withDigest(boolean d) {
        return new RunOptions(partitions, until, seed, pacing, maxWindow, d, tracer);
    }

    public RunOptions withTracer(EventTracer t) {
        return new RunOptions(partitions, until, seed, pacing, maxWindow, digest, t);
    }
}
