package io.kagami.scenario.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same scenario and seed give byte-identical reports in separate JVMs: identity hash codes and
 * hash-order iteration differ from one process to the next, so only this catches a report (or a
 * model) that depends on them.
 */
class CrossProcessDeterminismTest {

    private static String runInNewJvm(String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), Kagami.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        // a guard against a hung child, not a speed check: the run takes a few seconds
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child JVM did not end (hung?)");
        assertEquals(0, p.exitValue(), err);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void theSeedFailoverReportIsIdenticalAcrossProcessesAndPartitionings() throws Exception {
        String first = runInNewJvm("run", "--json", "--fault", "sigterm");
        String second = runInNewJvm("run", "--json", "--fault", "sigterm", "--partitions", "2");
        assertTrue(first.contains("\"trace_digest\""), first);
        assertEquals(first, second);
    }
}
