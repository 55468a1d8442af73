package io.kagami.scenario.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kagami completion}: the shell completion script of the whole command line, made by
 * picocli from the commands themselves, so it never falls behind a new verb or option.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints a completion script for bash and zsh: verbs, options and their values (--fault's kinds,"
                + " file names for --out) complete on Tab.",
        footer = {"", "To install it in the shell you are in (bash or zsh; zsh loads its bashcompinit):",
            "  source <(kagami completion)",
            "For good: that line in ~/.bashrc or ~/.zshrc, or for bash-completion:",
            "  kagami completion > ~/.local/share/bash-completion/completions/kagami",
            "", "Exit status: 0."})
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(script(spec.root().name(), spec.root().commandLine()));
        out.flush();
        return 0;
    }

    /** The script for {@code commandLine} as the command {@code name}. */
    static String script(String name, picocli.CommandLine commandLine) {
        return AutoComplete.bash(name, commandLine);
    }
}
