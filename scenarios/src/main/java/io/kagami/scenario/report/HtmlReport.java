package io.kagami.scenario.report;

import io.kagami.scenario.result.EachAssertion;
import io.kagami.core.VirtualTime;
import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.Distribution;
import io.kagami.scenario.result.NodeLoad;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import io.kagami.scenario.result.TimelineEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * report.html: one self-contained page for people (inline CSS and SVG, no script, nothing fetched
 * from anywhere, legible when printed). For a run: what ran, the assertions' verdicts, the
 * timeline of faults and VRRP states, the distributions of takeover and outage, the slowest
 * segments and the network nodes' load. For a sweep: a summary table first, then one such section
 * per run.
 */
final class HtmlReport {
    static final int SLOWEST = 10;

    private static final String CSS = """
            :root { color-scheme: light; }
            * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                   color: #222; background: #fff; max-width: 1100px; margin: 1.5em auto; padding: 0 1.2em; }
            h1 { font-size: 1.7em; margin: 0 0 .2em; }
            h2 { font-size: 1.3em; border-bottom: 2px solid #e3e3e3; padding-bottom: .15em; margin: 1.8em 0 .6em; }
            h3 { font-size: 1.1em; margin: 1.4em 0 .5em; }
            h4 { font-size: 1em; margin: 1.2em 0 .4em; }
            p.lead { color: #555; margin: .2em 0 1em; }
            table { border-collapse: collapse; margin: .4em 0 1em; }
            th, td { border: 1px solid #d9d9d9; padding: .22em .6em; text-align: left; vertical-align: top; }
            th { background: #f4f5f7; font-weight: 600; }
            table.facts th { width: 13em; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            code, .mono { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .92em; }
            .pass { color: #1b6e2b; font-weight: 600; }
            .fail { color: #b3261e; font-weight: 600; }
            .muted { color: #777; }
            .verdict { display: inline-block; padding: .15em .7em; border-radius: 3px; font-weight: 600; }
            .verdict.pass { background: #e3f3e6; } .verdict.fail { background: #fbe4e2; }
            svg { display: block; max-width: 100%; height: auto; }
            svg text { font-family: system-ui, Helvetica, Arial, sans-serif; fill: #333; }
            svg .axis { font-size: 10px; fill: #555; }
            svg .node { font-size: 11px; font-weight: 600; }
            svg .instance { font-size: 8.5px; fill: #555; }
            svg .chart-title { font-size: 12px; font-weight: 600; }
            svg .fault-label { font-size: 10px; font-weight: 700; fill: #b3261e; }
            svg .grid { stroke: #ececec; stroke-width: 1; }
            svg .axis-line { stroke: #888; stroke-width: 1; }
            svg .lane { fill: #f4f5f7; }
            svg .fault-line { stroke: #b3261e; stroke-width: 1.2; stroke-dasharray: 4 3; }
            svg .fault-mark, .legend .fault-mark { fill: #b3261e; }
            .s-master { fill: #2e7d32; } .s-backup { fill: #9ec5e6; } .s-fault { fill: #ef8a17; } .s-stopped { fill: #757575; }
            svg .bar { fill: #4a78b0; }
            svg .plot { fill: #fafafa; stroke: #e0e0e0; }
            svg .load { fill: none; stroke: #4a78b0; stroke-width: 1.5; }
            .legend span { display: inline-flex; align-items: center; gap: .35em; margin-right: 1.2em; }
            .legend svg { display: inline; }
            .charts { display: flex; flex-wrap: wrap; gap: 1em 2em; }
            .charts > div { flex: 1 1 440px; max-width: 520px; }
            table.load td { padding: .3em .5em; }
            table.load svg { width: 260px; }
            table.load td:first-child { white-space: nowrap; }
            section.run { margin-top: 2.5em; }
            footer { margin-top: 3em; color: #777; font-size: .9em; border-top: 1px solid #e3e3e3; padding-top: .6em; }
            @media print {
              body { max-width: none; margin: 0; font-size: 11pt; }
              section.run { break-before: page; }
              svg, table { break-inside: avoid; }
              a { color: inherit; text-decoration: none; }
            }
            """;

    private HtmlReport() {}

    static String render(List<ScenarioResult> runs) {
        boolean sweep = runs.size() > 1;
        String name = runs.stream().map(ScenarioResult::scenario).distinct().count() == 1 ? runs.get(0).scenario()
                : "Kagami sweep";
        boolean passed = runs.stream().allMatch(ScenarioResult::passed);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Markup.html(name)).append(" \u2014 Kagami report</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<header>\n");
        h.append("<h1>").append(Markup.html(name)).append(sweep ? ": sweep of " + runs.size() + " runs" : "").append("</h1>\n");
        if (!sweep) {
            h.append(description(runs.get(0)));
        } else if (runs.stream().map(ScenarioResult::description).distinct().count() == 1) {
            h.append(description(runs.get(0)));
        }
        long failedRuns = runs.stream().filter(r -> !r.passed()).count();
        h.append("<p><span class=\"verdict ").append(passed ? "pass\">PASSED" : "fail\">FAILED").append("</span> ");
        if (sweep) {
            h.append(passed ? "every run held all its assertions"
                    : failedRuns + " of " + runs.size() + " runs broke an assertion");
        } else {
            long failed = runs.get(0).assertions().stream().filter(a -> !a.passed()).count();
            int total = runs.get(0).assertions().size();
            h.append(total == 0 ? "no assertions" : failed == 0 ? "all " + total + " assertions hold"
                    : failed + " of " + total + " assertions failed");
        }
        h.append("</p>\n<p class=\"muted\">Times are virtual: seconds of simulated time, not of the machine that ran it.</p>\n</header>\n");
        if (sweep) {
            h.append(sweepSummary(runs));
            for (int i = 0; i < runs.size(); i++) {
                ScenarioResult r = runs.get(i);
                String label = Parameters.label(r, runs);
                h.append("<section class=\"run\" id=\"run-").append(i + 1).append("\">\n<h2>Run ").append(i + 1)
                        .append(label.isEmpty() ? "" : ": " + Markup.html(label)).append(" <span class=\"verdict ")
                        .append(r.passed() ? "pass\">PASS" : "fail\">FAIL").append("</span></h2>\n");
                run(h, r, 3, runs);
                h.append("</section>\n");
            }
        } else {
            h.append("<section>\n");
            run(h, runs.get(0), 2, runs);
            h.append("</section>\n");
        }
        h.append("<footer>Written by Kagami, a digital twin of OpenStack networking. The same results are in"
                + " report.json (everything), segments.csv (one row per segment) and junit.xml (the assertions).</footer>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static String description(ScenarioResult r) {
        return r.description() == null || r.description().isBlank() ? ""
                : "<p class=\"lead\">" + Markup.html(r.description()) + "</p>\n";
    }

    private static String sweepSummary(List<ScenarioResult> runs) {
        List<String> params = Parameters.keys(runs);
        Map<String, String> names = Parameters.shortNames(params);
        StringBuilder h = new StringBuilder("<h2>Summary</h2>\n<table class=\"summary\">\n<tr><th>run</th>");
        params.forEach(p -> h.append("<th title=\"").append(Markup.html(p)).append("\">").append(Markup.html(names.get(p))).append("</th>"));
        h.append("<th class=\"num\">p99 takeover</th><th class=\"num\">p99 outage</th>")
                .append("<th class=\"num\">assertions held</th><th>result</th></tr>\n");
        for (int i = 0; i < runs.size(); i++) {
            ScenarioResult r = runs.get(i);
            h.append("<tr><td><a href=\"#run-").append(i + 1).append("\">").append(i + 1).append("</a></td>");
            params.forEach(p -> h.append("<td>").append(Markup.html(r.parameters().containsKey(p)
                    ? Parameters.value(r.parameters().get(p)) : "\u2014")).append("</td>"));
            long held = r.assertions().stream().filter(AssertionResult::passed).count();
            h.append("<td class=\"num\">").append(Markup.html(Seconds.human(SummaryTable.p99(r, "takeover"), "\u2014")))
                    .append("</td><td class=\"num\">").append(Markup.html(Seconds.human(SummaryTable.p99(r, "outage"), "\u2014")))
                    .append("</td><td class=\"num\">").append(held).append(" of ").append(r.assertions().size())
                    .append("</td><td class=\"").append(r.passed() ? "pass\">PASS" : "fail\">FAIL").append("</td></tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    private static void run(StringBuilder h, ScenarioResult r, int level, List<ScenarioResult> runs) {
        facts(h, r, level, runs);
        assertions(h, r, level);
        timeline(h, r, level);
        distributions(h, r, level);
        slowest(h, r, level);
        load(h, r, level);
    }

    private static String heading(int level, String text) {
        return "<h" + level + ">" + Markup.html(text) + "</h" + level + ">\n";
    }

    private static void facts(StringBuilder h, ScenarioResult r, int level, List<ScenarioResult> runs) {
        h.append(heading(level, "Scenario"));
        h.append("<table class=\"facts\">\n");
        fact(h, "Scenario", Markup.html(r.scenario()));
        fact(h, "Description", r.description() == null ? "" : Markup.html(r.description()));
        if (r.parameters() != null && !r.parameters().isEmpty()) {
            StringBuilder p = new StringBuilder();
            for (String k : Parameters.keys(r.parameters())) {
                p.append(p.length() == 0 ? "" : "<br>").append("<code>").append(Markup.html(k)).append("</code> = ")
                        .append(Markup.html(Parameters.value(r.parameters().get(k))));
            }
            fact(h, "Parameters", p.toString());
        }
        fact(h, "Seed", Long.toString(r.seed()));
        fact(h, "Virtual duration", Markup.html(VirtualTime.format(r.duration())));
        long affected = r.segments().stream().filter(SegmentResult::affected).count();
        fact(h, "Segments", r.segments().size() + " (" + affected + " affected by a fault)");
        fact(h, "Last affected segment converged", r.lastConvergedAt() == null
                ? (affected > 0 ? "<span class=\"fail\">not all converged</span>" : "\u2014")
                : "at " + Markup.html(VirtualTime.format(r.lastConvergedAt())));
        fact(h, "Events handled", Long.toString(r.events()));
        fact(h, "Trace digest", "<code>" + Markup.html(r.digest()) + "</code>");
        h.append("</table>\n");
    }

    private static void fact(StringBuilder h, String name, String html) {
        h.append("<tr><th>").append(Markup.html(name)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private static void assertions(StringBuilder h, ScenarioResult r, int level) {
        h.append(heading(level, "Assertions"));
        if (r.assertions().isEmpty()) {
            h.append("<p class=\"muted\">The scenario makes no assertions.</p>\n");
            return;
        }
        h.append("<table>\n<tr><th>result</th><th>assertion</th><th class=\"num\">value</th><th>segments</th>")
                .append("<th>detail</th></tr>\n");
        for (AssertionResult a : r.assertions()) {
            String segments = "";
            if (EachAssertion.appliesTo(a)) {
                List<EachAssertion.Verdict> verdicts = EachAssertion.judge(a, r.segments());
                long failed = verdicts.stream().filter(v -> v.outcome() == EachAssertion.Outcome.FAILED).count();
                long held = verdicts.stream().filter(v -> v.outcome() == EachAssertion.Outcome.PASSED).count();
                long skipped = verdicts.size() - failed - held;
                segments = failed + " failed, " + held + " held" + (skipped > 0 ? ", " + skipped + " not applicable" : "");
            }
            h.append("<tr><td class=\"").append(a.passed() ? "pass\">PASS" : "fail\">FAIL").append("</td><td><code>")
                    .append(Markup.html(a.expression())).append("</code></td><td class=\"num\">")
                    .append(Markup.html(EachAssertion.format(a.measurement(), a.actual()))).append("</td><td>")
                    .append(Markup.html(segments)).append("</td><td>").append(Markup.html(a.message())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void timeline(StringBuilder h, ScenarioResult r, int level) {
        h.append(heading(level, "Timeline of faults and VRRP states"));
        if (r.timeline().isEmpty()) {
            h.append("<p class=\"muted\">No fault or state change was recorded.</p>\n");
            return;
        }
        h.append(TimelineSvg.legend());
        h.append(TimelineSvg.render(r));
        List<TimelineEvent> faults = TimelineSvg.faults(r);
        if (faults.isEmpty()) {
            h.append("<p class=\"muted\">No fault was injected.</p>\n");
            return;
        }
        h.append(heading(level + 1, "Faults"));
        h.append("<table>\n<tr><th class=\"num\">#</th><th class=\"num\">at</th><th>node</th><th>fault</th></tr>\n");
        for (int i = 0; i < faults.size(); i++) {
            TimelineEvent f = faults.get(i);
            h.append("<tr><td class=\"num\">").append(i + 1).append("</td><td class=\"num\">")
                    .append(Markup.html(VirtualTime.format(f.time()))).append("</td><td>").append(Markup.html(Objects.toString(f.node(), "")))
                    .append("</td><td>").append(Markup.html(f.text())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void distributions(StringBuilder h, ScenarioResult r, int level) {
        h.append(heading(level, "Distributions across segments"));
        if (r.distributions().isEmpty()) {
            h.append("<p class=\"muted\">Nothing was measured.</p>\n");
        } else {
            h.append("<table>\n<tr><th>measurement</th><th class=\"num\">segments with a value</th>");
            for (String s : List.of("min", "p50", "p95", "p99", "max")) {
                h.append("<th class=\"num\">").append(s).append("</th>");
            }
            h.append("</tr>\n");
            for (String k : Parameters.keys(r.distributions())) {
                Distribution d = r.distributions().get(k);
                h.append("<tr><td>").append(Markup.html(d.measurement())).append(unitNote(d.unit())).append("</td><td class=\"num\">")
                        .append(d.count()).append("</td>");
                for (long v : new long[] {d.min(), d.p50(), d.p95(), d.p99(), d.max()}) {
                    h.append("<td class=\"num\">").append(d.count() == 0 ? "\u2014" : Markup.html(value(v, d.unit()))).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<div class=\"charts\">\n");
        histogram(h, r, "takeover", SegmentResult::takeoverNs, "Takeover, fault to new master");
        histogram(h, r, "outage", SegmentResult::outageNs, "Outage, probe silent to answered");
        h.append("</div>\n");
    }

    private static String unitNote(String unit) {
        return unit == null || unit.isEmpty() || unit.equals("ns") ? "" : " <span class=\"muted\">(" + Markup.html(unit) + ")</span>";
    }

    private static String value(long v, String unit) {
        if ("ns".equals(unit)) {
            return VirtualTime.format(v);
        }
        return unit == null || unit.isEmpty() ? Long.toString(v) : v + " " + unit;
    }

    private static void histogram(StringBuilder h, ScenarioResult r, String measurement,
                                  Function<SegmentResult, Long> field, String title) {
        List<Long> values = r.segments().stream().map(field).filter(Objects::nonNull).toList();
        h.append("<div>\n");
        if (values.isEmpty()) {
            h.append("<p class=\"muted\">").append(Markup.html(title)).append(": no segment had one.</p>\n");
        } else {
            h.append(Charts.histogram(title + ": " + values.size() + (values.size() == 1 ? " segment" : " segments"),
                    values));
        }
        h.append("</div>\n");
    }

    private static void slowest(StringBuilder h, ScenarioResult r, int level) {
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < r.segments().size(); i++) {
            SegmentResult s = r.segments().get(i);
            if (s.affected() || s.outageNs() != null || s.takeoverNs() != null) {
                index.add(i);
            }
        }
        ToLongFunction<Integer> outage = i -> outageRank(r.segments().get(i));
        ToLongFunction<Integer> takeover = i -> takeoverRank(r.segments().get(i));
        index.sort(Comparator.comparingLong(outage).reversed().thenComparing(Comparator.comparingLong(takeover).reversed())
                .thenComparingInt(i -> i));
        h.append(heading(level, "Slowest segments"));
        if (index.isEmpty()) {
            h.append("<p class=\"muted\">No segment had an outage or a takeover.</p>\n");
            return;
        }
        int shown = Math.min(SLOWEST, index.size());
        h.append("<p class=\"muted\">").append(shown == index.size() ? "All " + shown : "The " + shown + " slowest of " + index.size())
                .append(" segments with an outage or a takeover, by outage, then takeover.</p>\n");
        h.append("<table class=\"slowest\">\n<tr><th class=\"num\">#</th><th>segment</th><th>router</th><th>master</th>")
                .append("<th class=\"num\">outage</th><th class=\"num\">takeover</th><th class=\"num\">probes lost</th>")
                .append("<th class=\"num\">flows broken</th><th class=\"num\">split brain</th>")
                .append("<th class=\"num\">agent report</th></tr>\n");
        for (int k = 0; k < shown; k++) {
            SegmentResult s = r.segments().get(index.get(k));
            String outageText = s.outageNs() != null ? Markup.html(VirtualTime.format(s.outageNs()))
                    : outageRank(s) == Long.MAX_VALUE ? "<span class=\"fail\">not recovered</span>" : "\u2014";
            String takeoverText = s.takeoverNs() != null ? Markup.html(VirtualTime.format(s.takeoverNs()))
                    : s.affected() ? "<span class=\"fail\">no takeover</span>" : "\u2014";
            h.append("<tr><td class=\"num\">").append(k + 1).append("</td><td>").append(Markup.html(s.segment())).append("</td><td>")
                    .append(Markup.html(Objects.toString(s.router(), ""))).append("</td><td>")
                    .append(Markup.html(Objects.toString(s.masterBefore(), "\u2014"))).append(" \u2192 ")
                    .append(Markup.html(Objects.toString(s.masterAfter(), "\u2014"))).append("</td><td class=\"num\">")
                    .append(outageText).append("</td><td class=\"num\">").append(takeoverText).append("</td><td class=\"num\">")
                    .append(s.probesLost()).append(" of ").append(s.probesSent()).append("</td><td class=\"num\">")
                    .append(s.flowsBroken()).append("</td><td class=\"num\">").append(Markup.html(VirtualTime.format(s.splitBrainNs())))
                    .append("</td><td class=\"num\">").append(Markup.html(Seconds.human(s.agentReportNs(), "\u2014")))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** An outage to rank by: a segment hit by a fault whose probe never answered again is the slowest of all. */
    private static long outageRank(SegmentResult s) {
        if (s.outageNs() != null) {
            return s.outageNs();
        }
        return s.affected() && s.probesSent() > 0 && s.convergedAtNs() == null ? Long.MAX_VALUE : -1;
    }

    private static long takeoverRank(SegmentResult s) {
        if (s.takeoverNs() != null) {
            return s.takeoverNs();
        }
        return s.affected() ? Long.MAX_VALUE : -1;
    }

    private static void load(StringBuilder h, ScenarioResult r, int level) {
        h.append(heading(level, "Network node load"));
        if (r.nodeLoad().isEmpty()) {
            h.append("<p class=\"muted\">No load was sampled.</p>\n");
            return;
        }
        long end = StateSpans.end(r);
        long maxMastered = 1;
        long maxQueued = 1;
        long maxConntrack = 1;
        for (NodeLoad n : r.nodeLoad()) {
            for (NodeLoad.Sample s : n.samples()) {
                maxMastered = Math.max(maxMastered, s.routersMastered());
                maxQueued = Math.max(maxQueued, s.l3Queued());
                maxConntrack = Math.max(maxConntrack, s.conntrackEntries());
            }
        }
        h.append("<p class=\"muted\">Sampled every virtual second; each column shares its scale across nodes.</p>\n");
        h.append("<table class=\"load\">\n<tr><th>node</th><th>routers mastered</th><th>L3 agent queue")
                .append(" (HA transitions waiting)</th><th>conntrack entries (router namespaces)</th><th>peaks</th></tr>\n");
        List<NodeLoad> nodes = new ArrayList<>(r.nodeLoad());
        nodes.sort(Comparator.comparing(NodeLoad::node, StateSpans.NATURAL));
        for (NodeLoad n : nodes) {
            List<Charts.Point> mastered = new ArrayList<>();
            List<Charts.Point> queued = new ArrayList<>();
            List<Charts.Point> conntrack = new ArrayList<>();
            int peakMastered = 0;
            int peakQueued = 0;
            long peakConntrack = 0;
            long packets = 0;
            for (NodeLoad.Sample s : n.samples()) {
                mastered.add(new Charts.Point(s.time(), s.routersMastered()));
                queued.add(new Charts.Point(s.time(), s.l3Queued()));
                conntrack.add(new Charts.Point(s.time(), s.conntrackEntries()));
                peakMastered = Math.max(peakMastered, s.routersMastered());
                peakQueued = Math.max(peakQueued, s.l3Queued());
                peakConntrack = Math.max(peakConntrack, s.conntrackEntries());
                packets = Math.max(packets, s.vrrpPackets());
            }
            h.append("<tr><td>").append(Markup.html(n.node())).append("</td><td>")
                    .append(Charts.line("routers mastered on " + n.node(), mastered, end, maxMastered)).append("</td><td>")
                    .append(Charts.line("L3 agent queue on " + n.node(), queued, end, maxQueued)).append("</td><td>")
                    .append(Charts.line("conntrack entries on " + n.node(), conntrack, end, maxConntrack))
                    .append("</td><td>").append(peakMastered).append(" routers mastered<br>").append(peakQueued)
                    .append(" transitions queued<br>").append(peakConntrack).append(" conntrack entries<br>")
                    .append(packets).append(" VRRP packets/s").append("</td></tr>\n");
        }
        h.append("</table>\n");
    }
}
