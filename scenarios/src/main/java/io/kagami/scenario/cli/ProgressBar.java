package io.kagami.scenario.cli;

import io.kagami.scenario.sweep.SweepRunner;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A progress bar on one line of stderr, redrawn in place, for long runs at a terminal: the runs of
 * a sweep, or the virtual time of one run.
 *
 * <pre>
 * [##########--------------------]  12/40 runs  0:35 elapsed, about 1:22 left
 * [##########--------------------]  20s/60s virtual  0:35 elapsed, about 1:10 left
 * </pre>
 *
 * It appears only once a second of wall time has passed (a quick run never shows it), redraws
 * a few times a second from a daemon thread of its own, and is erased by {@link #close()} so that
 * what follows starts on a clean line. {@code onTerminal} gives a bar only when the JVM has a
 * console: redirected to a file or a pipe, in tests and in CI, nothing is written at all.
 */
final class ProgressBar implements SweepRunner.Progress, AutoCloseable {
    static final long SHOW_AFTER_NS = 1_000_000_000L;
    private static final long REDRAW_EVERY_MS = 250;
    private static final int WIDTH = 30;
    private static final long SECOND = 1_000_000_000L;

    /** What a bar counts, and how its count reads. */
    enum Unit {
        /** Runs of a sweep: {@code 12/40 runs}. */
        RUNS {
            @Override
            String count(long done, long total) {
                return done + "/" + total + " runs";
            }
        },
        /** Virtual nanoseconds of a run, in whole seconds: {@code 20s/60s virtual}. */
        VIRTUAL_TIME {
            @Override
            String count(long done, long total) {
                return done / SECOND + "s/" + total / SECOND + "s virtual";
            }
        };

        abstract String count(long done, long total);
    }

    /** A bar as shown, or nothing; closing erases it. */
    interface Shown extends AutoCloseable {
        Shown NONE = () -> {};

        @Override
        void close();
    }

    private final PrintWriter err;
    private final Unit unit;
    private final LongSupplier clock;
    private final long started;
    private long total;
    private long done;
    /** Read at every redraw, if not null: how far the run is (its horizon). */
    private LongSupplier polled;
    private String drawn = "";
    private boolean closed;
    private Thread ticker;

    /** A bar of {@code total} runs. */
    ProgressBar(PrintWriter err, int total, LongSupplier clock) {
        this(err, Unit.RUNS, total, clock);
    }

    ProgressBar(PrintWriter err, Unit unit, long total, LongSupplier clock) {
        this.err = err;
        this.unit = unit;
        this.total = total;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** A bar of a sweep's runs on {@code err} when there is a terminal; else one that does nothing. */
    static SweepRunner.Progress onTerminal(PrintWriter err, int total) {
        if (System.console() == null) {
            return SweepRunner.Progress.NONE;
        }
        return startTicker(new ProgressBar(err, total, System::nanoTime));
    }

    /**
     * A bar of a run's virtual time on {@code err} when there is a terminal, else nothing: it reads
     * {@code horizon} (every event before it has been handled) at each redraw, out of {@code duration}.
     */
    static Shown onTerminal(PrintWriter err, long duration, LongSupplier horizon) {
        if (System.console() == null) {
            return Shown.NONE;
        }
        ProgressBar bar = new ProgressBar(err, Unit.VIRTUAL_TIME, duration, System::nanoTime);
        bar.polled = horizon;
        return startTicker(bar)::close;
    }

    private static ProgressBar startTicker(ProgressBar bar) {
        bar.ticker = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(REDRAW_EVERY_MS);
                    bar.tick();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "kagami-progress");
        bar.ticker.setDaemon(true);
        bar.ticker.start();
        return bar;
    }

    /** Erases {@code progress} if it is a bar; anything else is left alone. */
    static void close(SweepRunner.Progress progress) {
        if (progress instanceof ProgressBar bar) {
            bar.close();
        }
    }

    @Override
    public synchronized void runFinished(int finished, int total) {
        this.total = total;
        advance(finished); // workers may report out of order
    }

    /** Sets the count to {@code done} (at most the total); it never goes back. */
    synchronized void advance(long done) {
        this.done = Math.max(this.done, Math.min(done, total));
        tick();
    }

    /** Polls the run's progress, if the bar has a run to poll, and draws the bar if it is due. */
    synchronized void tick() {
        if (closed) {
            return;
        }
        if (polled != null) {
            done = Math.max(done, Math.min(polled.getAsLong(), total));
        }
        long elapsed = clock.getAsLong() - started;
        if (elapsed < SHOW_AFTER_NS) {
            return;
        }
        String line = line(unit, done, total, elapsed);
        if (line.equals(drawn)) {
            return;
        }
        err.print("\r" + line + " ".repeat(Math.max(0, drawn.length() - line.length())));
        err.flush();
        drawn = line;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (!drawn.isEmpty()) {
                err.print("\r" + " ".repeat(drawn.length()) + "\r");
                err.flush();
            }
            t = ticker;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    /** The bar's text for {@code finished} of {@code total} runs after {@code elapsedNs} of wall time. */
    static String line(int finished, int total, long elapsedNs) {
        return line(Unit.RUNS, finished, total, elapsedNs);
    }

    /** The bar's text for {@code done} of {@code total} counted in {@code unit} after {@code elapsedNs} of wall time. */
    static String line(Unit unit, long done, long total, long elapsedNs) {
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, (double) WIDTH * done / total);
        StringBuilder b = new StringBuilder("[").append("#".repeat(filled)).append("-".repeat(WIDTH - filled))
                .append("]  ").append(unit.count(done, total)).append("  ").append(clock(elapsedNs))
                .append(" elapsed");
        if (done > 0 && done < total) {
            long left = (long) ((double) elapsedNs / done * (total - done));
            b.append(", about ").append(clock(left)).append(" left");
        }
        return b.toString();
    }

    /** m:ss, or h:mm:ss from an hour. */
    private static String clock(long ns) {
        long s = ns / SECOND;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
