package io.kagami.scenario.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.result.NodeLoad;
import io.kagami.scenario.result.ScenarioResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conntrack entries of each network node's router namespaces, second by second, on the seed
 * deployment through a master crash: what they hold, counted as {@code conntrack -C} counts.
 */
@ExtendWith(SharedKernel.class)
class NodeLoadConntrackTest {
    private static final long S = VirtualTime.SECOND;

    private final Kernel kernel;

    NodeLoadConntrackTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Seed: routers 80 and 82 mastered on network-8, router81 on network-7; one SSH session each from 10 s. */
    private static final String CRASH = """
            name: crash
            duration: 45s
            probes:
              - type: ssh
                start: 10s
            faults:
              - at: 30s
                kind: node_crash
                node: master
            """;

    private static long[] conntrack(ScenarioResult r, String node) {
        NodeLoad load = r.nodeLoad().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
        assertEquals(45, load.samples().size());
        for (int i = 0; i < load.samples().size(); i++) {
            assertEquals((i + 1) * S, load.samples().get(i).time());
        }
        return load.samples().stream().mapToLong(NodeLoad.Sample::conntrackEntries).toArray();
    }

    @Test
    void entriesPerNodeFollowTheFlowsAndTheCrash() throws Exception {
        ScenarioResult r = ScenarioRunner.run(kernel, ScenarioLoader.parse(CRASH, "crash.yaml"), 1, Map.of());
        long[] seven = conntrack(r, "network-7");
        long[] eight = conntrack(r, "network-8");
        // Each router namespace tracks its own VRRP flows (protocol 112, 600 s): its adverts once it is
        // master, and its peer's. The adverts of the project's other routers that a real namespace also
        // hears on the shared HA network are left out (RouterPortFilter): 3 namespaces x 2 = 6 per node.
        assertEquals(0, seven[0], "1s: no advert yet");
        assertEquals(6, seven[8], "9s");
        assertEquals(6, eight[8], "9s");
        // One SSH session per router, NATed by its master's namespace: one entry on network-7, two on network-8.
        assertEquals(7, seven[19], "20s");
        assertEquals(8, eight[19], "20s");
        assertEquals(8, eight[28], "29s");
        // network-8 is off from 30 s; network-7 picks up router80's and router82's sessions mid-stream.
        for (int t = 30; t <= 45; t++) {
            assertEquals(0, eight[t - 1], t + "s");
        }
        assertEquals(9, seven[44], "45s");
        assertEquals(List.of(0L, 6L, 7L, 9L), java.util.Arrays.stream(seven).distinct().boxed().toList(),
                "network-7 only ever gains entries in this run");
    }

    @Test
    void theSamplesAreTheSameOnAnyPartitioning() throws Exception {
        ScenarioResult one = ScenarioRunner.run(kernel, ScenarioLoader.parse(CRASH, "crash.yaml"), 1, Map.of());
        ScenarioResult two = ScenarioRunner.run(kernel, ScenarioLoader.parse(CRASH, "crash.yaml"), 2, Map.of());
        assertEquals(one.nodeLoad(), two.nodeLoad());
        assertEquals(one.digest(), two.digest());
    }
}
