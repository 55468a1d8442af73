package io.kagami.scenario.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code kagami ...} command line run in the test's JVM: its exit status, stdout and stderr. */
public record KagamiRun(int status, String out, String err) {

    public static KagamiRun kagami(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Kagami.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new KagamiRun(status, out.toString(), err.toString());
    }
}
