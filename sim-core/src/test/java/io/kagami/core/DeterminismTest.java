package io.kagami.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.testing.SharedKernel;
import io.kagami.core.workload.Phold;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKernel.class)
class DeterminismTest {
    /** 64 entities in 8 groups, a quarter of the hops crossing groups. */
    private static final Phold WORKLOAD = new Phold(64, 8, 2, 0.25, VirtualTime.millis(1), VirtualTime.millis(2));
    private static final long UNTIL = VirtualTime.seconds(2);

    private final Kernel kernel;

    DeterminismTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private RunResult run(int partitions, long seed) {
        return kernel.run(WORKLOAD.model(), RunOptions.defaults().withPartitions(partitions).withUntil(UNTIL)
                .withSeed(seed).withDigest(true));
    }

    @Test
    void sameSeedGivesTheSameDigestOnOneTwoFourAndEightPartitions() {
        RunResult one = run(1, 42);
        assertTrue(one.metrics().events() > 10_000, "the workload is not trivial: " + one.metrics());
        for (int partitions : new int[] {2, 4, 8}) {
            RunResult r = run(partitions, 42);
            assertEquals(one.digest(), r.digest(), partitions + " partitions");
            assertEquals(one.metrics().events(), r.metrics().events(), partitions + " partitions");
            assertTrue(r.metrics().remoteMessages() > 0, "messages crossed partitions with " + partitions);
        }
    }

    @Test
    void twoRunsInARowGiveTheSameDigest() {
        assertEquals(run(4, 7).digest(), run(4, 7).digest());
    }

    @Test
    void anotherSeedGivesAnotherDigest() {
        assertNotEquals(run(2, 1).digest(), run(2, 2).digest());
    }

    @Test
    void eachPartitionHandlesItsEventsInTimeAndTieBreakOrder() {
        ConcurrentHashMap<Integer, List<long[]>> seen = new ConcurrentHashMap<>();
        EventTracer tracer = (partition, time, rank, source, seq, target, message) ->
                seen.computeIfAbsent(partition, p -> new ArrayList<>()).add(new long[] {time, rank, source, seq});
        kernel.run(WORKLOAD.model(), RunOptions.defaults().withPartitions(4).withUntil(UNTIL).withTracer(tracer));
        assertEquals(4, seen.size());
        for (var entry : seen.entrySet()) {
            List<long[]> keys = entry.getValue();
            for (int i = 1; i < keys.size(); i++) {
                assertTrue(compare(keys.get(i - 1), keys.get(i)) < 0, "partition " + entry.getKey()
                        + " handled " + java.util.Arrays.toString(keys.get(i)) + " after "
                        + java.util.Arrays.toString(keys.get(i - 1)));
            }
        }
    }

    @Test
    void zeroDelayMessagesAreHandledAfterTheirCauseAndInTheSameOrderOnAnyPartitioning() {
        // Entity "b" (higher id) relays at once to "a" (lower id): the relayed event sorts after its cause.
        Model.Builder m = Model.builder();
        EntityRef<String> a = m.add("a", "g", () -> (ctx, msg) -> ctx.record("a got " + msg));
        EntityRef<String> b = m.add("b", "g", () -> (ctx, msg) -> {
            ctx.record("b got " + msg);
            ctx.send(a, msg + "+relayed", 0);
        });
        m.inject(VirtualTime.millis(1), b, "x").inject(VirtualTime.millis(1), a, "y");
        Model model = m.build();
        ConcurrentLinkedQueue<long[]> keys = new ConcurrentLinkedQueue<>();
        RunResult r = kernel.run(model, RunOptions.defaults().withTracer((p, t, rank, s, q, target, msg) ->
                keys.add(new long[] {t, rank, s, q})));
        assertEquals(List.of("a got y", "a got x+relayed", "b got x"),
                r.observations().stream().map(o -> o.value().toString()).toList());
        long[] prev = null;
        for (long[] k : keys) {
            assertTrue(prev == null || compare(prev, k) < 0);
            prev = k;
        }
    }

    private static int compare(long[] x, long[] y) {
        for (int i = 0; i < x.length; i++) {
            int c = Long.compare(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
