package io.kagami.scenario.sweep;

import io.kagami.core.Kernel;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.Sweep;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.run.ScenarioRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs a scenario over its sweep's grid ({@link Sweep#points}: nested loops in file order, the
 * last parameter fastest), N runs at a time, each on one partition, and returns the results in
 * grid order whatever order they finish in: the reports of a sweep are byte-identical for any
 * parallelism, as a single run's are for any partitioning.
 *
 * <p><b>Seeds.</b> Every run uses the scenario's seed, unless the sweep varies {@code seed}
 * itself: then each run uses its own value. A caller with a seed override ({@code kagami sweep
 * --seed}) puts it into the scenario first ({@link #withSeed}). So runs differ only in what the
 * sweep varies, and a point's result does not depend on which worker ran it or when.
 *
 * <p><b>Threads.</b> All runs share one {@link Kernel} with N threads, driven by N workers that
 * build each run's cloud, wait for the kernel and measure. One kernel rather than one per worker:
 * the kernel is made to run several runs side by side (each has its own coordinator), a run on
 * one partition keeps at most one kernel thread busy, so N threads serve N runs, and one actor
 * system costs one start-up and one set of scheduler threads instead of N.
 *
 * <p><b>Failures.</b> A run that throws (bad input only a run finds, such as a fault aimed at
 * "master" before any router has one, or a failure of the simulator) stops the sweep: no further
 * run starts, those under way finish, and {@link RunFailed} reports the first failed run in grid
 * order. Workers take runs in grid order, so every run before a failed one has run: the failure
 * reported is the same for any parallelism.
 */
public final class SweepRunner {
    private SweepRunner() {}

    /** One run of the grid: its number (1-based, grid order), the sweep's values for it, its scenario. */
    public record Run(int number, Map<String, Object> parameters, Scenario scenario) {}

    /** Told each time a run finishes, from the worker that ran it (so from several threads). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (finished, total) -> {};

        /** {@code finished} runs of {@code total} are done. */
        void runFinished(int finished, int total);
    }

    /** A run of the sweep failed; the sweep stopped. The cause is the run's exception. */
    public static final class RunFailed extends RuntimeException {
        private final Run run;

        RunFailed(Run run, RuntimeException cause) {
            super("run " + run.number() + (run.parameters().isEmpty() ? "" : " (" + label(run.parameters()) + ")")
                    + ": " + cause.getMessage(), cause);
            this.run = run;
        }

        public Run run() {
            return run;
        }
    }

    /** The default parallelism: one run per available processor. */
    public static int defaultParallelism() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** {@code s} with {@code seed} as its seed: the seed of every run that does not sweep {@code seed}. */
    public static Scenario withSeed(Scenario s, long seed) {
        return new Scenario(s.name(), s.description(), seed, s.duration(), s.topology(), s.startup(), s.probes(), s.faults(),
                s.assertions(), s.sweep());
    }

    /** Whether the sweep varies the seed, in which case the scenario's own seed is not used. */
    public static boolean sweepsSeed(Scenario s) {
        return s.sweep() != null && s.sweep().containsKey("seed");
    }

    /** The runs of the grid in grid order; one run with no parameters when the scenario has no sweep. */
    public static List<Run> grid(Scenario s) {
        List<Map<String, Object>> points = Sweep.points(s);
        List<Run> runs = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            // a LinkedHashMap, so that reports keep the file's order of parameters (see report.Parameters)
            Map<String, Object> p = Collections.unmodifiableMap(new LinkedHashMap<>(points.get(i)));
            runs.add(new Run(i + 1, p, Sweep.apply(s, p)));
        }
        return runs;
    }

    /** Runs the grid on a kernel of its own with {@code parallelism} threads; see {@link #run(Kernel, Scenario, int, Progress)}. */
    public static List<ScenarioResult> run(Scenario s, int parallelism, Progress progress) throws InterruptedException {
        checkParallelism(parallelism);
        int workers = (int) Math.min(parallelism, Math.max(1, Sweep.runs(s)));
        try (Kernel kernel = Kernel.create(workers)) {
            return run(kernel, s, parallelism, progress);
        }
    }

    /**
     * Runs the grid of {@code s} (a valid scenario), {@code parallelism} runs at a time on
     * {@code kernel}, and returns one result per run in grid order.
     *
     * @throws RunFailed            if a run threw; the first such run in grid order
     * @throws InterruptedException if interrupted while waiting; runs under way are left to finish
     */
    public static List<ScenarioResult> run(Kernel kernel, Scenario s, int parallelism, Progress progress)
            throws InterruptedException {
        checkParallelism(parallelism);
        List<Run> runs = grid(s);
        int total = runs.size();
        ScenarioResult[] results = new ScenarioResult[total];
        Throwable[] failures = new Throwable[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Runnable worker = () -> {
            // the flag is read before a run is claimed, and a claimed run always runs: the runs that
            // ran are a prefix of the grid, so the first failure in grid order is found
            while (!stop.get()) {
                int i = next.getAndIncrement();
                if (i >= total) {
                    return;
                }
                Run r = runs.get(i);
                try {
                    results[i] = ScenarioRunner.run(kernel, r.scenario(), 1, r.parameters());
                } catch (Throwable t) {
                    failures[i] = t;
                    stop.set(true);
                    return;
                }
                progress.runFinished(finished.incrementAndGet(), total);
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.min(parallelism, total); w++) {
            Thread t = new Thread(worker, "kagami-sweep-" + (w + 1));
            t.setDaemon(true); // a run cannot be cut short; an interrupted caller must not keep the JVM alive
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            stop.set(true);
            throw e;
        }
        for (int i = 0; i < total; i++) {
            Throwable t = failures[i];
            if (t instanceof RuntimeException re) {
                throw new RunFailed(runs.get(i), re);
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new IllegalStateException(t); // no checked exception leaves ScenarioRunner.run
            }
        }
        return List.of(results);
    }

    /** "keepalived.advert_int=1s, faults[0].kind=node_crash": a run's values as the file names them. */
    public static String label(Map<String, Object> parameters) {
        return parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void checkParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
    }
}
