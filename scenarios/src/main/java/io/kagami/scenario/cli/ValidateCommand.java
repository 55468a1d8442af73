package io.kagami.scenario.cli;

import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioException;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.file.Sweep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kagami validate FILE...}: checks scenario files without running them. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
            "Checks scenario files (.yaml, .yml or .json) without running them: the format, every field's name,"
                + " type and range, the nodes and routers they name against the topology they build, fault times"
                + " within the run, assertions and sweeps. A topology file (only description and topology at its"
                + " top) is checked as a scenario naming it would check it.",
            "Prints one line per file: 'FILE: ok (...)' with what it holds, or the first problem as"
                + " FILE:LINE:COLUMN: FIELD: PROBLEM. docs/scenarios.md describes the format; 'kagami schema' prints"
                + " its JSON Schema for editors."},
        footer = {"", "Exit status: 0 all files are valid, 2 at least one is not.", "",
            "Examples:", "  kagami validate failover.yaml", "  kagami validate scenarios/*.yaml",
            "  kagami validate docs/example-cloud.yaml"})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "scenario or topology files to check")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allValid = true;
        for (Path file : files) {
            try {
                if (ScenarioLoader.isTopologyFile(file)) {
                    ScenarioLoader.loadTopology(file);
                    out.println(file + ": ok (a topology file)");
                } else {
                    Scenario s = ScenarioLoader.load(file);
                    out.println(file + ": ok (" + summary(s) + ")");
                }
            } catch (ScenarioException e) {
                allValid = false;
                err.println(e.getMessage());
            }
        }
        out.flush();
        err.flush();
        return allValid ? 0 : 2;
    }

    static String summary(Scenario s) {
        String text = count(s.probes(), "probe") + ", " + count(s.faults(), "fault") + ", "
                + count(s.assertions(), "assertion");
        if (s.sweep() != null && !s.sweep().isEmpty()) {
            long runs = Sweep.runs(s);
            text += ", sweep of " + runs + (runs == 1 ? " run" : " runs");
        }
        return text;
    }

    private static String count(List<?> list, String noun) {
        int n = list == null ? 0 : list.size();
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
