package io.kagami.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.testing.SharedKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKernel.class)
class KernelRulesTest {
    private final Kernel kernel;

    KernelRulesTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Sends every message it gets on to {@code peer} after {@code delay}. */
    record Forwarder(EntityRef<String> peer, long delay) implements Entity<String> {
        @Override
        public void onMessage(Context<String> ctx, String message) {
            ctx.send(peer, message, delay);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aSendBelowTheLookaheadIsRefusedNamingBothEntitiesAndTheDelay(int partitions) {
        Model.Builder m = Model.builder();
        EntityRef<String> sink = m.add("node8/keepalived", "node8", () -> (ctx, msg) -> { });
        EntityRef<String> src = m.add("node7/keepalived", "node7", () -> new Forwarder(sink, VirtualTime.micros(500)));
        m.lookahead("node7", "node8", VirtualTime.millis(1));
        m.inject(VirtualTime.millis(3), src, "advert");
        SimulationFailure f = assertThrows(SimulationFailure.class,
                () -> kernel.run(m.build(), RunOptions.defaults().withPartitions(partitions)));
        LookaheadViolation v = assertInstanceOf(LookaheadViolation.class, f.getCause());
        assertTrue(v.getMessage().contains("'node7/keepalived'"), v.getMessage());
        assertTrue(v.getMessage().contains("'node8/keepalived'"), v.getMessage());
        assertTrue(v.getMessage().contains("delay 0.0005s"), v.getMessage());
        assertTrue(v.getMessage().contains("lookahead 0.001s"), v.getMessage());
        assertEquals("node7/keepalived", f.entity());
        assertEquals(VirtualTime.millis(3), f.time());
    }

    @Test
    void aSendToAGroupWithNoDeclaredLookaheadIsRefused() {
        Model.Builder m = Model.builder();
        EntityRef<String> sink = m.add("b", "gb", () -> (ctx, msg) -> { });
        EntityRef<String> src = m.add("a", "ga", () -> new Forwarder(sink, VirtualTime.SECOND));
        m.inject(0, src, "x");
        SimulationFailure f = assertThrows(SimulationFailure.class,
                () -> kernel.run(m.build(), RunOptions.defaults()));
        assertTrue(f.getMessage().contains("no lookahead is declared"), f.getMessage());
    }

    @Test
    void aSendAtOrAboveTheLookaheadIsDelivered() {
        Model.Builder m = Model.builder();
        EntityRef<String> sink = m.add("b", "gb", () -> (ctx, msg) -> ctx.record(msg));
        EntityRef<String> src = m.add("a", "ga", () -> new Forwarder(sink, VirtualTime.millis(1)));
        m.lookahead("ga", "gb", VirtualTime.millis(1)).inject(VirtualTime.millis(2), src, "x");
        RunResult r = kernel.run(m.build(), RunOptions.defaults().withPartitions(2));
        assertEquals(List.of(new Observation(VirtualTime.millis(3), "b", "x")), r.observations());
    }

    /**
     * A chain of 40 groups, each link with its own lookahead (k ms between g{k} and g{k+1}): a send
     * along every link at exactly its lookahead is delivered, one a nanosecond short is refused with
     * that link's lookahead, and a pair never declared has none. Many pairs share the lookup table,
     * so each is found among the others.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 10, 39})
    void eachPairOfGroupsHasItsOwnLookahead(int link) {
        int groups = 40;
        for (long shortBy : new long[] {0, 1}) {
            Model.Builder m = Model.builder();
            List<EntityRef<String>> refs = new ArrayList<>();
            refs.add(m.add("e0", "g0", () -> (ctx, msg) -> ctx.record(msg)));
            for (int k = 1; k < groups; k++) {
                long delay = VirtualTime.millis(k) - (k == link ? shortBy : 0);
                EntityRef<String> next = refs.get(k - 1);
                refs.add(m.add("e" + k, "g" + k, () -> new Forwarder(next, delay)));
                m.lookahead("g" + (k - 1), "g" + k, VirtualTime.millis(k));
            }
            m.inject(0, refs.get(groups - 1), "x");
            if (shortBy == 0) {
                RunResult r = kernel.run(m.build(), RunOptions.defaults().withPartitions(2));
                assertEquals(List.of(new Observation(VirtualTime.millis(groups * (groups - 1) / 2), "e0", "x")),
                        r.observations());
            } else {
                SimulationFailure f = assertThrows(SimulationFailure.class,
                        () -> kernel.run(m.build(), RunOptions.defaults().withPartitions(2)));
                assertTrue(f.getMessage().contains("lookahead " + VirtualTime.format(VirtualTime.millis(link))),
                        f.getMessage());
            }
        }
        Model.Builder m = Model.builder();
        List<EntityRef<String>> refs = new ArrayList<>();
        for (int k = 0; k < groups; k++) {
            refs.add(m.add("e" + k, "g" + k, () -> (ctx, msg) -> { }));
            if (k > 0) {
                m.lookahead("g" + (k - 1), "g" + k, VirtualTime.millis(k));
            }
        }
        EntityRef<String> far = refs.get((link + 2) % groups); // two links away: no lookahead of its own
        EntityRef<String> src = m.add("src", "g" + link, () -> new Forwarder(far, VirtualTime.SECOND));
        m.inject(0, src, "x");
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> kernel.run(m.build(), RunOptions.defaults()));
        assertTrue(f.getMessage().contains("no lookahead is declared"), f.getMessage());
    }

    @Test
    void anExceptionInAnEntityEndsTheRunWithEntityTimeAndCause() {
        Model.Builder m = Model.builder();
        EntityRef<String> bad = m.add("node7/l3-agent", "node7", () -> (ctx, msg) -> {
            if (msg.equals("sync_routers")) {
                throw new IllegalStateException("router table corrupt");
            }
        });
        m.inject(VirtualTime.millis(1), bad, "ok").inject(VirtualTime.millis(5), bad, "sync_routers")
                .inject(VirtualTime.millis(9), bad, "never reached");
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> kernel.run(m.build(), RunOptions.defaults()));
        assertEquals("node7/l3-agent", f.entity());
        assertEquals(VirtualTime.millis(5), f.time());
        assertInstanceOf(IllegalStateException.class, f.getCause());
        assertTrue(f.getMessage().contains("'node7/l3-agent'") && f.getMessage().contains("0.005s")
                && f.getMessage().contains("sync_routers") && f.getMessage().contains("router table corrupt"),
                f.getMessage());
    }

    @Test
    void anErrorInAnEntityEndsTheRunToo() {
        Model.Builder m = Model.builder();
        EntityRef<String> bad = m.add("deep", "g", () -> (ctx, msg) -> {
            throw new AssertionError("invariant broken");
        });
        m.inject(VirtualTime.millis(2), bad, "x");
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> kernel.run(m.build(), RunOptions.defaults()));
        assertInstanceOf(AssertionError.class, f.getCause());
        assertEquals(VirtualTime.millis(2), f.time());
    }

    @Test
    void anEntityFactoryThatThrowsFailsTheRunInsteadOfHangingIt() {
        Model.Builder m = Model.builder();
        m.add("broken", "g", () -> {
            throw new IllegalArgumentException("bad configuration");
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.run(m.build(), RunOptions.defaults()));
        assertEquals("bad configuration", e.getMessage());
    }

    @Test
    void pauseAndStepOnAFinishedRunSayItHasEnded() {
        Model.Builder m = Model.builder();
        m.add("e", "g", () -> (ctx, msg) -> { });
        RunHandle h = kernel.start(m.build(), RunOptions.defaults());
        h.await();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> h.step().get());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    /** Keeps a down timer as keepalived does: every "advert" restarts it; "stop" cancels it. */
    static final class DownTimer implements Entity<String> {
        @Override
        public void onMessage(Context<String> ctx, String msg) {
            switch (msg) {
                case "advert" -> ctx.startTimer("down", VirtualTime.millis(10), "expired");
                case "short" -> ctx.startTimer("down", VirtualTime.millis(2), "expired early");
                case "stop" -> {
                    ctx.cancelTimer("down");
                    ctx.record("active=" + ctx.isTimerActive("down"));
                }
                default -> ctx.record(msg);
            }
        }
    }

    @Test
    void timersAreRescheduledAndCancelled() {
        Model.Builder m = Model.builder();
        EntityRef<String> e = m.add("ka", "g", DownTimer::new);
        m.inject(0, e, "advert").inject(VirtualTime.millis(5), e, "advert").inject(VirtualTime.millis(8), e, "advert")
                // fires at 18ms: the two earlier starts were superseded
                .inject(VirtualTime.millis(30), e, "advert").inject(VirtualTime.millis(35), e, "stop");
        RunResult r = kernel.run(m.build(), RunOptions.defaults());
        assertEquals(List.of(new Observation(VirtualTime.millis(18), "ka", "expired"),
                new Observation(VirtualTime.millis(35), "ka", "active=false")), r.observations());
        assertEquals(VirtualTime.millis(35), r.endTime());
    }

    /**
     * A timer restarted for later keeps its first event in the queue and is queued again when that
     * comes up (EntitySlot.Timer): what fires, and in what order against other events at the same
     * time, must be what queueing each start at once gives.
     */
    @Test
    void aTimerRestartedForLaterOrEarlierFiresOnceInEventOrder() {
        Model.Builder m = Model.builder();
        EntityRef<String> e = m.add("ka", "g", DownTimer::new);
        m.inject(0, e, "advert").inject(VirtualTime.millis(5), e, "short")   // earlier: fires at 7ms, not 10ms
                .inject(VirtualTime.millis(20), e, "advert").inject(VirtualTime.millis(25), e, "advert")
                .inject(VirtualTime.millis(35), e, "hello");                    // with the timer, at 35ms
        RunResult r = kernel.run(m.build(), RunOptions.defaults().withDigest(true));
        // an injection (source -1) sorts before the entity's own timer at the same time and rank
        assertEquals(List.of(new Observation(VirtualTime.millis(7), "ka", "expired early"),
                new Observation(VirtualTime.millis(35), "ka", "hello"),
                new Observation(VirtualTime.millis(35), "ka", "expired")), r.observations());
        assertEquals(8, r.metrics().events(), "its start, 5 injections, 2 timers: none for the superseded starts");
    }

    @Test
    void idleTimeIsSkippedNotWalked() {
        Model.Builder m = Model.builder();
        EntityRef<String> e = m.add("e", "g", () -> (ctx, msg) -> ctx.record(msg));
        m.add("other", "g2", () -> (ctx, msg) -> { });
        m.defaultLookahead(VirtualTime.millis(1));
        m.inject(VirtualTime.seconds(1), e, "early").inject(VirtualTime.MINUTE * 60, e, "an hour later");
        RunResult r = kernel.run(m.build(), RunOptions.defaults().withPartitions(2));
        assertEquals(2, r.observations().size());
        assertTrue(r.metrics().windows() <= 4, "windows: " + r.metrics().windows());
    }

    @Test
    void randomStreamsDependOnSeedAndNameOnly() {
        Model.Builder small = Model.builder();
        EntityRef<String> a1 = small.add("a", "g", () -> (ctx, msg) -> ctx.record(ctx.random().nextLong()));
        small.inject(0, a1, "draw");
        Model.Builder big = Model.builder();
        big.add("z", "g", () -> (ctx, msg) -> ctx.record(ctx.random().nextLong()));
        EntityRef<String> a2 = big.add("a", "g", () -> (ctx, msg) -> ctx.record(ctx.random().nextLong()));
        big.inject(0, a2, "draw");
        Object fromSmall = kernel.run(small.build(), RunOptions.defaults().withSeed(5)).observations().get(0).value();
        Object fromBig = kernel.run(big.build(), RunOptions.defaults().withSeed(5)).observations().get(0).value();
        Object otherSeed = kernel.run(small.build(), RunOptions.defaults().withSeed(6)).observations().get(0).value();
        assertEquals(fromSmall, fromBig);
        assertTrue(!fromSmall.equals(otherSeed));
    }

    @Test
    void untilStopsTheRunAndSaysWhereItStopped() {
        Model.Builder m = Model.builder();
        EntityRef<String> e = m.add("e", "g", () -> (ctx, msg) -> ctx.record(msg));
        m.inject(VirtualTime.seconds(1), e, "in").inject(VirtualTime.seconds(3), e, "out");
        RunResult r = kernel.run(m.build(), RunOptions.defaults().withUntil(VirtualTime.seconds(2)));
        assertEquals(List.of(new Observation(VirtualTime.seconds(1), "e", "in")), r.observations());
        assertEquals(VirtualTime.seconds(2), r.endTime());
    }
}
