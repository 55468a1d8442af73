package io.kagami.scenario.cli;

import io.kagami.scenario.sweep.SweepRunner;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A progress bar on one line of stderr, redrawn in place, for long runs at a terminal:
 *
 * <pre>
 * [##########--------------------]  12/40 runs  0:35 elapsed, about 1:22 left
 * </pre>
 *
 * It appears only once a second of wall time has passed (a quick sweep never shows it), redraws
 * a few times a second from a daemon thread of its own, and is erased by {@link #close()} so that
 * what follows starts on a clean line. {@link #onTerminal} gives a bar only when the JVM has a
 * console: redirected to a file or a pipe, in tests and in CI, nothing is written at all.
 */
final class ProgressBar implements SweepRunner.Progress, AutoCloseable {
    static final long SHOW_AFTER_NS = 1_000_000_000L;
    private static final long REDRAW_EVERY_MS = 250;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final LongSupplier clock;
    private final long started;
    private int total;
    private int finished;
    private String drawn = "";
    private boolean closed;
    private Thread ticker;

    ProgressBar(PrintWriter err, int total, LongSupplier clock) {
        this.err = err;
        this.total = total;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** A bar on {@code err} redrawn by a thread of its own when there is a terminal; else one that does nothing. */
    static SweepRunner.Progress onTerminal(PrintWriter err, int total) {
        if (System.console() == null) {
            return SweepRunner.Progress.NONE;
        }
        ProgressBar bar = new ProgressBar(err, total, System::nanoTime);
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
        this.finished = Math.max(this.finished, finished); // workers may report out of order
        this.total = total;
        tick();
    }

    /** Draws the bar if it is due. */
    synchronized void tick() {
        if (closed) {
            return;
        }
        long elapsed = clock.getAsLong() - started;
        if (elapsed < SHOW_AFTER_NS) {
            return;
        }
        String line = line(finished, total, elapsed);
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
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * finished / total);
        StringBuilder b = new StringBuilder("[").append("#".repeat(filled)).append("-".repeat(WIDTH - filled))
                .append("]  ").append(finished).append('/').append(total).append(" runs  ")
                .append(clock(elapsedNs)).append(" elapsed");
        if (finished > 0 && finished < total) {
            long left = elapsedNs / finished * (total - finished);
            b.append(", about ").append(clock(left)).append(" left");
        }
        return b.toString();
    }

    /** m:ss, or h:mm:ss from an hour. */
    private static String clock(long ns) {
        long s = ns / 1_000_000_000L;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
