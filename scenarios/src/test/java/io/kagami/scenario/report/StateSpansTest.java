package io.kagami.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.scenario.report.StateSpans.Lane;
import io.kagami.scenario.report.StateSpans.Span;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.TimelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateSpansTest {
    private static final long S = Fixtures.S;

    @Test
    void keepalivedLinesBecomeStates() {
        assertEquals("MASTER", StateSpans.state("(VR_1) Entering MASTER STATE"));
        assertEquals("BACKUP", StateSpans.state("(VR_1) Entering BACKUP STATE (init)"));
        assertEquals("FAULT", StateSpans.state("(VR_7) Entering FAULT STATE"));
        assertEquals("STOPPED", StateSpans.state("(VR_1) Stopped"));
        assertNull(StateSpans.state("(VR_1) sent 5 gratuitous ARPs"));
    }

    @Test
    void spansRunFromOneChangeToTheNextOrTheEnd() {
        List<Lane> lanes = StateSpans.lanes(Fixtures.run(), 40);
        assertEquals(List.of("network-7", "network-8"), lanes.stream().map(Lane::node).toList());
        Lane eight = lanes.get(1);
        assertEquals(List.of("VR_1", "VR_2", "VR_3"), eight.rows().stream().map(StateSpans.Row::instance).toList());
        assertEquals(List.of(new Span("BACKUP", 2 * S, 5_600_000_000L), new Span("MASTER", 5_600_000_000L, 30 * S),
                new Span("STOPPED", 30 * S, 60 * S)), eight.rows().get(0).spans());
        assertEquals(1, eight.faults().size());
        assertEquals(List.of(new Span("BACKUP", 2 * S, 31 * S), new Span("FAULT", 31 * S, 60 * S)),
                lanes.get(0).rows().get(2).spans());
    }

    @Test
    void nodesInNaturalOrderAndTheRoutersThatChangedFirstWhenThereAreTooMany() {
        List<TimelineEvent> t = new ArrayList<>();
        for (String node : List.of("network-10", "network-2")) {
            for (int vr = 1; vr <= 12; vr++) {
                t.add(new TimelineEvent(S, node, TimelineEvent.STATE, "(VR_" + vr + ") Entering BACKUP STATE (init)"));
            }
        }
        t.add(new TimelineEvent(10 * S, "network-2", TimelineEvent.FAULT, "ha_partition"));
        t.add(new TimelineEvent(11 * S, "network-2", TimelineEvent.STATE, "(VR_11) Entering MASTER STATE"));
        ScenarioResult r = Fixtures.run();
        ScenarioResult many = new ScenarioResult("s", "d", 1, 20 * S, Map.of(), r.segments(), Map.of(), null, t,
                List.of(), List.of(), "", 0);
        List<Lane> lanes = StateSpans.lanes(many, 3);
        assertEquals(List.of("network-2", "network-10"), lanes.stream().map(Lane::node).toList());
        assertEquals(List.of("VR_1", "VR_2", "VR_11"), lanes.get(0).rows().stream().map(StateSpans.Row::instance).toList());
        assertEquals(9, lanes.get(0).hidden());
        assertEquals(List.of("VR_1", "VR_2", "VR_3"), lanes.get(1).rows().stream().map(StateSpans.Row::instance).toList());
    }

    @Test
    void aNameSharedByRoutersOfSeveralProjectsIsLeftOutAndAFaultOnTwoNodesMarksBoth() {
        List<TimelineEvent> t = new ArrayList<>();
        for (String node : List.of("network-7", "network-8")) {
            t.add(new TimelineEvent(S, node, TimelineEvent.STATE, "(VR_1) Entering BACKUP STATE (init)"));
            t.add(new TimelineEvent(S, node, TimelineEvent.STATE, "(VR_1) Entering BACKUP STATE (init)"));
            t.add(new TimelineEvent(S, node, TimelineEvent.STATE, "(VR_2) Entering BACKUP STATE (init)"));
        }
        t.add(new TimelineEvent(4 * S, "network-7,network-8", TimelineEvent.FAULT, "ha_partition"));
        ScenarioResult r = Fixtures.run();
        ScenarioResult shared = new ScenarioResult("s", "d", 1, 20 * S, Map.of(), r.segments(), Map.of(), null, t,
                List.of(), List.of(), "", 0);
        List<Lane> lanes = StateSpans.lanes(shared, 40);
        assertEquals(List.of("network-7", "network-8"), lanes.stream().map(Lane::node).toList());
        for (Lane lane : lanes) {
            assertEquals(List.of("VR_2"), lane.rows().stream().map(StateSpans.Row::instance).toList());
            assertEquals(List.of("VR_1"), lane.shared());
            assertEquals(1, lane.faults().size());
        }
        String svg = TimelineSvg.render(shared);
        assertTrue(svg.contains("not drawn: VR_1 (each the name of several routers"), svg);
    }
}
