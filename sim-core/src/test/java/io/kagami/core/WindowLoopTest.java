package io.kagami.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.workload.Phold;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Unpaced runs on several partitions go from window to window by themselves ({@link WindowLoop}).
 * They give the same result as one partition, stop for a pause where it says and go on to the same
 * result after it, and still finish when the partitions of one or more runs have fewer threads than
 * they are (their partitions then give their thread back at the barrier).
 */
class WindowLoopTest {
    private static final Phold PHOLD = new Phold(200, 8, 1, 0.1, VirtualTime.MILLISECOND, VirtualTime.MILLISECOND);
    private static final long UNTIL = VirtualTime.seconds(2);

    private static RunOptions options(int partitions) {
        return RunOptions.defaults().withPartitions(partitions).withUntil(UNTIL).withSeed(7).withDigest(true);
    }

    private static RunResult alone(int partitions) {
        try (Kernel kernel = Kernel.create(partitions)) {
            return kernel.run(PHOLD.model(), options(partitions));
        }
    }

    @Test
    void twoPartitionsLoopingGiveTheResultOfOne() {
        RunResult one = alone(1);
        RunResult two = alone(2);
        assertEquals(one.digest(), two.digest());
        assertEquals(one.metrics().events(), two.metrics().events());
        assertTrue(two.metrics().windows() > 1_000, "windows of one lookahead: " + two.metrics().windows());
        assertTrue(two.metrics().remoteMessages() > 0, "tokens crossed partitions");
    }

    @Test
    void aPauseHoldsTheLoopAndTheRunGoesOnToTheSameResult() throws Exception {
        RunResult straight = alone(2);
        try (Kernel kernel = Kernel.create(2)) {
            RunHandle h = kernel.start(PHOLD.model(), options(2));
            long pausedAt = h.pause().get(10, TimeUnit.SECONDS);
            Thread.sleep(50);
            assertEquals(pausedAt, h.horizon(), "virtual time stands still while paused");
            assertTrue(pausedAt < UNTIL, "paused before the end: " + pausedAt);
            h.resume();
            RunResult resumed = h.await();
            assertEquals(straight.digest(), resumed.digest());
            assertEquals(straight.metrics().events(), resumed.metrics().events());
        }
    }

    @Test
    void aStopEndsTheLoop() {
        try (Kernel kernel = Kernel.create(2)) {
            RunHandle h = kernel.start(PHOLD.model(), options(2).withUntil(VirtualTime.seconds(3600)));
            h.stop();
            RunResult r = h.await();
            assertTrue(r.endTime() < VirtualTime.seconds(3600), "stopped early at " + r.endTime());
        }
    }

    @Test
    void partitionsWithFewerThreadsThanThemGiveTheirThreadBack() {
        String expected = alone(2).digest();
        try (Kernel kernel = Kernel.create(1)) {
            assertEquals(expected, kernel.run(PHOLD.model(), options(2)).digest(), "two partitions on one thread");
        }
        try (Kernel kernel = Kernel.create(2)) {
            List<RunHandle> runs = List.of(kernel.start(PHOLD.model(), options(2)),
                    kernel.start(PHOLD.model(), options(2)), kernel.start(PHOLD.model(), options(2)));
            for (RunHandle h : runs) {
                assertEquals(expected, h.await().digest(), "three two-partition runs on two threads");
            }
        }
    }
}
