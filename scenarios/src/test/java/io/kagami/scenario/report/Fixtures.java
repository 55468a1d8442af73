package io.kagami.scenario.report;

import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.Distribution;
import io.kagami.scenario.result.NodeLoad;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import io.kagami.scenario.result.TimelineEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results made by hand: the seed deployment's failover with network-8 crashing at 30s. Router80
 * takes over late (5.6s, breaking "each takeover &lt; 4s"), router81 was not on network-8, and
 * router82 never recovers (no takeover: its other instance went to FAULT).
 */
final class Fixtures {
    static final long S = 1_000_000_000L;
    static final String DESCRIPTION = "Crash network-8 <script>alert('x')</script> & watch \"takeover\"";

    private Fixtures() {}

    static SegmentResult router80() {
        return new SegmentResult("80", "router80", "network-8", "network-7", true, 5_609_474_083L, 6_804_687_000L,
                60, 7, 0, 9_500_000_000L, 0, 36_804_687_000L);
    }

    static SegmentResult router81() {
        return new SegmentResult("81", "router81", "network-7", "network-7", false, null, null, 60, 0, 0, null, 0, null);
    }

    static SegmentResult router82() {
        return new SegmentResult("82", "router82", "network-8", null, true, null, null, 60, 30, 0, null, 1, null);
    }

    static AssertionResult eachTakeover(boolean passed, String segment) {
        return new AssertionResult("each takeover < 4s", passed, "takeover", "each", passed ? 3e9 : 5_609_474_083.0, "<",
                4e9, segment, passed ? "each takeover < 4s holds" : "router80: takeover 5.609474083s is not < 4s (by 1.609474083s)");
    }

    static AssertionResult p99Outage() {
        return new AssertionResult("p99 outage < 10s", true, "outage", "p99", 6_804_687_000.0, "<", 1e10, null,
                "p99 outage 6.804687s < 10s");
    }

    static AssertionResult eachProbesLost() {
        return new AssertionResult("each probes_lost <= 10", false, "probes_lost", "each", 30, "<=", 10, "82",
                "router82: 30 probes lost, more than 10");
    }

    static ScenarioResult run() {
        return run(DESCRIPTION, new LinkedHashMap<>(), List.of(eachTakeover(false, "80"), p99Outage(), eachProbesLost()));
    }

    static ScenarioResult run(String description, Map<String, Object> parameters, List<AssertionResult> assertions) {
        Map<String, Distribution> d = new LinkedHashMap<>();
        d.put("takeover", new Distribution("takeover", "ns", 1, 5_609_474_083L, 5_609_474_083L, 5_609_474_083L,
                5_609_474_083L, 5_609_474_083L));
        d.put("outage", new Distribution("outage", "ns", 1, 6_804_687_000L, 6_804_687_000L, 6_804_687_000L,
                6_804_687_000L, 6_804_687_000L));
        d.put("probes_lost", new Distribution("probes_lost", "", 3, 0, 7, 30, 30, 30));
        List<TimelineEvent> t = new ArrayList<>();
        for (String node : List.of("network-7", "network-8")) {
            for (int vr = 1; vr <= 3; vr++) {
                t.add(new TimelineEvent(2 * S, node, TimelineEvent.STATE, "(VR_" + vr + ") Entering BACKUP STATE (init)"));
            }
        }
        t.add(new TimelineEvent(5_600_000_000L, "network-8", TimelineEvent.STATE, "(VR_1) Entering MASTER STATE"));
        t.add(new TimelineEvent(5_600_000_000L, "network-7", TimelineEvent.STATE, "(VR_2) Entering MASTER STATE"));
        t.add(new TimelineEvent(5_600_000_000L, "network-8", TimelineEvent.STATE, "(VR_3) Entering MASTER STATE"));
        t.add(new TimelineEvent(30 * S, "network-8", TimelineEvent.FAULT, "node_crash: power off"));
        t.add(new TimelineEvent(30 * S, "network-8", TimelineEvent.STATE, "(VR_1) Stopped"));
        t.add(new TimelineEvent(30 * S, "network-8", TimelineEvent.STATE, "(VR_3) Stopped"));
        t.add(new TimelineEvent(31 * S, "network-7", TimelineEvent.STATE, "(VR_3) Entering FAULT STATE"));
        t.add(new TimelineEvent(35_609_474_083L, "network-7", TimelineEvent.STATE, "(VR_1) Entering MASTER STATE"));
        List<NodeLoad> load = new ArrayList<>();
        for (String node : List.of("network-7", "network-8")) {
            List<NodeLoad.Sample> samples = new ArrayList<>();
            for (int s = 1; s <= 60; s++) {
                boolean seven = node.equals("network-7");
                int mastered = s < 6 ? 0 : seven ? (s < 36 ? 1 : 2) : (s <= 30 ? 2 : 0);
                int queued = seven && s >= 36 && s < 39 ? 1 : 0;
                // one SSH flow per router through its master from 10s; network-7 picks up router80's
                // mid-stream after the takeover, network-8 is off from 30s
                long conntrack = s < 10 ? 0 : seven ? (s < 37 ? 1 : 2) : (s < 30 ? 2 : 0);
                samples.add(new NodeLoad.Sample(s * S, mastered, queued, queued, mastered * 1L, mastered * 54L,
                        conntrack));
            }
            load.add(new NodeLoad(node, samples));
        }
        return new ScenarioResult("seed-failover", description, 7, 60 * S, parameters,
                List.of(router80(), router81(), router82()), d, null, t, load, assertions, "3f9a0c", 123_456);
    }

    /** A sweep over advert_int: at 1s the run breaks "each takeover &lt; 4s" and "each probes_lost &lt;= 10"; at 2s it asserts less. */
    static List<ScenarioResult> sweep() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("topology.keepalived.advert_int", "1s");
        one.put("topology.keepalived.priority", 100);
        Map<String, Object> two = new LinkedHashMap<>();
        two.put("topology.keepalived.advert_int", "2s");
        two.put("topology.keepalived.priority", 100);
        return List.of(run("Sweep of advert_int", one, List.of(eachTakeover(false, "80"), p99Outage(), eachProbesLost())),
                run("Sweep of advert_int", two, List.of(p99Outage())));
    }
}
