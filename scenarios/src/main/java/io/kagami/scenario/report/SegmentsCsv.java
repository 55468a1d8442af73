package io.kagami.scenario.report;

import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.ArrayList;
import java.util.List;

/**
 * segments.csv: one row per segment (per run, in a sweep, with the sweep's parameters in the
 * first columns), RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, a
 * quote or a line break. Times are seconds (the unit is in the column's name); an empty cell means
 * "did not happen".
 */
final class SegmentsCsv {
    static final List<String> COLUMNS = List.of("segment", "router", "master_before", "master_after", "affected",
            "takeover_s", "outage_s", "probes_sent", "probes_lost", "split_brain_s", "agent_report_s",
            "flows_broken", "converged_at_s");

    private SegmentsCsv() {}

    static String render(List<ScenarioResult> runs) {
        List<String> params = Parameters.keys(runs);
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(params);
        header.addAll(COLUMNS);
        row(out, header);
        for (ScenarioResult r : runs) {
            for (SegmentResult s : r.segments()) {
                List<String> cells = new ArrayList<>();
                params.forEach(p -> cells.add(Parameters.value(r.parameters().get(p))));
                cells.add(text(s.segment()));
                cells.add(text(s.router()));
                cells.add(text(s.masterBefore()));
                cells.add(text(s.masterAfter()));
                cells.add(Boolean.toString(s.affected()));
                cells.add(Seconds.plain(s.takeoverNs()));
                cells.add(Seconds.plain(s.outageNs()));
                cells.add(Integer.toString(s.probesSent()));
                cells.add(Integer.toString(s.probesLost()));
                cells.add(Seconds.plain(s.splitBrainNs()));
                cells.add(Seconds.plain(s.agentReportNs()));
                cells.add(Integer.toString(s.flowsBroken()));
                cells.add(Seconds.plain(s.convergedAtNs()));
                row(out, cells);
            }
        }
        return out.toString();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\r') < 0 && cell.indexOf('\n') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
