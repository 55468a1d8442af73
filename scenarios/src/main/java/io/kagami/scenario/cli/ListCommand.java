package io.kagami.scenario.cli;

import io.kagami.scenario.file.BuiltinScenarios;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kagami list}: the built-in scenario library, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {
            "Lists the built-in scenarios, one line each: the name, then the first sentence of its description.",
            "Run one with 'kagami run NAME'. 'kagami run --help' describes the two drills seed-failover and"
                + " keepalived-pair, which take options instead of a file."},
        footer = {"", "Example:", "  kagami list", "  kagami run master-node-crash --out out/"})
public final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Scenario> all;
        try {
            all = BuiltinScenarios.all();
        } catch (ScenarioException | IllegalStateException e) {
            spec.commandLine().getErr().println("kagami list: a built-in scenario is broken (a bug, please report"
                    + " it): " + e.getMessage());
            spec.commandLine().getErr().flush();
            return Kagami.INTERNAL_ERROR;
        }
        int width = all.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        PrintWriter out = spec.commandLine().getOut();
        for (Scenario s : all) {
            out.println((s.name() + " ".repeat(width - s.name().length()) + "  " + BuiltinScenarios.firstSentence(s))
                    .stripTrailing());
        }
        out.flush();
        return 0;
    }
}
