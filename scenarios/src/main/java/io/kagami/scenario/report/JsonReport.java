package io.kagami.scenario.report;

import io.kagami.scenario.result.EachAssertion;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.Distribution;
import io.kagami.scenario.result.NodeLoad;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import io.kagami.scenario.result.TimelineEvent;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * report.json: everything the runs measured, for machines. Keys are snake_case in a fixed order;
 * times are integers of nanoseconds in keys ending in {@code _ns}; counts are plain; "did not
 * happen" is null. Bump {@link #SCHEMA_VERSION} when a key changes meaning or goes away.
 */
final class JsonReport {
    static final int SCHEMA_VERSION = 1;

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private JsonReport() {}

    static String render(List<ScenarioResult> runs) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("schema_version", SCHEMA_VERSION);
        top.put("kind", runs.size() == 1 ? "run" : "sweep");
        top.put("passed", runs.stream().allMatch(ScenarioResult::passed));
        top.put("parameters", Parameters.keys(runs));
        List<Object> list = new ArrayList<>();
        runs.forEach(r -> list.add(run(r)));
        top.put("runs", list);
        try {
            return new ObjectMapper().writer(PRETTY).writeValueAsString(top) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> run(ScenarioResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", r.scenario());
        m.put("description", r.description());
        m.put("parameters", Parameters.json(r.parameters() == null ? Map.of() : r.parameters()));
        m.put("seed", r.seed());
        m.put("duration_ns", r.duration());
        m.put("passed", r.passed());
        m.put("trace_digest", r.digest());
        m.put("events", r.events());
        m.put("last_converged_at_ns", r.lastConvergedAt());
        List<Object> assertions = new ArrayList<>();
        r.assertions().forEach(a -> assertions.add(assertion(a, r)));
        m.put("assertions", assertions);
        Map<String, Object> distributions = new LinkedHashMap<>();
        for (String k : Parameters.keys(r.distributions())) {
            distributions.put(k, distribution(r.distributions().get(k)));
        }
        m.put("distributions", distributions);
        List<Object> segments = new ArrayList<>();
        r.segments().forEach(s -> segments.add(segment(s)));
        m.put("segments", segments);
        List<Object> timeline = new ArrayList<>();
        r.timeline().forEach(e -> timeline.add(event(e)));
        m.put("timeline", timeline);
        List<Object> load = new ArrayList<>();
        r.nodeLoad().forEach(n -> load.add(nodeLoad(n)));
        m.put("node_load", load);
        return m;
    }

    /** The unit of a measurement: the distribution's if there is one, else ns for the known times. */
    static String unit(String measurement, ScenarioResult r) {
        Distribution d = r.distributions().get(measurement);
        if (d != null && d.unit() != null) {
            return d.unit();
        }
        return EachAssertion.isTime(measurement) ? "ns" : "";
    }

    private static String key(String name, String unit) {
        return unit == null || unit.isEmpty() ? name : name + "_" + unit;
    }

    private static Map<String, Object> assertion(AssertionResult a, ScenarioResult r) {
        String unit = unit(a.measurement(), r);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("expression", a.expression());
        m.put("passed", a.passed());
        m.put("measurement", a.measurement());
        m.put("statistic", a.statistic());
        m.put("operator", a.operator());
        m.put("unit", unit);
        m.put(key("actual", unit), number(a.actual()));
        m.put(key("bound", unit), number(a.bound()));
        m.put("segment", a.segment());
        m.put("message", a.message());
        return m;
    }

    private static Map<String, Object> distribution(Distribution d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measurement", d.measurement());
        m.put("unit", d.unit());
        m.put("count", d.count());
        m.put(key("min", d.unit()), d.min());
        m.put(key("p50", d.unit()), d.p50());
        m.put(key("p95", d.unit()), d.p95());
        m.put(key("p99", d.unit()), d.p99());
        m.put(key("max", d.unit()), d.max());
        return m;
    }

    private static Map<String, Object> segment(SegmentResult s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("segment", s.segment());
        m.put("router", s.router());
        m.put("master_before", s.masterBefore());
        m.put("master_after", s.masterAfter());
        m.put("affected", s.affected());
        m.put("takeover_ns", s.takeoverNs());
        m.put("outage_ns", s.outageNs());
        m.put("probes_sent", s.probesSent());
        m.put("probes_lost", s.probesLost());
        m.put("split_brain_ns", s.splitBrainNs());
        m.put("agent_report_ns", s.agentReportNs());
        m.put("flows_broken", s.flowsBroken());
        m.put("converged_at_ns", s.convergedAtNs());
        return m;
    }

    private static Map<String, Object> event(TimelineEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time_ns", e.time());
        m.put("node", e.node());
        m.put("kind", e.kind());
        m.put("text", e.text());
        return m;
    }

    private static Map<String, Object> nodeLoad(NodeLoad n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", n.node());
        List<Object> samples = new ArrayList<>();
        for (NodeLoad.Sample s : n.samples()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("time_ns", s.time());
            x.put("routers_mastered", s.routersMastered());
            x.put("l3_queued", s.l3Queued());
            x.put("l3_busy", s.l3Busy());
            x.put("vrrp_packets", s.vrrpPackets());
            x.put("vrrp_bytes", s.vrrpBytes());
            x.put("conntrack_entries", s.conntrackEntries());
            samples.add(x);
        }
        m.put("samples", samples);
        return m;
    }

    /** A whole number as an integer (nanoseconds stay exact), NaN and infinities as null (JSON has neither). */
    private static Object number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        if (v == Math.rint(v) && Math.abs(v) <= 9.007199254740992E15) {
            return (long) v;
        }
        return v;
    }
}
