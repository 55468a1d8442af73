package io.kagami.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.testing.SharedKernel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Paced runs. These compare virtual time with the wall clock only in the direction that cannot
 * flake on a slow machine: a paced run may lag, never lead.
 */
@ExtendWith(SharedKernel.class)
class PacingTest {
    private final Kernel kernel;

    PacingTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** A ticker in each of two groups: an event every {@code period}, forever. */
    private static Model tickers(long period) {
        Model.Builder m = Model.builder();
        for (String g : new String[] {"a", "b"}) {
            m.add("ticker-" + g, g, () -> new Entity<String>() {
                @Override
                public void onStart(Context<String> ctx) {
                    ctx.startTimer("tick", period, "tick");
                }

                @Override
                public void onMessage(Context<String> ctx, String msg) {
                    ctx.startTimer("tick", period, "tick");
                }
            });
        }
        m.defaultLookahead(VirtualTime.millis(1));
        return m.build();
    }

    @Test
    void atSpeedHundredNoEventIsHandledBeforeItsWallTime() {
        ConcurrentLinkedQueue<long[]> handled = new ConcurrentLinkedQueue<>();
        double speed = 100;
        RunHandle h = kernel.start(tickers(VirtualTime.millis(7)), RunOptions.defaults().withPartitions(2)
                .withUntil(VirtualTime.seconds(3)).withPacing(Pacing.realTime(speed))
                .withTracer((p, t, rank, s, q, target, msg) -> handled.add(new long[] {t, System.nanoTime()})));
        RunResult r = h.await();
        assertTrue(handled.size() > 800, "events: " + handled.size());
        for (long[] e : handled) {
            double wallElapsedVirtual = (e[1] - h.wallAnchor()) * speed;
            assertTrue(wallElapsedVirtual >= e[0], "event at " + VirtualTime.format(e[0]) + " handled when the paced"
                    + " clock showed only " + VirtualTime.format((long) wallElapsedVirtual));
        }
        assertEquals(VirtualTime.seconds(3), r.endTime());
    }

    @Test
    void pauseHoldsVirtualTimeAndStepAdvancesExactlyOneWindow() throws Exception {
        AtomicLong latest = new AtomicLong(-1);
        RunHandle h = kernel.start(tickers(VirtualTime.millis(3)), RunOptions.defaults().withPartitions(2)
                .withUntil(VirtualTime.MINUTE).withPacing(Pacing.realTime(1))
                .withTracer((p, t, rank, s, q, target, msg) -> latest.accumulateAndGet(t, Math::max)));
        TimeUnit.MILLISECONDS.sleep(50);
        long pausedAt = h.pause().get(10, TimeUnit.SECONDS);
        long windows = h.windows();
        long latestAtPause = latest.get();
        assertTrue(latestAtPause < pausedAt, "no event at or after the horizon was handled");
        TimeUnit.MILLISECONDS.sleep(200);
        assertEquals(pausedAt, h.horizon(), "paused virtual time stood still");
        assertEquals(windows, h.windows());
        assertEquals(latestAtPause, latest.get());

        long stepped = h.step().get(10, TimeUnit.SECONDS);
        assertEquals(windows + 1, h.windows(), "one step, one window");
        assertTrue(stepped > pausedAt);
        assertTrue(latest.get() >= pausedAt && latest.get() < stepped, "the step handled events of its window only");
        TimeUnit.MILLISECONDS.sleep(100);
        assertEquals(stepped, h.horizon(), "still paused after the step");

        h.resume();
        TimeUnit.MILLISECONDS.sleep(100);
        assertTrue(h.horizon() > stepped, "resumed");
        h.stop();
        RunResult r = h.await();
        assertTrue(r.endTime() < VirtualTime.MINUTE);
    }
}
