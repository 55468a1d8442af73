package io.kagami.scenario.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Start-up times, segment-targeted faults and the per-segment fault reference, run end to end on
 * the seed deployment and measured against DOMAIN.md's formulas.
 */
@ExtendWith(SharedKernel.class)
class StartupAndTargetsTest {
    private static final long S = VirtualTime.SECOND;
    /** A priority-0 advert makes the backups wait Skew_Time: (256 - 50) / 256 s (DOMAIN.md section 3). */
    private static final long SKEW = 804_687_000L;
    private final Kernel kernel;

    StartupAndTargetsTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private ScenarioResult run(String yaml) throws Exception {
        return ScenarioRunner.run(kernel, ScenarioLoader.parse(yaml, "test.yaml"), 2, Map.of());
    }

    private static List<String> mastersAfter(ScenarioResult r) {
        return r.segments().stream().map(SegmentResult::masterAfter).toList();
    }

    @Test
    void aNodeStartedLaterLosesTheFirstElectionItWouldHaveWon() throws Exception {
        String head = "name: start\nduration: 20s\n";
        // all at 0: both become master at once and the higher ha- address stays: network-8's, but for
        // router81, whose first HA port was allocated on network-8 (hosts in turn, DOMAIN.md section 2)
        assertEquals(List.of("network-8", "network-7", "network-8"), mastersAfter(run(head)));
        // network-8 a second late: its keepalived starts in BACKUP (init), hears network-7's first advert
        // before its own master-down timer ends, and nopreempt keeps it backup
        assertEquals(List.of("network-7", "network-7", "network-7"),
                mastersAfter(run(head + "startup: {nodes: {network-8: 1s}}\n")));
        // and the other way round: network-7 a second late leaves network-8 master as before
        assertEquals(List.of("network-8", "network-8", "network-8"),
                mastersAfter(run(head + "startup: {nodes: {network-7: 1s}, stagger: 100ms}\n")));
        // renamed, the late node is named by its own name, and so are the masters
        assertEquals(List.of("net-a", "net-a", "net-a"), mastersAfter(run(head
                + "topology: {node_names: {network-7: net-a, network-8: net-b}}\nstartup: {nodes: {net-b: 1s}}\n")));
    }

    @Test
    void aKeepalivedFaultOnSegmentsHitsOnlyTheirRouters() throws Exception {
        ScenarioResult r = run("""
                name: sigterm-81
                duration: 40s
                faults:
                  - {at: 20s, kind: keepalived_sigterm, node: master, segments: [81]}
                """);
        // master: where router81 is master (network-7), not the node with the most masters (network-8)
        SegmentResult s80 = r.segments().get(0);
        SegmentResult s81 = r.segments().get(1);
        assertFalse(s80.affected());
        assertNull(s80.takeoverNs());
        assertTrue(s81.affected());
        assertEquals("network-8", s81.masterAfter());
        long t = s81.takeoverNs();
        assertTrue(t >= SKEW && t < SKEW + VirtualTime.MILLISECOND, VirtualTime.formatDuration(t));
    }

    @Test
    void eachSegmentIsMeasuredFromTheFaultAimedAtIt() throws Exception {
        ScenarioResult r = run("""
                name: two-sigterms
                duration: 60s
                faults:
                  - {at: 20s, kind: keepalived_sigterm, node: network-8, segments: [80]}
                  - {at: 40s, kind: keepalived_sigterm, node: master, segments: [81]}
                """);
        for (SegmentResult s : r.segments().subList(0, 2)) {
            long t = s.takeoverNs();
            // from its own fault: Skew_Time, not 20 s more for segment 81
            assertTrue(t >= SKEW && t < SKEW + VirtualTime.MILLISECOND, s.segment() + ": "
                    + VirtualTime.formatDuration(t));
            assertTrue(s.agentReportNs() < 10 * S, s.segment() + ": " + VirtualTime.formatDuration(s.agentReportNs()));
        }
        assertNull(r.segments().get(2).takeoverNs(), "segment 82 was not hit");
    }

    @Test
    void anHaPartitionOnSegmentsCutsOnlyTheirProjectsHaNetworks() throws Exception {
        ScenarioResult r = run("""
                name: split-83
                duration: 40s
                topology: {segments: 4, routers_per_project: 1}
                faults:
                  - {at: 20s, kind: ha_partition, between: [network-7, network-8], segments: [83], until: 30s}
                """);
        List<Long> splitBrain = r.segments().stream().map(SegmentResult::splitBrainNs).toList();
        assertEquals(List.of(0L, 0L, 0L), splitBrain.subList(0, 3));
        assertTrue(splitBrain.get(3) > 0, "router83's own HA network was cut: " + splitBrain);
    }
}
