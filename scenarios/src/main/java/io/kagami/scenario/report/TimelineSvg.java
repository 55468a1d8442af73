package io.kagami.scenario.report;

import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.TimelineEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeline of a run as an inline SVG: a time axis in virtual seconds, one lane per network
 * node with one row per router instance coloured by its VRRP state, and the faults as numbered
 * red markers (the numbers refer to the page's table of faults).
 */
final class TimelineSvg {
    static final int MAX_ROWS_PER_NODE = 40;
    static final List<String> STATES = List.of("MASTER", "BACKUP", "FAULT", "STOPPED");

    private static final double WIDTH = 1000;
    private static final double LEFT = 170;
    private static final double RIGHT = 20;
    private static final double TOP = 30;
    private static final double LANE_HEADER = 18;
    private static final double ROW = 11;
    private static final double LANE_GAP = 6;

    private TimelineSvg() {}

    /** The faults in time order, numbered from 1 as on the chart. */
    static List<TimelineEvent> faults(ScenarioResult r) {
        return r.timeline().stream().filter(e -> TimelineEvent.FAULT.equals(e.kind()))
                .sorted((a, b) -> Long.compare(a.time(), b.time())).toList();
    }

    static String render(ScenarioResult r) {
        List<StateSpans.Lane> lanes = StateSpans.lanes(r, MAX_ROWS_PER_NODE);
        List<TimelineEvent> faults = faults(r);
        long end = StateSpans.end(r);
        double plot = WIDTH - LEFT - RIGHT;
        double lanesHeight = 0;
        for (StateSpans.Lane lane : lanes) {
            lanesHeight += LANE_HEADER + ROW * (lane.rows().size() + notes(lane).size()) + LANE_GAP;
        }
        double bottom = TOP + lanesHeight;
        double height = bottom + 50;
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"timeline\" viewBox=\"0 0 ").append(Svg.n(WIDTH)).append(' ').append(Svg.n(height))
                .append("\" role=\"img\" aria-label=\"Timeline of faults and VRRP states\">\n");
        // time grid and axis
        long step = Svg.tickStep(end, 10);
        for (long k = 0; k <= end / step; k++) {
            long t = k * step;
            double x = x(t, end, plot);
            s.append(Svg.line(x, TOP - 4, x, bottom, "grid")).append('\n');
            s.append(Svg.text(x, bottom + 14, "middle", "axis", Svg.time(t))).append('\n');
        }
        s.append(Svg.line(LEFT, bottom, LEFT + plot, bottom, "axis-line")).append('\n');
        s.append(Svg.text(LEFT + plot / 2, bottom + 30, "middle", "axis", "virtual time (seconds)")).append('\n');
        // lanes
        double y = TOP;
        for (StateSpans.Lane lane : lanes) {
            s.append("<rect x=\"0\" y=\"").append(Svg.n(y)).append("\" width=\"").append(Svg.n(WIDTH - RIGHT))
                    .append("\" height=\"").append(Svg.n(LANE_HEADER - 2)).append("\" class=\"lane\"/>\n");
            s.append(Svg.text(6, y + 12, null, "node", lane.node())).append('\n');
            for (TimelineEvent f : lane.faults()) {
                double x = x(f.time(), end, plot);
                s.append("<path d=\"M").append(Svg.n(x)).append(' ').append(Svg.n(y + 2)).append("l5 6 -5 6 -5 -6z\" class=\"fault-mark\"><title>")
                        .append(Markup.html(Svg.time(f.time()) + " " + f.node() + ": " + f.text()))
                        .append("</title></path>\n");
            }
            y += LANE_HEADER;
            for (StateSpans.Row row : lane.rows()) {
                s.append(Svg.text(LEFT - 6, y + ROW - 2.5, "end", "instance", row.instance())).append('\n');
                for (StateSpans.Span span : row.spans()) {
                    double x0 = x(span.start(), end, plot);
                    double w = Math.max(0.8, x(span.end(), end, plot) - x0);
                    s.append("<rect x=\"").append(Svg.n(x0)).append("\" y=\"").append(Svg.n(y + 1)).append("\" width=\"")
                            .append(Svg.n(w)).append("\" height=\"").append(Svg.n(ROW - 2)).append("\" class=\"s-")
                            .append(span.state().toLowerCase()).append("\"><title>")
                            .append(Markup.html(row.instance() + " on " + lane.node() + ": " + span.state() + " from "
                                    + Svg.time(span.start()) + " to " + Svg.time(span.end())))
                            .append("</title></rect>\n");
                }
                y += ROW;
            }
            for (String note : notes(lane)) {
                s.append(Svg.text(LEFT + 4, y + ROW - 2.5, null, "instance", note)).append('\n');
                y += ROW;
            }
            y += LANE_GAP;
        }
        // faults over everything, numbered
        for (int i = 0; i < faults.size(); i++) {
            double x = x(faults.get(i).time(), end, plot);
            s.append(Svg.line(x, TOP - 8, x, bottom, "fault-line")).append('\n');
            s.append(Svg.text(x, TOP - 12, "middle", "fault-label", Integer.toString(i + 1))).append('\n');
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** What a lane leaves out, one line each. */
    private static List<String> notes(StateSpans.Lane lane) {
        List<String> notes = new ArrayList<>();
        if (lane.hidden() > 0) {
            notes.add("+" + lane.hidden() + " more routers not drawn");
        }
        if (!lane.shared().isEmpty()) {
            List<String> names = lane.shared();
            notes.add("not drawn: " + String.join(", ", names.subList(0, Math.min(8, names.size())))
                    + (names.size() > 8 ? " and " + (names.size() - 8) + " more" : "")
                    + " (each the name of several routers, of different projects, on this node)");
        }
        return notes;
    }

    /** The legend, as HTML next to the chart (it stays legible when the chart is scaled down). */
    static String legend() {
        StringBuilder s = new StringBuilder("<p class=\"legend\">");
        for (String state : STATES) {
            s.append("<span><svg width=\"14\" height=\"10\"><rect width=\"14\" height=\"10\" class=\"s-")
                    .append(state.toLowerCase()).append("\"/></svg> ").append(state).append("</span> ");
        }
        s.append("<span><svg width=\"14\" height=\"12\"><path d=\"M7 0l5 6 -5 6 -5 -6z\" class=\"fault-mark\"/></svg>"
                + " fault (numbered line: see the table of faults)</span></p>\n");
        return s.toString();
    }

    private static double x(long t, long end, double plot) {
        return LEFT + plot * Math.min(1.0, (double) t / end);
    }
}
