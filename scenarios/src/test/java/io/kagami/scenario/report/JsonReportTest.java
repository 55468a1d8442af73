package io.kagami.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportTest {
    private static JsonNode parse(List<ScenarioResult> runs) throws Exception {
        return new ObjectMapper().readTree(JsonReport.render(runs));
    }

    private static Long longOrNull(JsonNode n) {
        return n.isNull() ? null : n.asLong();
    }

    @Test
    void segmentsRoundTrip() throws Exception {
        ScenarioResult run = Fixtures.run();
        JsonNode j = parse(List.of(run));
        assertEquals(1, j.get("schema_version").asInt());
        assertEquals("run", j.get("kind").asText());
        assertFalse(j.get("passed").asBoolean());
        List<SegmentResult> back = new ArrayList<>();
        for (JsonNode s : j.at("/runs/0/segments")) {
            back.add(new SegmentResult(s.get("segment").asText(), s.get("router").asText(),
                    s.get("master_before").isNull() ? null : s.get("master_before").asText(),
                    s.get("master_after").isNull() ? null : s.get("master_after").asText(), s.get("affected").asBoolean(),
                    longOrNull(s.get("takeover_ns")), longOrNull(s.get("outage_ns")), s.get("probes_sent").asInt(),
                    s.get("probes_lost").asInt(), s.get("split_brain_ns").asLong(), longOrNull(s.get("agent_report_ns")),
                    s.get("flows_broken").asInt(), longOrNull(s.get("converged_at_ns"))));
        }
        assertEquals(run.segments(), back);
    }

    @Test
    void everythingElseIsThereWithItsUnit() throws Exception {
        JsonNode r = parse(List.of(Fixtures.run())).at("/runs/0");
        assertEquals(Fixtures.DESCRIPTION, r.get("description").asText());
        assertEquals(7, r.get("seed").asLong());
        assertEquals(60_000_000_000L, r.get("duration_ns").asLong());
        assertTrue(r.get("last_converged_at_ns").isNull());
        assertEquals("3f9a0c", r.get("trace_digest").asText());
        assertEquals(123_456, r.get("events").asLong());
        assertEquals(5_609_474_083L, r.at("/distributions/takeover/p99_ns").asLong());
        assertEquals(30, r.at("/distributions/probes_lost/p99").asLong());
        assertEquals("", r.at("/distributions/probes_lost/unit").asText());
        JsonNode a = r.at("/assertions/0");
        assertEquals("each takeover < 4s", a.get("expression").asText());
        assertEquals(4_000_000_000L, a.get("bound_ns").asLong());
        assertTrue(a.get("bound_ns").isIntegralNumber(), "nanoseconds stay integers");
        assertEquals(5_609_474_083L, a.get("actual_ns").asLong());
        assertEquals(10, r.at("/assertions/2/bound").asLong());
        assertEquals("82", r.at("/assertions/2/segment").asText());
        assertEquals(14, r.get("timeline").size());
        assertEquals("fault", r.at("/timeline/9/kind").asText());
        assertEquals(30_000_000_000L, r.at("/timeline/9/time_ns").asLong());
        assertEquals(60, r.at("/node_load/0/samples").size());
        assertEquals(2, r.at("/node_load/0/samples/59/routers_mastered").asInt());
        assertEquals(List.of("time_ns", "routers_mastered", "l3_queued", "l3_busy", "vrrp_packets", "vrrp_bytes",
                "conntrack_entries"), names(r.at("/node_load/0/samples/0")));
        assertEquals(2, r.at("/node_load/0/samples/59/conntrack_entries").asLong(), "network-7 after the takeover");
        assertEquals(2, r.at("/node_load/1/samples/28/conntrack_entries").asLong(), "network-8 at 29s");
        assertEquals(0, r.at("/node_load/1/samples/29/conntrack_entries").asLong(), "network-8 off at 30s");
    }

    @Test
    void keysComeInAFixedOrder() throws Exception {
        JsonNode j = parse(Fixtures.sweep());
        assertEquals(List.of("schema_version", "kind", "passed", "parameters", "runs"), names(j));
        assertEquals(List.of("scenario", "description", "parameters", "seed", "duration_ns", "passed", "trace_digest",
                "events", "last_converged_at_ns", "assertions", "distributions", "segments", "timeline", "node_load"),
                names(j.at("/runs/0")));
        assertEquals(List.of("topology.keepalived.advert_int", "topology.keepalived.priority"), names(j.at("/runs/1/parameters")));
        assertEquals("2s", j.at("/runs/1/parameters/topology.keepalived.advert_int").asText());
        assertEquals(100, j.at("/runs/1/parameters/topology.keepalived.priority").asInt());
        assertEquals("sweep", j.get("kind").asText());
    }

    @Test
    void parametersInAMapWithoutOrderAreSorted() throws Exception {
        ScenarioResult r = Fixtures.run("d", Map.of("b", 1, "a", 2, "c", 3), List.of());
        assertEquals(List.of("a", "b", "c"), names(parse(List.of(r)).at("/runs/0/parameters")));
    }

    @Test
    void nothingMeasuredIsNullNotNaN() throws Exception {
        ScenarioResult r = Fixtures.run("d", Map.of(), List.of(new io.kagami.scenario.result.AssertionResult(
                "p99 agent_report < 20s", false, "agent_report", "p99", Double.NaN, "<", 2e10, null, "nothing measured")));
        String json = JsonReport.render(List.of(r));
        assertFalse(json.contains("NaN"), json);
        assertTrue(parse(List.of(r)).at("/runs/0/assertions/0/actual_ns").isNull());
    }

    private static List<String> names(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
