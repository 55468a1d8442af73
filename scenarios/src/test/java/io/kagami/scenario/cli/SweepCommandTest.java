package io.kagami.scenario.cli;

import static io.kagami.scenario.cli.KagamiRun.kagami;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kagami.scenario.report.ReportWriter;
import io.kagami.scenario.sweep.SweepRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kagami sweep FILE as a CI pipeline uses it: one summary, reports under --out, exit 1 when a run fails. */
class SweepCommandTest {
    @TempDir
    Path dir;

    /**
     * The seed deployment; at 20s the busiest master fails; 4 runs. The crash at advert_int 2s takes
     * 3 * 2s + 0.8s skew - up to 2s (5.6s here): the only run over 4s.
     */
    private Path fourRuns() throws Exception {
        Path f = dir.resolve("timers.yaml");
        Files.writeString(f, """
                name: timers
                description: a master fails, two ways, at two advert_ints
                duration: 35s
                probes:
                  - type: ssh
                faults:
                  - at: 20s
                    kind: node_crash
                assertions:
                  - "split_brain == 0s"
                  - "max takeover < 4s"
                sweep:
                  keepalived.advert_int: [1s, 2s]
                  faults[0].kind: [node_crash, keepalived_sigterm]
                """);
        return f;
    }

    private Path twoRuns() throws Exception {
        Path f = dir.resolve("two.yaml");
        Files.writeString(f, """
                name: two
                duration: 30s
                faults:
                  - at: 20s
                    kind: keepalived_sigterm
                assertions:
                  - "max takeover < 1s"
                sweep:
                  keepalived.advert_int: [1s, 3s]
                """);
        return f;
    }

    @Test
    void theSummaryAndTheReportsAreTheSameForParallelismOneAndTwo() throws Exception {
        Path file = fourRuns();
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        KagamiRun a = kagami("sweep", file.toString(), "--parallelism", "1", "--out", one.toString());
        KagamiRun b = kagami("sweep", file.toString(), "--parallelism", "2", "--out", two.toString());
        assertEquals(1, a.status(), a.out() + a.err());
        assertEquals(1, b.status(), b.out() + b.err());
        assertEquals("", a.err() + b.err(), "no progress bar when stderr is not a terminal");
        assertEquals(a.out().replace(one.toString(), "DIR"), b.out().replace(two.toString(), "DIR"));
        assertEquals(Files.readString(one.resolve("report.json")), Files.readString(two.resolve("report.json")));
        for (String f : ReportWriter.RENDERED) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(two.resolve(f)), f);
        }

        List<String> lines = a.out().lines().toList();
        assertTrue(lines.get(0).matches("run +advert_int +kind +p99 takeover +p99 outage +result"), a.out());
        assertTrue(lines.get(1).matches("1 +1s +node_crash +3\\.\\d+s +.* PASS"), a.out());
        assertTrue(lines.get(2).matches("2 +1s +keepalived_sigterm +0\\.8\\d*s +.* PASS"), a.out());
        assertTrue(lines.get(3).matches("3 +2s +node_crash +5\\.\\d+s +.* FAIL"), a.out());
        assertTrue(lines.get(4).matches("4 +2s +keepalived_sigterm +0\\.8\\d*s +.* PASS"), a.out());
        assertEquals("", lines.get(5));
        assertEquals("run 3 failed (keepalived.advert_int=2s, faults[0].kind=node_crash):", lines.get(6));
        assertTrue(lines.get(7).startsWith("  FAIL  max takeover < 4s") && lines.get(7).contains("off by"), a.out());
        assertEquals("", lines.get(8), "only the failed assertion is listed");
        assertEquals("4 runs: 3 passed, 1 failed", lines.get(9));
        assertEquals("reports in " + one + " (report.html, report.json, segments.csv, junit.xml)", lines.get(10));
        assertEquals(11, lines.size(), a.out());

        JsonNode j = new ObjectMapper().readTree(one.resolve("report.json").toFile());
        assertEquals("sweep", j.at("/kind").asText());
        assertFalse(j.at("/passed").asBoolean());
        assertEquals("[\"keepalived.advert_int\",\"faults[0].kind\"]", j.at("/parameters").toString());
        assertEquals(4, j.at("/runs").size());
        String[] kinds = {"node_crash", "keepalived_sigterm", "node_crash", "keepalived_sigterm"};
        for (int i = 0; i < 4; i++) {
            JsonNode run = j.at("/runs/" + i);
            assertEquals(i < 2 ? "1s" : "2s", run.at("/parameters/keepalived.advert_int").asText(), run.toString());
            assertEquals(kinds[i], run.at("/parameters/faults[0].kind").asText());
            assertEquals(1, run.at("/seed").asLong(), "the file's seed (the default, 1) in every run");
            assertEquals(i != 2, run.at("/passed").asBoolean());
        }
    }

    @Test
    void heldAssertionsExitZeroAndJsonPrintsTheReportWithTheSeedOverride() throws Exception {
        KagamiRun o = kagami("sweep", twoRuns().toString(), "--json", "--seed", "5");
        assertEquals(0, o.status(), o.out() + o.err());
        assertEquals("", o.err());
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertTrue(j.at("/passed").asBoolean());
        assertEquals(2, j.at("/runs").size());
        for (JsonNode run : j.at("/runs")) {
            assertEquals(5, run.at("/seed").asLong(), "--seed is every run's seed");
        }
        assertEquals("3s", j.at("/runs/1/parameters/keepalived.advert_int").asText());
    }

    @Test
    void aSweptSeedIsEachRunsOwnAndSeedIsThenRefused() throws Exception {
        Path f = dir.resolve("seeds.yaml");
        Files.writeString(f, "name: seeds\nduration: 30s\nsweep:\n  seed: [3, 4]\n");
        KagamiRun ok = kagami("sweep", f.toString(), "--json");
        assertEquals(0, ok.status(), ok.err());
        JsonNode j = new ObjectMapper().readTree(ok.out());
        assertEquals(3, j.at("/runs/0/seed").asLong());
        assertEquals(4, j.at("/runs/1/seed").asLong());

        KagamiRun o = kagami("sweep", f.toString(), "--seed", "9");
        assertEquals(2, o.status());
        assertEquals("", o.out());
        assertTrue(o.err().contains("--seed: " + f + " sweeps 'seed' itself ([3, 4])"), o.err());
    }

    @Test
    void aBadFileIsOneMessageWithItsPlaceAndNothingIsWritten() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: x\nduration: 30s\nsweep:\n  keepalived.advert_int: [1s, 0s]\n");
        Path out = dir.resolve("out");
        KagamiRun o = kagami("sweep", f.toString(), "--out", out.toString());
        assertEquals(2, o.status());
        assertTrue(o.err().startsWith("kagami sweep: " + f + ":4:"), o.err());
        assertTrue(o.err().contains("sweep.keepalived.advert_int"), o.err());
        assertEquals("", o.out());
        assertFalse(Files.exists(out), "nothing written to --out");
    }

    @Test
    void aRunThatFindsBadInputStopsTheSweepWithExitTwo() throws Exception {
        Path f = dir.resolve("early.yaml");
        Files.writeString(f, """
                name: early
                duration: 25s
                faults:
                  - at: 20s
                    kind: keepalived_sigterm
                sweep:
                  faults[0].at: [20s, 1s]
                """);
        Path out = dir.resolve("out");
        KagamiRun o = kagami("sweep", f.toString(), "--parallelism", "2", "--out", out.toString());
        assertEquals(2, o.status(), o.out() + o.err());
        assertTrue(o.err().contains(f + ": run 2 (faults[0].at=1s): faults: at 1s no router has a master yet"),
                o.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void usageMistakesExitTwoBeforeAnyRun() throws Exception {
        Path file = fourRuns();
        KagamiRun p = kagami("sweep", file.toString(), "--parallelism", "0");
        assertEquals(2, p.status());
        assertTrue(p.err().contains("--parallelism must be at least 1, got 0"), p.err());

        KagamiRun s = kagami("sweep", file.toString(), "--seed", "-1");
        assertEquals(2, s.status());
        assertTrue(s.err().contains("--seed must be 0 or more"), s.err());

        Path busy = Files.createDirectory(dir.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        KagamiRun o = kagami("sweep", file.toString(), "--out", busy.toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains("holds files that are not a Kagami report (notes.txt)"), o.err());
        assertEquals("mine", Files.readString(busy.resolve("notes.txt")));

        KagamiRun unknown = kagami("sweep", "no-such-drill");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("no-such-drill: no such file, nor a built-in scenario of that name"),
                unknown.err());

        KagamiRun missing = kagami("sweep", dir.resolve("missing.yaml").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("missing.yaml: no such file"), missing.err());

        KagamiRun none = kagami("sweep");
        assertEquals(2, none.status());
        assertTrue(none.err().contains("Missing required parameter: 'FILE'"), none.err());
    }

    @Test
    void runPointsAtSweepForAFileWithASweep() throws Exception {
        Path file = fourRuns();
        KagamiRun o = kagami("run", file.toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains(file + " has a sweep: run it with 'kagami sweep " + file + "'"), o.err());
    }

    @Test
    void helpStatesTheSeedRuleAndTheExitStatus() {
        KagamiRun o = kagami("sweep", "--help");
        assertEquals(0, o.status());
        String help = o.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("every run uses the scenario's seed (or --seed), unless the sweep varies 'seed'"
                + " itself; then each run uses its own value"), o.out());
        for (String option : new String[] {"--parallelism", "--out", "--json", "--seed"}) {
            assertTrue(help.contains(option), option);
        }
        assertTrue(help.contains("1 at least one failed (the summary says which)"), o.out());
        assertTrue(kagami("--help").out().contains("sweep"), "kagami --help lists the verb");
    }

    // ---------------------------------------------------------------- the progress bar

    @Test
    void noBarWithoutATerminal() {
        assertNull(System.console(), "tests run without a console");
        assertSame(SweepRunner.Progress.NONE, ProgressBar.onTerminal(new PrintWriter(new StringWriter()), 4));
    }

    @Test
    void theBarShowsAfterASecondCountsRunsAndIsErasedAtTheEnd() {
        AtomicLong now = new AtomicLong();
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), 4, now::get);
        bar.runFinished(1, 4);
        assertEquals("", err.toString(), "a quick sweep shows nothing");
        now.set(3_000_000_000L);
        bar.runFinished(2, 4);
        assertEquals("\r[###############---------------]  2/4 runs  0:03 elapsed, about 0:03 left", err.toString());
        bar.runFinished(1, 4); // a slower worker's older count
        bar.tick();
        assertEquals("\r[###############---------------]  2/4 runs  0:03 elapsed, about 0:03 left", err.toString(),
                "the count never goes back, and an unchanged line is not redrawn");
        now.set(3_700_000_000_000L);
        bar.tick();
        assertTrue(err.toString().endsWith("2/4 runs  1:01:40 elapsed, about 1:01:40 left"), err.toString());
        int length = "[###############---------------]  2/4 runs  1:01:40 elapsed, about 1:01:40 left".length();
        bar.close();
        assertTrue(err.toString().endsWith("\r" + " ".repeat(length) + "\r"), "erased");
        int before = err.toString().length();
        bar.runFinished(4, 4);
        bar.close();
        assertEquals(before, err.toString().length(), "nothing after close");
        assertEquals("[##############################]  4/4 runs  0:10 elapsed", ProgressBar.line(4, 4, 10_000_000_000L));
    }
}
