package io.kagami.scenario.report;

import io.kagami.scenario.result.Distribution;
import io.kagami.scenario.result.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The terminal's summary of a sweep: one line per run with its parameters, the p99 takeover and
 * outage in seconds, and whether its assertions held, in columns padded to a fixed width.
 *
 * <pre>
 * run  advert_int  priority  p99 takeover  p99 outage  result
 * 1    1s          100       3.401s        5.2s        PASS
 * 2    2s          100       6.9s          8.1s        FAIL
 * </pre>
 */
public final class SummaryTable {
    private SummaryTable() {}

    /** The table, one line per run after a header, each line ending in "\n". */
    public static String render(List<ScenarioResult> runs) {
        List<String> params = Parameters.keys(runs);
        Map<String, String> names = Parameters.shortNames(params);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("run");
        params.forEach(p -> header.add(names.get(p)));
        header.addAll(List.of("p99 takeover", "p99 outage", "result"));
        rows.add(header);
        for (int i = 0; i < runs.size(); i++) {
            ScenarioResult r = runs.get(i);
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(i + 1));
            params.forEach(p -> row.add(r.parameters().containsKey(p) ? Parameters.value(r.parameters().get(p)) : "-"));
            row.add(Seconds.human(p99(r, "takeover"), "-"));
            row.add(Seconds.human(p99(r, "outage"), "-"));
            row.add(r.passed() ? "PASS" : "FAIL");
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(row.get(c));
                if (c < row.size() - 1) {
                    line.append(" ".repeat(widths[c] - row.get(c).length() + 2));
                }
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** A run's p99 of a time measurement (ns), or null when no segment had a value. */
    static Long p99(ScenarioResult r, String measurement) {
        Distribution d = r.distributions().get(measurement);
        return d == null || d.count() == 0 ? null : d.p99();
    }
}
