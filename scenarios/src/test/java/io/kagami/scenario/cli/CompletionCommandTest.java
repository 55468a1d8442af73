package io.kagami.scenario.cli;

import static io.kagami.scenario.cli.KagamiRun.kagami;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code kagami completion}: a script that knows every verb and option, and that bash runs. */
class CompletionCommandTest {
    @TempDir
    Path dir;

    @Test
    void theScriptMentionsEveryVerbAndEveryOption() {
        KagamiRun o = kagami("completion");
        assertEquals(0, o.status(), o.err());
        assertEquals("", o.err());
        String script = o.out();
        assertTrue(script.contains("complete -F _complete_kagami"), "it registers for the command kagami");
        assertTrue(script.contains("bashcompinit"), "zsh loads bash completion to run it");
        CommandLine root = Kagami.commandLine();
        assertTrue(root.getSubcommands().keySet().containsAll(List.of("run", "validate", "schema", "show", "sweep",
                "list", "completion", "help")), root.getSubcommands().keySet().toString());
        for (var verb : root.getSubcommands().entrySet()) {
            assertTrue(script.contains(verb.getKey()), "verb " + verb.getKey());
            for (OptionSpec option : verb.getValue().getCommandSpec().options()) {
                for (String name : option.names()) {
                    assertTrue(script.contains(name), verb.getKey() + " " + name);
                }
            }
        }
        for (String value : List.of("crash", "sigterm")) {
            assertTrue(script.contains(value), "--fault's values: " + value);
        }
    }

    @Test
    void bashCompletesVerbsAndOptionsWithIt() throws Exception {
        Path script = Files.writeString(dir.resolve("kagami.bash"), kagami("completion").out());
        assertEquals(List.of("run"), complete(script, "kagami", "ru"));
        assertEquals(List.of("--pcap", "--pcap-nodes", "--pcap-interfaces"),
                complete(script, "kagami", "run", "--pca"));
        assertEquals(List.of("crash", "sigterm"), complete(script, "kagami", "run", "--fault", ""));
        assertTrue(complete(script, "kagami", "").containsAll(List.of("run", "sweep", "completion")));
    }

    @Test
    void helpSaysHowToInstallIt() {
        KagamiRun o = kagami("completion", "--help");
        assertEquals(0, o.status());
        assertTrue(o.out().contains("source <(kagami completion)"), o.out());
        assertTrue(kagami("--help").out().contains("completion"), "kagami --help lists the verb");
    }

    /** What the script's function offers for the command line {@code words}, the last being completed. */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String program = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + " )\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_kagami kagami '" + words[words.length - 1] + "' '" + words[words.length - 2] + "'\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Path run = Files.writeString(dir.resolve("complete.bash"), program);
        // compopt, which the script calls, works only when bash itself runs the completion: its complaint is ignored
        Process p = new ProcessBuilder(bash(), run.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("bash did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
    }

    private static String bash() {
        for (String d : System.getenv().getOrDefault("PATH", "/bin:/usr/bin").split(File.pathSeparator)) {
            File f = new File(d, "bash");
            if (f.isFile() && f.canExecute()) {
                return f.getPath();
            }
        }
        throw new AssertionError("bash not found on PATH: the completion script is for bash (and zsh)");
    }
}
