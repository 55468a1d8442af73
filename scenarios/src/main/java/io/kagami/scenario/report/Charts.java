package io.kagami.scenario.report;

import java.util.List;

/** The report's small charts as inline SVG: a histogram of per-segment times, and a load line over time. */
final class Charts {
    private Charts() {}

    /**
     * A histogram of times (ns), with at most about 20 bars of a round width in seconds, from the bar
     * holding the smallest value to the one holding the largest.
     */
    static String histogram(String title, List<Long> values) {
        double width = 470;
        double height = 190;
        double left = 40;
        double right = 12;
        double top = 24;
        double bottom = 36;
        long min = values.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        // bars no narrower than a fiftieth of the largest value (and 1ms): a few close values stay a few bars
        long bin = Svg.niceStep(Math.max(Math.max(1e6, max / 50.0), (max - min) / 20.0));
        long lo = Math.floorDiv(min, bin) * bin;
        int bins = (int) ((max - lo) / bin) + 1;
        int[] counts = new int[bins];
        for (long v : values) {
            counts[(int) ((v - lo) / bin)]++;
        }
        int most = 1;
        for (int c : counts) {
            most = Math.max(most, c);
        }
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        double barW = plotW / bins;
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" viewBox=\"0 0 ").append(Svg.n(width)).append(' ').append(Svg.n(height))
                .append("\" role=\"img\" aria-label=\"").append(Markup.html(title)).append("\">\n");
        s.append(Svg.text(left, 14, null, "chart-title", title)).append('\n');
        s.append(Svg.line(left, top + plotH, left + plotW, top + plotH, "axis-line")).append('\n');
        s.append(Svg.line(left, top, left, top + plotH, "axis-line")).append('\n');
        s.append(Svg.text(left - 4, top + 4, "end", "axis", Integer.toString(most))).append('\n');
        s.append(Svg.text(left - 4, top + plotH, "end", "axis", "0")).append('\n');
        s.append(Svg.text(12, top + plotH / 2, "middle", "axis", "segments")
                .replace("<text ", "<text transform=\"rotate(-90 12 " + Svg.n(top + plotH / 2) + ")\" ")).append('\n');
        for (int i = 0; i < bins; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double h = plotH * counts[i] / most;
            s.append("<rect x=\"").append(Svg.n(left + i * barW + 0.5)).append("\" y=\"").append(Svg.n(top + plotH - h))
                    .append("\" width=\"").append(Svg.n(Math.max(0.5, barW - 1))).append("\" height=\"").append(Svg.n(h))
                    .append("\" class=\"bar\"><title>").append(Markup.html(Svg.time(lo + i * bin) + " to "
                            + Svg.time(lo + (i + 1) * bin) + ": " + counts[i] + (counts[i] == 1 ? " segment" : " segments")))
                    .append("</title></rect>\n");
        }
        int every = Math.max(1, (int) Math.ceil(bins / 6.0));
        for (int i = 0; i <= bins; i += every) {
            double x = left + i * barW;
            s.append(Svg.line(x, top + plotH, x, top + plotH + 4, "axis-line")).append('\n');
            s.append(Svg.text(x, top + plotH + 16, "middle", "axis", Svg.time(lo + i * bin))).append('\n');
        }
        s.append(Svg.text(left + plotW / 2, height - 4, "middle", "axis",
                "virtual seconds, bars of " + Svg.time(bin))).append('\n');
        s.append("</svg>\n");
        return s.toString();
    }

    /** A point of a line chart: a time (ns) and a value. */
    record Point(long time, long value) {}

    /** A small line chart of one quantity over {@code [0, end]}, on a y axis from 0 to {@code yMax}. */
    static String line(String label, List<Point> points, long end, long yMax) {
        double width = 260; // three to a row of the node load table within the page's 1100px
        double height = 64;
        double left = 30;
        double right = 6;
        double top = 6;
        double bottom = 16;
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        long top1 = Math.max(1, yMax);
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"spark\" viewBox=\"0 0 ").append(Svg.n(width)).append(' ').append(Svg.n(height))
                .append("\" role=\"img\" aria-label=\"").append(Markup.html(label)).append("\">\n");
        s.append("<rect x=\"").append(Svg.n(left)).append("\" y=\"").append(Svg.n(top)).append("\" width=\"")
                .append(Svg.n(plotW)).append("\" height=\"").append(Svg.n(plotH)).append("\" class=\"plot\"/>\n");
        s.append(Svg.text(left - 3, top + 8, "end", "axis", Long.toString(top1))).append('\n');
        s.append(Svg.text(left - 3, top + plotH, "end", "axis", "0")).append('\n');
        s.append(Svg.text(left, height - 3, "start", "axis", "0s")).append('\n');
        s.append(Svg.text(left + plotW, height - 3, "end", "axis", Svg.time(end))).append('\n');
        if (!points.isEmpty()) {
            StringBuilder d = new StringBuilder();
            for (Point p : points) {
                double x = left + plotW * Math.min(1.0, (double) p.time() / Math.max(1, end));
                double y = top + plotH - plotH * Math.min(1.0, (double) p.value() / top1);
                d.append(d.length() == 0 ? "" : " ").append(Svg.n(x)).append(',').append(Svg.n(y));
            }
            s.append("<polyline points=\"").append(d).append("\" class=\"load\"><title>")
                    .append(Markup.html(label)).append("</title></polyline>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }
}
