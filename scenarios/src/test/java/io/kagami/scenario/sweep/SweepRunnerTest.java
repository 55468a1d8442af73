package io.kagami.scenario.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.file.Dur;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sweep engine: the grid in file order, runs in parallel, results in grid order, the formulas per run. */
@ExtendWith(SharedKernel.class)
class SweepRunnerTest {
    private static final long S = VirtualTime.SECOND;
    private static final long MS = VirtualTime.MILLISECOND;
    /** keepalived's skew time at priority 50: (256 - 50) / 256 s. */
    private static final long SKEW = 804_687_500L;
    /** One way across the HA network, at most. */
    private static final long HA = 200 * VirtualTime.MICROSECOND;

    private final Kernel kernel;

    SweepRunnerTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The seed deployment; at 20s the busiest master fails; SSH probes watch; 4 runs. */
    static final String FOUR_RUNS = """
            name: sweep-drill
            description: a master fails, two ways, at two advert_ints
            seed: 7
            duration: 35s
            probes:
              - type: ssh
            faults:
              - at: 20s
                kind: node_crash
            assertions:
              - "split_brain == 0s"
            sweep:
              keepalived.advert_int: [1s, 2s]
              faults[0].kind: [node_crash, keepalived_sigterm]
            """;

    private static Scenario parse(String yaml) throws Exception {
        return ScenarioLoader.parse(yaml, "sweep.yaml");
    }

    @Test
    void theGridIsNestedLoopsInFileOrderTheLastParameterFastest() throws Exception {
        List<SweepRunner.Run> grid = SweepRunner.grid(parse(FOUR_RUNS));
        assertEquals(4, grid.size());
        String[][] expected = {{"1s", "node_crash"}, {"1s", "keepalived_sigterm"}, {"2s", "node_crash"},
            {"2s", "keepalived_sigterm"}};
        for (int i = 0; i < 4; i++) {
            SweepRunner.Run r = grid.get(i);
            assertEquals(i + 1, r.number());
            assertEquals(List.of("keepalived.advert_int", "faults[0].kind"), List.copyOf(r.parameters().keySet()));
            assertEquals(expected[i][0], r.parameters().get("keepalived.advert_int"));
            assertEquals(expected[i][1], r.parameters().get("faults[0].kind"));
            assertEquals(Dur.parse(expected[i][0]), r.scenario().topology().keepalived().advertInt());
            assertEquals(expected[i][1], r.scenario().faults().get(0).kind());
            assertEquals(7L, r.scenario().seed(), "every run has the scenario's seed");
            assertEquals(null, r.scenario().sweep(), "a run is not a sweep");
        }
    }

    @Test
    void aSweptSeedIsEachRunsOwnAndAnOverrideIsEveryOtherRuns() throws Exception {
        Scenario swept = parse("""
                name: seeds
                duration: 30s
                seed: 3
                sweep:
                  seed: [11, 12]
                  keepalived.priority: [50, 100]
                """);
        assertTrue(SweepRunner.sweepsSeed(swept));
        assertEquals(List.of(11L, 11L, 12L, 12L), SweepRunner.grid(swept).stream().map(r -> r.scenario().seed()).toList());
        assertEquals(List.of(11L, 11L, 12L, 12L),
                SweepRunner.grid(SweepRunner.withSeed(swept, 99)).stream().map(r -> r.scenario().seed()).toList(),
                "the swept seed wins over the scenario's");
        Scenario fixed = parse(FOUR_RUNS);
        assertEquals(List.of(99L, 99L, 99L, 99L),
                SweepRunner.grid(SweepRunner.withSeed(fixed, 99)).stream().map(r -> r.scenario().seed()).toList());
    }

    @Test
    void withoutASweepTheGridIsOneRunWithNoParameters() throws Exception {
        List<SweepRunner.Run> grid = SweepRunner.grid(parse("name: once\nduration: 30s\n"));
        assertEquals(1, grid.size());
        assertEquals(Map.of(), grid.get(0).parameters());
    }

    @Test
    void fourRunsInParallelComeBackInGridOrderAndMeetTheFormulas() throws Exception {
        List<Integer> told = Collections.synchronizedList(new ArrayList<>());
        List<ScenarioResult> results = SweepRunner.run(kernel, parse(FOUR_RUNS), 2, (finished, total) -> {
            assertEquals(4, total);
            told.add(finished);
        });
        Collections.sort(told);
        assertEquals(List.of(1, 2, 3, 4), told, "progress is told once per run");
        assertEquals(4, results.size());
        List<SweepRunner.Run> grid = SweepRunner.grid(parse(FOUR_RUNS));
        for (int i = 0; i < 4; i++) {
            ScenarioResult r = results.get(i);
            assertEquals(grid.get(i).parameters(), r.parameters(), "run " + (i + 1) + " is in grid order");
            assertEquals(List.of("keepalived.advert_int", "faults[0].kind"), List.copyOf(r.parameters().keySet()));
            assertEquals(7L, r.seed());
            assertTrue(r.passed(), r.assertions().toString());
            long advert = Dur.parse((String) r.parameters().get("keepalived.advert_int")).nanos();
            boolean crash = r.parameters().get("faults[0].kind").equals("node_crash");
            List<SegmentResult> hit = r.segments().stream().filter(SegmentResult::affected).toList();
            assertTrue(!hit.isEmpty(), "the busiest master's node held at least one master");
            for (SegmentResult s : hit) {
                long t = s.takeoverNs();
                String what = "run " + (i + 1) + " " + r.parameters() + " router " + s.router() + ": takeover "
                        + VirtualTime.format(t);
                if (crash) {
                    // master_down = 3 * advert_int + skew, counted from the last advert heard, which
                    // left the master at most one advert_int before the crash
                    assertTrue(t >= 3 * advert + SKEW - advert && t <= 3 * advert + SKEW + HA, what);
                } else {
                    // a priority-0 advert: the backup takes over skew_time after it arrives
                    assertTrue(t > SKEW && t <= SKEW + HA, what);
                }
            }
        }
        assertEquals(results.get(1).segments().stream().map(SegmentResult::takeoverNs).toList(),
                results.get(3).segments().stream().map(SegmentResult::takeoverNs).toList(),
                "after a SIGTERM advert_int does not matter");
    }

    @Test
    void theResultsAreTheSameForAnyParallelism() throws Exception {
        // segments swept so that runs differ in length and finish out of grid order
        Scenario s = parse(FOUR_RUNS.replace("  faults[0].kind: [node_crash, keepalived_sigterm]\n",
                "  faults[0].kind: [node_crash, keepalived_sigterm]\n  topology.segments: [6, 1]\n"));
        List<ScenarioResult> one = SweepRunner.run(kernel, s, 1, SweepRunner.Progress.NONE);
        assertEquals(8, one.size());
        assertEquals(one, SweepRunner.run(kernel, s, 2, SweepRunner.Progress.NONE));
        assertEquals(one, SweepRunner.run(s, 3, SweepRunner.Progress.NONE), "on a kernel of its own");
    }

    @Test
    void theFirstFailedRunInGridOrderStopsTheSweep() throws Exception {
        // at 1s no router has a master yet, so a fault on "master" has no target: only a run finds that
        Scenario s = parse("""
                name: too-early
                duration: 22s
                faults:
                  - at: 20s
                    kind: keepalived_sigterm
                sweep:
                  faults[0].at: [20s, 1s, 2s, 21s]
                """);
        for (int parallelism : new int[] {1, 2}) {
            SweepRunner.RunFailed e = assertThrows(SweepRunner.RunFailed.class,
                    () -> SweepRunner.run(kernel, s, parallelism, SweepRunner.Progress.NONE));
            assertEquals(2, e.run().number(), "parallelism " + parallelism);
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertTrue(e.getMessage().startsWith("run 2 (faults[0].at=1s): faults: at 1s no router has a master yet"),
                    e.getMessage());
        }
    }

    @Test
    void parallelismBelowOneIsRefused() throws Exception {
        Scenario s = parse("name: once\nduration: 30s\n");
        assertThrows(IllegalArgumentException.class, () -> SweepRunner.run(kernel, s, 0, SweepRunner.Progress.NONE));
    }
}
