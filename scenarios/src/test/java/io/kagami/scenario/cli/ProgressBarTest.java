package io.kagami.scenario.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bar of one run's virtual time ({@code kagami run}); SweepCommandTest has the bar of a sweep's runs. */
class ProgressBarTest {
    private static final long S = 1_000_000_000L;

    @Test
    void nothingWithoutATerminal() {
        assertNull(System.console(), "tests run without a console");
        StringWriter err = new StringWriter();
        ProgressBar.Shown bar = ProgressBar.onTerminal(new PrintWriter(err), 60 * S, () -> 30 * S);
        assertSame(ProgressBar.Shown.NONE, bar);
        bar.close();
        assertEquals("", err.toString());
    }

    @Test
    void theBarOfARunFollowsItsHorizonInVirtualSeconds() {
        AtomicLong wall = new AtomicLong();
        AtomicLong horizon = new AtomicLong();
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), ProgressBar.Unit.VIRTUAL_TIME, 60 * S, wall::get);
        horizon.set(5 * S);
        bar.advance(horizon.get());
        assertEquals("", err.toString(), "a quick run shows nothing");
        wall.set(10 * S);
        bar.advance(20 * S);
        assertEquals("\r[##########--------------------]  20s/60s virtual  0:10 elapsed, about 0:20 left",
                err.toString());
        bar.advance(10 * S);
        assertTrue(err.toString().endsWith("20s/60s virtual  0:10 elapsed, about 0:20 left"), "never goes back");
        wall.set(12 * S);
        bar.advance(Long.MAX_VALUE); // a horizon past the end: the run is done
        String done = "[##############################]  60s/60s virtual  0:12 elapsed";
        String before = "[##########--------------------]  20s/60s virtual  0:10 elapsed, about 0:20 left";
        assertTrue(err.toString().endsWith("\r" + done + " ".repeat(before.length() - done.length())),
                "the longer line before is blanked out: " + err);
        bar.close();
        assertTrue(err.toString().endsWith("\r" + " ".repeat(done.length()) + "\r"), "erased");
    }

    @Test
    void linesOfBothUnits() {
        assertEquals("[###############---------------]  2/4 runs  0:03 elapsed, about 0:03 left",
                ProgressBar.line(2, 4, 3 * S));
        assertEquals("[" + "-".repeat(30) + "]  0s/3600s virtual  0:01 elapsed",
                ProgressBar.line(ProgressBar.Unit.VIRTUAL_TIME, 0, 3600 * S, S));
        assertEquals("[#-----------------------------]  150s/3600s virtual  1:00 elapsed, about 23:00 left",
                ProgressBar.line(ProgressBar.Unit.VIRTUAL_TIME, 150 * S, 3600 * S, 60 * S));
    }
}
