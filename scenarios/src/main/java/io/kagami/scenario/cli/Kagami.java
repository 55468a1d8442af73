package io.kagami.scenario.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kagami} command line. Exit status: 0 success, 1 an assertion failed, 2 bad input or
 * usage (picocli's usage errors are 2 already), 3 the simulator itself failed.
 */
@Command(name = "kagami", mixinStandardHelpOptions = true, version = "kagami 0.1.0",
        description = "A digital twin of the network side of an OpenStack cloud, in virtual time.",
        subcommands = {RunCommand.class, ValidateCommand.class, SchemaCommand.class, ShowCommand.class, SweepCommand.class,
            ListCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:an assertion failed", "2:bad input or usage",
            "3:the simulator itself failed (a bug: please report it)"})
public final class Kagami implements Runnable {
    static final int ASSERTION_FAILED = 1;
    static final int INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: kagami run (see kagami --help)");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Kagami()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Kagami::badInput);
    }

    /** Bad input: one message, a suggestion where there is one, a pointer to --help; no usage dump. */
    private static int badInput(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
