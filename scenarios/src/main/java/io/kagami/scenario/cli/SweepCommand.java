package io.kagami.scenario.cli;

import io.kagami.core.SimulationFailure;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioException;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.file.Sweep;
import io.kagami.scenario.report.ReportWriter;
import io.kagami.scenario.report.SummaryTable;
import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kagami sweep FILE}: runs a scenario file over the grid of its {@code sweep}, several runs
 * at a time, and reports them together. The results, and so the reports, are the same whatever
 * the parallelism (see {@link SweepRunner}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a scenario file (.yaml, .yml or .json; see docs/scenarios.md), or a built-in scenario by name,"
                + " once for every combination of the values in its 'sweep' (nested loops in file order, the last parameter varying fastest), several"
                + " runs at a time, and prints one summary line per run, then the failed assertions of the runs"
                + " that failed. A file without a sweep runs once.",
            "Seeds: every run uses the scenario's seed (or --seed), unless the sweep varies 'seed' itself; then"
                + " each run uses its own value. Results are the same for any --parallelism.",
            "A progress bar is shown on stderr during long sweeps when it is a terminal."},
        footer = {"", "Exit status: 0 every run's assertions held, 1 at least one failed (the summary says which),"
                + " 2 bad input or usage, 3 the simulator itself failed.", "",
            "Examples:", "  kagami sweep timers.yaml", "  kagami sweep timers.yaml --parallelism 4 --out reports/",
            "  kagami sweep timers.yaml --json --seed 42"})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a scenario file with a sweep, or the name of a"
            + " built-in scenario")
    String file;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "runs at a time; results are the same for any number. Default: the processors (${DEFAULT-VALUE})")
    int parallelism = SweepRunner.defaultParallelism();

    @Option(names = "--out", paramLabel = "DIR", description = "write report.json, segments.csv, junit.xml and"
            + " report.html of all runs here; written whole or not at all")
    Path out;

    @Option(names = "--json", description = "print report.json instead of text")
    boolean json;

    @Option(names = "--seed", paramLabel = "N", description = "the seed of every run, instead of the file's;"
            + " refused when the sweep varies 'seed'")
    Long seed;

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw bad("--parallelism must be at least 1, got " + parallelism);
        }
        if (seed != null && seed < 0) {
            throw bad("--seed must be 0 or more, got " + seed);
        }
        Scenario scenario;
        try {
            scenario = load();
        } catch (ScenarioException e) {
            throw bad(e.getMessage());
        } catch (BrokenBuiltin e) {
            spec.commandLine().getErr().println("kagami sweep: the built-in scenario " + file + " is broken (a bug,"
                    + " please report it): " + e.getCause().getMessage());
            return Kagami.INTERNAL_ERROR;
        }
        // The seed rule: every run uses the scenario's seed, or --seed in its place, unless the
        // sweep varies 'seed' itself; then each run uses its own value, and --seed would be ignored,
        // so it is refused rather than silently dropped.
        if (seed != null) {
            if (SweepRunner.sweepsSeed(scenario)) {
                throw bad("--seed: " + file + " sweeps 'seed' itself (" + scenario.sweep().get("seed")
                        + "); drop --seed, or 'seed' from its sweep");
            }
            scenario = SweepRunner.withSeed(scenario, seed);
        }
        if (out != null) {
            checkOut(); // before the runs, which may take long, rather than after
        }
        int runs = (int) Sweep.runs(scenario); // at most Sweep.MAX_RUNS in a valid file
        List<ScenarioResult> results;
        SweepRunner.Progress progress = ProgressBar.onTerminal(spec.commandLine().getErr(), runs);
        try {
            results = SweepRunner.run(scenario, parallelism, progress);
        } catch (SweepRunner.RunFailed e) {
            ProgressBar.close(progress);
            if (e.getCause() instanceof IllegalArgumentException) {
                throw bad(file + ": " + e.getMessage());
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("kagami sweep: the simulator failed (a bug, please report it): " + e.getMessage());
            if (!(e.getCause() instanceof SimulationFailure)) {
                e.getCause().printStackTrace(err);
            }
            err.flush();
            return Kagami.INTERNAL_ERROR;
        } finally {
            ProgressBar.close(progress);
        }
        if (out != null) {
            try {
                ReportWriter.write(results, out);
            } catch (IllegalArgumentException e) {
                throw bad("--out: " + e.getMessage());
            } catch (IOException e) {
                throw bad("--out: cannot write the reports to " + out + ": " + e.getMessage());
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(ReportWriter.json(results));
        } else {
            printText(w, results);
        }
        w.flush();
        return results.stream().allMatch(ScenarioResult::passed) ? 0 : Kagami.ASSERTION_FAILED;
    }

    /** A built-in scenario that does not load: a bug of the build, not of the input. */
    private static final class BrokenBuiltin extends Exception {
        BrokenBuiltin(ScenarioException cause) {
            super(cause);
        }
    }

    /** The scenario file, or the built-in scenario of that name when there is no such file. */
    private Scenario load() throws ScenarioException, BrokenBuiltin {
        String lower = file.toLowerCase(Locale.ROOT);
        boolean exists;
        try {
            exists = Files.exists(Path.of(file));
        } catch (InvalidPathException e) {
            exists = false;
        }
        if (exists || lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")) {
            return ScenarioLoader.load(Path.of(file));
        }
        Optional<Scenario> builtin;
        try {
            builtin = ScenarioLoader.loadBuiltin(file);
        } catch (ScenarioException e) {
            throw new BrokenBuiltin(e);
        }
        return builtin.orElseThrow(() -> bad(file + ": no such file, nor a built-in scenario of that name"));
    }

    /** The summary table, the failed assertions of each failed run, then where the reports are. */
    private void printText(PrintWriter w, List<ScenarioResult> results) {
        w.print(SummaryTable.render(results));
        long failed = results.stream().filter(r -> !r.passed()).count();
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult r = results.get(i);
            if (r.passed()) {
                continue;
            }
            w.println();
            w.printf("run %d failed%s:%n", i + 1,
                    r.parameters().isEmpty() ? "" : " (" + SweepRunner.label(r.parameters()) + ")");
            for (AssertionResult a : r.assertions()) {
                if (!a.passed()) {
                    w.printf("  FAIL  %-28s %s%n", a.expression(), a.message());
                }
            }
        }
        w.println();
        w.printf("%d %s: %d passed, %d failed%n", results.size(), results.size() == 1 ? "run" : "runs",
                results.size() - failed, failed);
        if (out != null) {
            w.printf("reports in %s (report.html, report.json, segments.csv, junit.xml)%n", out);
        }
    }

    /** Refuses an --out that {@link ReportWriter} would refuse: not a directory, or one holding other files. */
    private void checkOut() throws IOException {
        String refusal = OutDirectory.refusal(out);
        if (refusal != null) {
            throw bad(refusal);
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
