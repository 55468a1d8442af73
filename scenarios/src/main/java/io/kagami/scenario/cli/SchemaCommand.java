package io.kagami.scenario.cli;

import io.kagami.scenario.file.ScenarioLoader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kagami schema}: the JSON Schema of scenario files, or of topology files, for editors. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {
            "Prints the JSON Schema (draft 2020-12) of scenario files to standard output, so that editors can"
                + " complete and check them as you type.",
            "Save it next to your scenarios and point your editor at it; for YAML files with the YAML language"
                + " server (VS Code, Neovim, ...) put this first line in the file:",
            "  # yaml-language-server: $schema=./scenario.schema.json",
            "With --topology, the schema of topology files (named by a scenario's topology.file); it refers to"
                + " scenario.schema.json, so save both in one directory.",
            "The schema checks the shape of a file; 'kagami validate' checks everything (nodes, routers, times)."},
        footer = {"", "Examples:", "  kagami schema > scenario.schema.json",
            "  kagami schema --topology > topology.schema.json"})
public final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--topology", description = "Print the schema of topology files instead.")
    boolean topology;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(topology ? ScenarioLoader.topologySchema() : ScenarioLoader.schema());
        out.flush();
        return 0;
    }
}
