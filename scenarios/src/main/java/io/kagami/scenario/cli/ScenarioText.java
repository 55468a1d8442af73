package io.kagami.scenario.cli;

import io.kagami.core.VirtualTime;
import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.Distribution;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.io.PrintWriter;

/** A scenario run's result for a person at a terminal: per segment, distributions, assertions. */
final class ScenarioText {
    private final PrintWriter out;

    ScenarioText(PrintWriter out) {
        this.out = out;
    }

    void print(ScenarioResult r) {
        out.printf("%s: %s%n", r.scenario(), r.description());
        out.printf("seed %d, %s of virtual time, %d events%n%n", r.seed(), VirtualTime.format(r.duration()), r.events());
        out.printf("%-9s %-21s %-13s %-13s %-6s %-12s %-13s %s%n", "router", "master before -> after", "takeover",
                "outage", "lost", "split brain", "agent report", "flows broken");
        for (SegmentResult s : r.segments()) {
            out.printf("%-9s %-21s %-13s %-13s %-6d %-12s %-13s %d%n", s.router(),
                    nullable(s.masterBefore()) + " -> " + nullable(s.masterAfter()), time(s.takeoverNs()),
                    time(s.outageNs()), s.probesLost(), VirtualTime.format(s.splitBrainNs()), time(s.agentReportNs()),
                    s.flowsBroken());
        }
        out.println();
        out.printf("%-13s %6s %13s %13s %13s %13s %13s%n", "across", "count", "min", "p50", "p95", "p99", "max");
        for (Distribution d : r.distributions().values()) {
            out.printf("%-13s %6d %13s %13s %13s %13s %13s%n", d.measurement(), d.count(), value(d, d.min()),
                    value(d, d.p50()), value(d, d.p95()), value(d, d.p99()), value(d, d.max()));
        }
        out.printf("last segment converged at %s%n", time(r.lastConvergedAt()));
        if (!r.assertions().isEmpty()) {
            out.println();
            for (AssertionResult a : r.assertions()) {
                out.printf("%s  %-28s %s%n", a.passed() ? "PASS" : "FAIL", a.expression(), a.message());
            }
        }
    }

    private static String nullable(String s) {
        return s == null ? "none" : s;
    }

    private static String time(Long ns) {
        return ns == null ? "-" : VirtualTime.format(ns);
    }

    private static String value(Distribution d, long v) {
        if (d.count() == 0) {
            return "-";
        }
        return d.unit().equals("ns") ? VirtualTime.format(v) : Long.toString(v);
    }
}
